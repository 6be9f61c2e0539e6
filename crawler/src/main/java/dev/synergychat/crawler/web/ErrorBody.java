package dev.synergychat.crawler.web;

/** @param error what went wrong, for a person reading it */
record ErrorBody(String error) {
}
