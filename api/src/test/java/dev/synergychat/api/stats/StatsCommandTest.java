package dev.synergychat.api.stats;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatsCommandTest {

	@Test
	void ordinaryTextIsNoCommand() {
		assertThat(StatsCommand.parse("hello /stats")).isEmpty();
		assertThat(StatsCommand.parse("/statistics")).isEmpty();
	}

	@Test
	void bareCommandAsksForEverything() {
		assertThat(StatsCommand.parse("  /stats ")).contains(new StatsCommand(List.of(), null));
	}

	@Test
	void keywordsAreSplitTrimmedLowerCasedAndDeduplicated() {
		assertThat(StatsCommand.parse("/stats keywords=Love,,hate, ,love"))
			.contains(new StatsCommand(List.of("love", "hate"), null));
	}

	@Test
	void titleIsTakenVerbatimInAnyOrder() {
		assertThat(StatsCommand.parse("/stats title=Pride keywords=joy"))
			.contains(new StatsCommand(List.of("joy"), "Pride"));
	}

	@Test
	void unparseableWordsAndEmptyValuesAreIgnored() {
		assertThat(StatsCommand.parse("/stats please keywords= title= =x"))
			.contains(new StatsCommand(List.of(), null));
	}

}
