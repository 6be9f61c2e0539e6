package dev.synergychat.api.message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which posts the shortcut answers itself and which it hands on to Spring MVC, and with what. That both ways give the
 * same answers is {@code ApiServerTest}'s, on a real socket. The context is {@link MessageEndpointsTest}'s.
 */
@SpringBootTest(properties = "synergychat.api.rate-limit=100000")
@AutoConfigureMockMvc
class NewMessageShortcutTest {

	@Autowired
	NewMessageShortcut shortcut;

	@Autowired
	JsonMapper json;

	@Test
	void aPlainPostIsStoredAndAnsweredWithoutSpringMvc() throws Exception {
		Chain chain = new Chain();
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.shortcut.doFilter(post("application/json", "{\"AuthorUsername\":\"sam\",\"Text\":\"short\"}"), response,
				chain);

		assertThat(chain.request).as("Spring MVC's part").isNull();
		assertThat(response.getStatus()).isEqualTo(201);
		assertThat(response.getContentType()).isEqualTo("application/json");
		JsonNode page = this.json.readTree(response.getContentAsByteArray());
		assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
		assertThat(page.get(page.size() - 1).get("Text").asString()).isEqualTo("short");
		assertThat(page.get(page.size() - 1).get("AuthorUsername").asString()).isEqualTo("sam");
	}

	@Test
	void aMessageThatBreaksARuleIsAnsweredByTheErrorAdviceWithoutSpringMvc() throws Exception {
		Chain chain = new Chain();
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.shortcut.doFilter(post("application/json", "{\"AuthorUsername\":\"sam\"}"), response, chain);

		assertThat(chain.request).isNull();
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(this.json.readTree(response.getContentAsByteArray()).get("error").asString())
			.isEqualTo("Text is required and must not be blank");
	}

	@Test
	void aBodySpringMvcWouldRefuseGoesOnToItWithTheSameBytes() throws Exception {
		byte[] overlong = { '{', '"', 'T', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}' };
		for (byte[] body : new byte[][] { "{\"Text\":".getBytes(StandardCharsets.UTF_8),
				"null".getBytes(StandardCharsets.UTF_8), new byte[0], overlong }) {
			Chain chain = new Chain();
			MockHttpServletRequest request = post("application/json", "");
			request.setContent(body);
			MockHttpServletResponse response = new MockHttpServletResponse();

			this.shortcut.doFilter(request, response, chain);

			assertThat(chain.request).as(new String(body, StandardCharsets.UTF_8)).isNotNull();
			assertThat(chain.body).isEqualTo(body);
			assertThat(response.isCommitted()).isFalse();
		}
	}

	@Test
	void everyOtherRequestGoesOnToSpringMvcUnread() throws Exception {
		String body = "{\"AuthorUsername\":\"sam\",\"Text\":\"not here\"}";
		MockHttpServletRequest withCharset = post("application/json;charset=UTF-8", body);
		MockHttpServletRequest withQuery = post("application/json", body);
		withQuery.setQueryString("limit=5");
		MockHttpServletRequest html = post("application/json", body);
		html.addHeader("Accept", "text/html");
		MockHttpServletRequest text = post("text/plain", body);
		MockHttpServletRequest get = new MockHttpServletRequest("GET", "/messages/stream");
		for (MockHttpServletRequest request : new MockHttpServletRequest[] { withCharset, withQuery, html, text,
				get }) {
			Chain chain = new Chain();

			this.shortcut.doFilter(request, new MockHttpServletResponse(), chain);

			assertThat(chain.request).isSameAs(request);
		}
	}

	private static MockHttpServletRequest post(String contentType, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/messages");
		request.addHeader("Content-Type", contentType);
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		request.setRemoteAddr("192.0.2.30");
		return request;
	}

	/** Spring MVC's part of the chain: records the request it got and reads its body. */
	private static final class Chain implements FilterChain {

		@Nullable ServletRequest request;

		byte @Nullable [] body;

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException {
			this.request = request;
			this.body = request.getInputStream().readAllBytes();
		}

	}

}
