package dev.synergychat.crawler.web;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original's probe path, kept so manifests and scripts written for the original images still work, with the
 * original's answer {@code {"status":"ok"}}.
 */
@RestController
class HealthzController {

	private static final Map<String, String> OK = Map.of("status", "ok");

	@GetMapping(path = "/healthz", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> healthz() {
		return OK;
	}

}
