package dev.synergychat.api.message;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The storage cannot be used right now. Answered with 503 and a {@code Retry-After}, because the condition is
 * expected to pass (a database restart, a full disk being cleaned).
 */
public class MessageStoreUnavailableException extends ErrorResponseException {

	static final String RETRY_AFTER_SECONDS = "5";

	public MessageStoreUnavailableException(String reason, @Nullable Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
						"message storage is unavailable, try again shortly: " + reason),
				cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
	}

}
