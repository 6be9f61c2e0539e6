/**
 * Test helpers: a Gutendex-compatible book server, a launcher for whole crawler instances on random ports, and
 * the Redis the Redis tests run against.
 */
package dev.synergychat.crawler.support;
