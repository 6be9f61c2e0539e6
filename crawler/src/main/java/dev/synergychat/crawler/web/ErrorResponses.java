package dev.synergychat.crawler.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.synergychat.crawler.store.StoreUnavailableException;
import dev.synergychat.support.error.JsonErrorAdvice;

/**
 * The crawler's errors in the shared {@code {"error": "..."}} shape (see {@link JsonErrorAdvice}). What is the
 * crawler's own: while the store is unreachable, {@code /stats} answers 503 with a {@code Retry-After}.
 */
@RestControllerAdvice
class ErrorResponses extends JsonErrorAdvice {

	/** Seconds a client should wait before asking again while the store is unreachable. */
	private static final String RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler
	ResponseEntity<Object> storeUnavailable(StoreUnavailableException ex) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return error(HttpStatus.SERVICE_UNAVAILABLE, headers,
				"crawl results are unavailable right now: " + ex.getMessage());
	}

}
