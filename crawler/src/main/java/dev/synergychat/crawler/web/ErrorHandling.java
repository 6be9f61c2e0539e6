package dev.synergychat.crawler.web;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.synergychat.crawler.store.StoreUnavailableException;

/**
 * Turns every error into {@code {"error": "..."}}. Spring MVC's own errors (unknown path, wrong method,
 * unacceptable media type, ...) keep their status and message and only change shape.
 */
@RestControllerAdvice
class ErrorHandling extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ErrorHandling.class);

	/** Seconds a client should wait before asking again while the store is unreachable. */
	private static final String RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler
	ResponseEntity<ErrorBody> storeUnavailable(StoreUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.body(new ErrorBody("crawl results are unavailable right now: " + ex.getMessage()));
	}

	/**
	 * Tomcat reads the query string only when a parameter is first asked for, and fails then on a stray {@code %},
	 * an escape that is not UTF-8 or an empty name ({@code ?&&==}). Its message quotes the broken input, so the
	 * answer says what is wrong without it.
	 */
	@ExceptionHandler
	ResponseEntity<ErrorBody> unreadableParameters(InvalidParameterException ex) {
		return ResponseEntity.badRequest()
			.body(new ErrorBody("the query string cannot be read: it has a malformed %-escape, an escape that is not "
					+ "UTF-8 or a parameter without a name"));
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> unexpected(Exception ex) {
		logger.error("Request failed", ex);
		return ResponseEntity.internalServerError().body(new ErrorBody("internal error"));
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		String message = (body instanceof ProblemDetail problem && problem.getDetail() != null) ? problem.getDetail()
				: reasonPhrase(statusCode);
		return new ResponseEntity<>(new ErrorBody(message), headers, statusCode);
	}

	private static String reasonPhrase(HttpStatusCode statusCode) {
		HttpStatus status = HttpStatus.resolve(statusCode.value());
		return status != null ? status.getReasonPhrase() : "error " + statusCode.value();
	}

}
