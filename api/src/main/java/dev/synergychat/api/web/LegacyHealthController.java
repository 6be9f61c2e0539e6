package dev.synergychat.api.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /healthz}, kept for manifests written for the original service; new ones use {@code /health/*}. */
@RestController
class LegacyHealthController {

	@GetMapping("/healthz")
	String healthz() {
		return "OK";
	}

}
