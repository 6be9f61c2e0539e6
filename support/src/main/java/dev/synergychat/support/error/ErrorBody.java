package dev.synergychat.support.error;

/**
 * The body of every error response of every service: {@code {"error": "what is wrong"}}.
 *
 * @param error what went wrong, for a person reading it
 */
public record ErrorBody(String error) {
}
