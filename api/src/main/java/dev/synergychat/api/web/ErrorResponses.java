package dev.synergychat.api.web;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

import dev.synergychat.support.error.JsonErrorAdvice;

/**
 * The api's errors in the shared {@code {"error": "..."}} shape (see {@link JsonErrorAdvice}); the api's
 * {@link org.springframework.web.ErrorResponseException}s keep their status and headers, such as
 * {@code Retry-After}. What is the api's own: an unreadable message body is 413 when it is too large and otherwise
 * 400 naming what the JSON parser found wrong.
 */
@RestControllerAdvice
class ErrorResponses extends JsonErrorAdvice {

	private static final int MAX_REASON_LENGTH = 160;

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (isCausedByTooLargeBody(ex)) {
			return error(HttpStatus.CONTENT_TOO_LARGE, headers,
					"request body is larger than " + BodySizeLimitFilter.MAX_BODY_BYTES + " bytes");
		}
		Throwable cause = ex.getMostSpecificCause();
		String reason = (cause instanceof JacksonException json) ? json.getOriginalMessage() : cause.getMessage();
		return error(status, headers, "request body is not a valid JSON message: " + abbreviate(reason));
	}

	/** Parser messages quote the offending input, which may be most of a 64 KiB body. */
	private static String abbreviate(@Nullable String reason) {
		if (reason == null) {
			return "unreadable body";
		}
		return (reason.length() > MAX_REASON_LENGTH) ? reason.substring(0, MAX_REASON_LENGTH) + "..." : reason;
	}

	private static boolean isCausedByTooLargeBody(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodySizeLimitFilter.BodyTooLargeException) {
				return true;
			}
		}
		return false;
	}

}
