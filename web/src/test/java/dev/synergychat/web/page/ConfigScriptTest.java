package dev.synergychat.web.page;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigScriptTest {

	static final String PREFIX = "window.synergyChatConfig = Object.freeze(";

	static final String SUFFIX = ");\n";

	private static final JsonMapper STRICT_JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/**
	 * Reads the object literal back out of a rendered script, failing if anything but exactly one JSON object sits
	 * between the fixed prefix and suffix: a value that ended the string early would leave trailing tokens.
	 */
	static Map<String, Object> objectLiteralOf(String script) {
		assertThat(script).startsWith(PREFIX).endsWith(SUFFIX);
		String literal = script.substring(PREFIX.length(), script.length() - SUFFIX.length());
		return STRICT_JSON.readValue(literal, new TypeReference<Map<String, Object>>() {
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8081", "/api", "/api'); alert(1); ('", "/api\"; alert(1); \"",
			"/api</script><script>alert(1)</script>", "/api\\\"); alert(1); //", "/api\\", "/räksmörgås/☃/😀",
			"/api\u2028alert(1)\u2029", "/api\n\r\talert(1)", "/api<!--", "/api&amp;" })
	void apiUrlSurvivesTheRoundTripVerbatim(String apiUrl) {
		String script = ConfigScript.render(new ConfigScript.PageConfig(apiUrl));

		assertThat(objectLiteralOf(script)).containsExactly(Map.entry("apiUrl", apiUrl));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api</script><script>alert(1)</script>", "/api<!--", "/api&amp;'",
			"/räksmörgås/☃/😀", "/api\u2028\u2029" })
	void markupCharactersAndNonAsciiAreWrittenAsUnicodeEscapes(String apiUrl) {
		String script = ConfigScript.render(new ConfigScript.PageConfig(apiUrl));

		assertThat(script).doesNotContain("<", ">", "&", "'").matches("\\p{ASCII}*");
	}

	@Test
	void scriptIsOneFrozenAssignmentWithTheValueEscaped() {
		String script = ConfigScript.render(new ConfigScript.PageConfig("/api</script>"));

		assertThat(script)
			.isEqualTo("window.synergyChatConfig = Object.freeze({\"apiUrl\":\"/api\\u003C/script\\u003E\"});\n");
	}

}
