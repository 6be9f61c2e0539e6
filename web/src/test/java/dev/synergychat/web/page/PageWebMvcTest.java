package dev.synergychat.web.page;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@EnableConfigurationProperties(WebProperties.class)
// Only the page's own controller: the probe controller needs the actuator, which a web slice leaves out.
@WebMvcTest(controllers = ConfigScriptController.class,
		properties = "synergychat.web.api-url=http://api.example.test:8081/")
class PageWebMvcTest {

	private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>");

	private static final Pattern INLINE_STYLE_OR_HANDLER = Pattern.compile("<style|\\sstyle=|\\son[a-z]+=");

	@Autowired
	private MockMvcTester mvc;

	@Test
	void rootIsTheWelcomePage() {
		assertThat(this.mvc.get().uri("/").exchange()).hasStatusOk().hasForwardedUrl("index.html");
	}

	@Test
	void pageLoadsConfigBeforeAppAndKeepsTheStatsHelp() throws Exception {
		MvcTestResult result = this.mvc.get().uri("/index.html").exchange();

		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith("text/html");
		String html = result.getResponse().getContentAsString();
		assertThat(html).contains("<title>SynergyChat</title>", "<form id=\"message-form\"", "/stats keywords=");
		assertThat(html.indexOf("src=\"config.js\"")).isPositive().isLessThan(html.indexOf("src=\"app.js\""));
	}

	@Test
	void pageHasNoInlineScriptsStylesOrEventHandlersSoItRunsUnderTheContentSecurityPolicy() throws Exception {
		String html = this.mvc.get().uri("/index.html").exchange().getResponse().getContentAsString();

		assertThat(INLINE_SCRIPT.matcher(html).find()).as("inline <script> in %s", html).isFalse();
		assertThat(INLINE_STYLE_OR_HANDLER.matcher(html).find()).as("inline style or on* handler").isFalse();
	}

	@Test
	void pageIsSentWithAPolicyThatAllowsOnlyItsOwnFilesAndApisOrigin() {
		assertThat(this.mvc.get().uri("/").exchange()).headers()
			.hasValue("Content-Security-Policy",
					"default-src 'self'; connect-src 'self' http://api.example.test:8081; object-src 'none'; "
							+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
			.hasValue("X-Content-Type-Options", "nosniff");
	}

	@Test
	void configScriptCarriesApiUrlAndIsNeverCached() throws Exception {
		MvcTestResult result = this.mvc.get().uri("/config.js").exchange();

		assertThat(result).hasStatusOk()
			.hasContentType("text/javascript;charset=UTF-8")
			.hasHeader("Cache-Control", "no-store");
		assertThat(ConfigScriptTest.objectLiteralOf(result.getResponse().getContentAsString()))
			.containsEntry("apiUrl", "http://api.example.test:8081/");
	}

	@ParameterizedTest
	@CsvSource({ "/app.js, text/javascript, 'const messagesUrl = joinUrl(apiUrl, ''messages'');'",
			"/styles.css, text/css, .message .text", "/favicon.svg, image/svg+xml, <svg",
			"/index.html, text/html, <title>SynergyChat</title>" })
	void staticFilesAreServedWithTheirTypeAndRevalidatedOnEachUse(String path, String type, String excerpt)
			throws Exception {
		MvcTestResult result = this.mvc.get().uri(path).exchange();

		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(type).hasHeader("Cache-Control", "no-cache");
		assertThat(result.getResponse().getHeader("Last-Modified")).isNotBlank();
		assertThat(result.getResponse().getContentAsString()).contains(excerpt);
	}

	@Test
	void pageNeverRendersMessagesAsHtml() throws Exception {
		String script = this.mvc.get().uri("/app.js").exchange().getResponse().getContentAsString();

		assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")
			.contains("author.textContent = message.AuthorUsername;", "text.textContent = message.Text;");
	}

}
