package dev.synergychat.api.web;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into a status code and {@link ErrorBody}. Spring MVC's own errors (unknown path, wrong method,
 * wrong content type, unreadable body) and the api's {@link org.springframework.web.ErrorResponseException}s keep
 * their status and headers (such as {@code Retry-After}); only the body changes shape.
 */
@RestControllerAdvice
class ApiErrorHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

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

	/**
	 * Tomcat reads the query string only when a parameter is first asked for, and fails then on a stray {@code %},
	 * an escape that is not UTF-8 or an empty name ({@code ?&&==}). Its message quotes the broken input, so the
	 * answer says what is wrong without it.
	 */
	@ExceptionHandler
	ResponseEntity<Object> handleUnreadableParameters(InvalidParameterException ex) {
		return error(HttpStatus.BAD_REQUEST, new HttpHeaders(), "the query string cannot be read: it has a malformed "
				+ "%-escape, an escape that is not UTF-8 or a parameter without a name");
	}

	@ExceptionHandler
	ResponseEntity<Object> handleUnexpected(Exception ex) {
		log.error("Request failed", ex);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(), "internal error");
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		String detail = (body instanceof ProblemDetail problem && problem.getDetail() != null) ? problem.getDetail()
				: HttpStatus.valueOf(statusCode.value()).getReasonPhrase();
		return error(statusCode, headers, detail);
	}

	private static ResponseEntity<Object> error(HttpStatusCode status, HttpHeaders headers, String message) {
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ErrorBody(message));
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
