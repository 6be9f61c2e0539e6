package dev.synergychat.web.error;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole application (with a mock servlet environment) so the 405 case hits a real controller.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ErrorResponsesTest {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void unknownPathIs404WithJsonErrorNamingThePath() {
		assertThat(this.mvc.get().uri("/no/such/page").accept(MediaType.TEXT_HTML, MediaType.ALL).exchange())
			.hasStatus(404)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("{\"error\": \"No such path: /no/such/page\"}");
	}

	@Test
	void postToTheConfigScriptIs405WithJsonErrorAndAllowHeader() {
		assertThat(this.mvc.post().uri("/config.js").exchange()).hasStatus(405)
			.hasHeader("Allow", "GET")
			.bodyJson()
			.isStrictlyEqualTo("{\"error\": \"Method POST is not allowed here; allowed: GET\"}");
	}

}
