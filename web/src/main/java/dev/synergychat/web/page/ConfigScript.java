package dev.synergychat.web.page;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the script that hands the page its settings, as a JSON object literal assigned to
 * {@code window.synergyChatConfig}.
 * <p>
 * The value comes from the environment, so it is encoded rather than pasted into JavaScript (the original
 * prepended {@code const apiUrl = '...'} to its script, which a quote in the value breaks). On top of JSON's own
 * escaping, {@code <}, {@code >}, {@code &} and every non-ASCII character are written as {@code \\uXXXX}: the script
 * then stays inert even if someone inlines it into HTML, and U+2028/U+2029, which older engines read as line ends
 * inside a string, cannot end the literal.
 */
final class ConfigScript {

	private static final JsonMapper JSON = JsonMapper
		.builder(JsonFactory.builder().characterEscapes(new HtmlSafeEscapes()).highestNonEscapedChar(0x7F).build())
		.build();

	private ConfigScript() {
	}

	static String render(PageConfig config) {
		return "window.synergyChatConfig = Object.freeze(" + JSON.writeValueAsString(config) + ");\n";
	}

	/**
	 * What the page reads from {@code window.synergyChatConfig}.
	 *
	 * @param apiUrl the base URL of api as the browser sees it
	 */
	record PageConfig(String apiUrl) {
	}

	private static final class HtmlSafeEscapes extends CharacterEscapes {

		private final int[] asciiEscapes;

		HtmlSafeEscapes() {
			this.asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
			for (char c : new char[] { '<', '>', '&', '\'' }) {
				this.asciiEscapes[c] = CharacterEscapes.ESCAPE_STANDARD;
			}
		}

		@Override
		public int[] getEscapeCodesForAscii() {
			return this.asciiEscapes;
		}

		@Override
		public @Nullable SerializableString getEscapeSequence(int ch) {
			// Only consulted for ESCAPE_CUSTOM, which this class never asks for.
			return null;
		}

	}

}
