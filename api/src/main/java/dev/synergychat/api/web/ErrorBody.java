package dev.synergychat.api.web;

/** The body of every error response: {@code {"error": "what is wrong"}}. */
record ErrorBody(String error) {
}
