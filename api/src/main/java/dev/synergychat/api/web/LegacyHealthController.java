package dev.synergychat.api.web;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /healthz}, kept for manifests and scripts written for the original service, so it answers what the
 * original does: {@code {"status":"ok"}}. New manifests use {@code /health/*}.
 */
@RestController
class LegacyHealthController {

	private static final Map<String, String> OK = Map.of("status", "ok");

	@GetMapping(path = "/healthz", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> healthz() {
		return OK;
	}

}
