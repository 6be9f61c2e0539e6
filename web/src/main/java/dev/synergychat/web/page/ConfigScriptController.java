package dev.synergychat.web.page;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@code config.js}, the page's settings. It is never cached, so a changed {@code API_URL} reaches browsers
 * on their next page load even though the page's other files are revalidated lazily.
 */
@RestController
class ConfigScriptController {

	static final String JAVASCRIPT = "text/javascript;charset=UTF-8";

	private final String script;

	ConfigScriptController(WebProperties properties) {
		this.script = ConfigScript.render(new ConfigScript.PageConfig(properties.apiUrl()));
	}

	@GetMapping(path = "/config.js", produces = JAVASCRIPT)
	ResponseEntity<String> configScript() {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.script);
	}

}
