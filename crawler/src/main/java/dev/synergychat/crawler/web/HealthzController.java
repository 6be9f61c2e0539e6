package dev.synergychat.crawler.web;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The original's probe path, kept so manifests written for the original images still work. */
@RestController
class HealthzController {

	@GetMapping(path = "/healthz", produces = MediaType.TEXT_PLAIN_VALUE)
	String healthz() {
		return "OK";
	}

}
