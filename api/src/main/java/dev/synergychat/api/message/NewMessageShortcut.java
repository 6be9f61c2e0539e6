package dev.synergychat.api.message;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.synergychat.api.ratelimit.PostRateLimit;
import dev.synergychat.api.web.StrictUtf8;

/**
 * Takes the plainest {@code POST /messages} (a JSON body, no query, an {@code Accept} that takes JSON plainly) to
 * {@link MessageController#post} without Spring MVC's handler lookup, argument binding, content negotiation and
 * message converters, which cost a fifth of a post's CPU. It does what they would do for it, in their order: the
 * per-client limit ({@link PostRateLimit}), the body read under the size limit, strict UTF-8, Jackson with the same
 * mapper; then the controller answers. Errors the controller or the limit raise are answered by the same exception
 * handling Spring MVC uses (the error advice), so they read the same, status and headers included.
 * <p>
 * A body that is not valid UTF-8 or not a JSON message goes on to Spring MVC with the same bytes, which answers
 * with its 400 as for any other post. So do every other post to the path (a query, another {@code Content-Type} or
 * {@code Accept}, whose 415 and 406 are Spring MVC's) and what {@link BeforeSpringMvc} hands on.
 */
@Component
final class NewMessageShortcut extends BeforeSpringMvc {

	/** After the newest page's shortcut, which takes only GETs. */
	static final int ORDER = NewestPageShortcut.ORDER + 1;

	private final MessageController controller;

	private final PostRateLimit rateLimit;

	private final ObjectReader reader;

	private final HandlerExceptionResolver errors;

	NewMessageShortcut(MessageController controller, PostRateLimit rateLimit, JsonMapper json,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors,
			ApplicationAvailability availability) {
		super(availability, ORDER);
		this.controller = controller;
		this.rateLimit = rateLimit;
		this.reader = json.readerFor(NewMessage.class);
		this.errors = errors;
	}

	@Override
	protected boolean answered(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!isPlainPost(request)) {
			return false;
		}
		observeAsTheController(request);
		byte[] body;
		try {
			this.rateLimit.check(request);
			body = readBody(request);
		}
		catch (RuntimeException ex) {
			answerError(request, response, ex);
			return true;
		}
		NewMessage message = parse(body);
		if (message == null) {
			chain.doFilter(new ReplayedBody(request, body), response);
			return true;
		}
		ResponseEntity<byte[]> answer;
		try {
			answer = this.controller.post(message, MessageController.DEFAULT_LIMIT);
		}
		catch (RuntimeException ex) {
			answerError(request, response, ex);
			return true;
		}
		write(answer, response);
		return true;
	}

	private static boolean isPlainPost(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && PATH.equals(request.getRequestURI())
				&& request.getQueryString() == null
				&& MediaType.APPLICATION_JSON_VALUE.equals(request.getHeader(HttpHeaders.CONTENT_TYPE))
				&& acceptsJsonPlainly(request);
	}

	/** The body, as the controller's argument binding reads it: a failed read is its 400, or 413 when too large. */
	private static byte[] readBody(HttpServletRequest request) {
		try {
			return request.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			throw new HttpMessageNotReadableException("I/O error while reading input message", ex,
					new ServletServerHttpRequest(request));
		}
	}

	/** The message, or null when Spring MVC would refuse the body: it then answers with its own 400. */
	private @Nullable NewMessage parse(byte[] body) {
		if (!StrictUtf8.isValid(body)) {
			return null;
		}
		try {
			return this.reader.readValue(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private void answerError(HttpServletRequest request, HttpServletResponse response, RuntimeException ex) {
		if (this.errors.resolveException(request, response, null, ex) == null) {
			throw ex;
		}
	}

	private static void write(ResponseEntity<byte[]> answer, HttpServletResponse response) throws IOException {
		response.setStatus(answer.getStatusCode().value());
		answer.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		byte[] body = answer.getBody();
		if (body != null) {
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
	}

	/** The request with its body read already, handed on to Spring MVC to read again. */
	private static final class ReplayedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		ReplayedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already read");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(this.body),
					StandardCharsets.UTF_8));
		}

	}

}
