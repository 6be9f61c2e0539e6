package dev.synergychat.support.error;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What every service's {@code ErrorResponses} advice extends: every error becomes a status code and an
 * {@link ErrorBody}. Spring MVC's own errors (unknown path, wrong method, wrong content type, unreadable body) and
 * {@link org.springframework.web.ErrorResponseException}s keep their status and headers (such as
 * {@code Retry-After}) and only change shape; anything unexpected is logged and answered 500 without details.
 * A service adds {@code @ExceptionHandler}s for its own exceptions, or overrides a {@code handle...} method to
 * word one of Spring's errors its own way.
 */
public abstract class JsonErrorAdvice extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(JsonErrorAdvice.class);

	/**
	 * Tomcat reads the query string only when a parameter is first asked for, and fails then on a stray {@code %},
	 * an escape that is not UTF-8 or an empty name ({@code ?&&==}). Its message quotes the broken input, so the
	 * answer says what is wrong without it.
	 */
	@ExceptionHandler
	protected ResponseEntity<Object> handleUnreadableParameters(InvalidParameterException ex) {
		return error(HttpStatus.BAD_REQUEST, new HttpHeaders(), "the query string cannot be read: it has a malformed "
				+ "%-escape, an escape that is not UTF-8 or a parameter without a name");
	}

	@ExceptionHandler
	protected ResponseEntity<Object> handleUnexpected(Exception ex) {
		logger.error("Request failed", ex);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(), "internal error");
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		String detail = (body instanceof ProblemDetail problem && problem.getDetail() != null) ? problem.getDetail()
				: reasonPhrase(statusCode);
		return error(statusCode, headers, detail);
	}

	/** An {@link ErrorBody} response, always JSON whatever the client asked for. */
	protected static ResponseEntity<Object> error(HttpStatusCode status, HttpHeaders headers, String message) {
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ErrorBody(message));
	}

	private static String reasonPhrase(HttpStatusCode statusCode) {
		HttpStatus status = HttpStatus.resolve(statusCode.value());
		return (status != null) ? status.getReasonPhrase() : "error " + statusCode.value();
	}

}
