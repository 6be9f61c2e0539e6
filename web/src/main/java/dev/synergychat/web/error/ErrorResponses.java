package dev.synergychat.web.error;

import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers requests for paths web does not serve, or with methods it does not accept, with {@code {"error": "..."}}
 * like the other services, instead of Spring's default error body.
 */
@RestControllerAdvice
class ErrorResponses {

	@ExceptionHandler
	ResponseEntity<ErrorBody> notFound(NoResourceFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(new ErrorBody("No such path: /" + ex.getResourcePath()));
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException ex) {
		HttpHeaders headers = ex.getHeaders();
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.headers(headers)
			.body(new ErrorBody("Method " + ex.getMethod() + " is not allowed here; allowed: "
					+ headers.getAllow().stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "))));
	}

	/**
	 * The error body all SynergyChat services send.
	 *
	 * @param error what was wrong with the request
	 */
	record ErrorBody(String error) {
	}

}
