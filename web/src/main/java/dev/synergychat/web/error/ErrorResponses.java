package dev.synergychat.web.error;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.synergychat.support.error.JsonErrorAdvice;

/**
 * Web's errors in the shared {@code {"error": "..."}} shape (see {@link JsonErrorAdvice}), with its own wording for
 * the two a browser or probe meets: a path web does not serve, and a method it does not accept.
 */
@RestControllerAdvice
class ErrorResponses extends JsonErrorAdvice {

	@Override
	protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return error(HttpStatus.NOT_FOUND, headers, "No such path: /" + ex.getResourcePath());
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
			HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		return error(HttpStatus.METHOD_NOT_ALLOWED, headers, "Method " + ex.getMethod()
				+ " is not allowed here; allowed: "
				+ headers.getAllow().stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", ")));
	}

}
