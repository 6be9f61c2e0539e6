package dev.synergychat.api.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS checks, with a refusal (a preflight asking for a method or header that is not allowed, an origin
 * outside {@code API_CORS_ALLOWED_ORIGINS}) answered like every other api error: 403 with {@link ErrorBody}, not
 * the plain text "Invalid CORS request".
 */
class JsonRejectingCorsProcessor extends DefaultCorsProcessor {

	private static final byte[] BODY = ("{\"error\":\"cross-origin request refused: its origin, method or headers "
			+ "are not allowed\"}")
		.getBytes(StandardCharsets.UTF_8);

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getBody().write(BODY);
		response.flush();
	}

}
