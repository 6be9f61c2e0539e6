package dev.synergychat.crawler.crawl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts, for each keyword, the lines that contain it, ignoring case. This is the original crawler's rule: a
 * line counts once however often the word appears in it, and the match is a substring match, so "love" also
 * counts "gloves" and "beloved".
 */
final class KeywordCounter {

	private KeywordCounter() {
	}

	/** @param keywords lower-case keywords, as configuration normalises them */
	static Map<String, Long> count(Reader text, List<String> keywords) throws IOException {
		long[] counts = new long[keywords.size()];
		BufferedReader lines = new BufferedReader(text);
		for (String line = lines.readLine(); line != null; line = lines.readLine()) {
			String lower = line.toLowerCase(Locale.ROOT);
			for (int i = 0; i < counts.length; i++) {
				if (lower.contains(keywords.get(i))) {
					counts[i]++;
				}
			}
		}
		Map<String, Long> result = new LinkedHashMap<>();
		for (int i = 0; i < counts.length; i++) {
			result.put(keywords.get(i), counts[i]);
		}
		return result;
	}

}
