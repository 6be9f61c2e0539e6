package dev.synergychat.api.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code /stats} command: {@code /stats keywords=love,hate title=pride}. Both filters are optional; words
 * that are neither are ignored rather than rejected, as in the original service.
 *
 * @param keywords lower-case keywords to ask for; empty means all of them
 * @param title part of a book title to filter by, or null for every book
 */
public record StatsCommand(List<String> keywords, @Nullable String title) {

	private static final String COMMAND = "/stats";

	/** The command in {@code text}, or empty when the text is an ordinary message. */
	public static Optional<StatsCommand> parse(String text) {
		String[] words = text.strip().split("\\s+");
		if (!words[0].equals(COMMAND)) {
			return Optional.empty();
		}
		List<String> keywords = List.of();
		String title = null;
		for (String word : words) {
			if (word.startsWith("keywords=")) {
				keywords = Arrays.stream(word.substring("keywords=".length()).split(","))
					.map(String::strip)
					.filter((keyword) -> !keyword.isEmpty())
					.map((keyword) -> keyword.toLowerCase(Locale.ROOT))
					.distinct()
					.toList();
			}
			else if (word.startsWith("title=") && word.length() > "title=".length()) {
				title = word.substring("title=".length());
			}
		}
		return Optional.of(new StatsCommand(keywords, title));
	}

}
