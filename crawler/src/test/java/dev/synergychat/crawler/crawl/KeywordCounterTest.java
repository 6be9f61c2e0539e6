package dev.synergychat.crawler.crawl;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordCounterTest {

	@Test
	void countsLinesContainingEachKeywordIgnoringCase() throws IOException {
		String text = "Love and JOY\nno match here\nlove, love, love\nJoy\n";

		assertThat(KeywordCounter.count(new StringReader(text), List.of("love", "joy", "fear")))
			.containsExactly(entry("love", 2L), entry("joy", 2L), entry("fear", 0L));
	}

	@Test
	void countsALineOnceHoweverOftenTheKeywordAppearsInIt() throws IOException {
		assertThat(KeywordCounter.count(new StringReader("fear fear fear\n"), List.of("fear")))
			.containsEntry("fear", 1L);
	}

	@Test
	void matchesKeywordsInsideLongerWordsAsTheOriginalDid() throws IOException {
		assertThat(KeywordCounter.count(new StringReader("gloves\nbeloved\nlove\n"), List.of("love")))
			.containsEntry("love", 3L);
	}

	@Test
	void countsTheLastLineWithoutANewlineAndHandlesWindowsLineEnds() throws IOException {
		assertThat(KeywordCounter.count(new StringReader("hate\r\nhate\r\nhate"), List.of("hate")))
			.containsEntry("hate", 3L);
	}

	@Test
	void countsNothingInAnEmptyText() throws IOException {
		assertThat(KeywordCounter.count(new StringReader(""), List.of("love"))).containsEntry("love", 0L);
	}

	private static Map.Entry<String, Long> entry(String keyword, long count) {
		return Map.entry(keyword, count);
	}

}
