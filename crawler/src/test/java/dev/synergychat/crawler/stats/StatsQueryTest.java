package dev.synergychat.crawler.stats;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.synergychat.crawler.store.BookCounts;
import dev.synergychat.support.stats.KeywordCount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StatsQueryTest {

	private static final List<BookCounts> BOOKS = List.of(
			new BookCounts(1, "Pride and Prejudice", Map.of("love", 91L, "hate", 7L)),
			new BookCounts(2, "Frankenstein", Map.of("love", 40L, "hate", 22L)),
			new BookCounts(3, "The Prince and the Pauper", Map.of("love", 12L, "hate", 0L)));

	@Test
	void keepsOnlyTheListedKeywords() {
		assertThat(StatsQuery.parse("hate", null).apply(BOOKS)).containsExactly(
				new KeywordCount("hate", "Pride and Prejudice", 7), new KeywordCount("hate", "Frankenstein", 22));
	}

	@Test
	void keepsBooksWhoseTitleContainsTheFragmentIgnoringCase() {
		assertThat(StatsQuery.parse(null, "PRIDE").apply(BOOKS)).containsExactly(
				new KeywordCount("hate", "Pride and Prejudice", 7),
				new KeywordCount("love", "Pride and Prejudice", 91));
	}

	@Test
	void appliesKeywordAndTitleTogether() {
		assertThat(StatsQuery.parse("love", "prince").apply(BOOKS))
			.containsExactly(new KeywordCount("love", "The Prince and the Pauper", 12));
	}

	@Test
	void returnsEveryNonZeroCountByCountAscendingWithoutFilters() {
		assertThat(StatsQuery.parse(null, null).apply(BOOKS)).extracting(KeywordCount::count)
			.containsExactly(7L, 12L, 22L, 40L, 91L);
	}

	@Test
	void returnsNothingWhenNoKeywordMatches() {
		assertThat(StatsQuery.parse("surprise", null).apply(BOOKS)).isEmpty();
	}

	@Test
	void ignoresBlankFiltersBlankListEntriesAndKeywordCase() {
		assertThat(StatsQuery.parse(" , ,", "  ")).isEqualTo(new StatsQuery(Set.of(), ""));
		assertThat(StatsQuery.parse(" LOVE ,, hate ", null).keywords()).containsExactlyInAnyOrder("love", "hate");
	}

	@Test
	void rejectsATitleLongerThanAnyRealTitle() {
		assertThatIllegalArgumentException().isThrownBy(() -> StatsQuery.parse(null, "x".repeat(501)))
			.withMessage("title: at most 500 characters");
	}

	@Test
	void rejectsTooManyOrTooLongKeywords() {
		String many = String.join(",", IntStream.range(0, 101).mapToObj(i -> "k" + i).toList());
		assertThatIllegalArgumentException().isThrownBy(() -> StatsQuery.parse(many, null))
			.withMessage("keywords: at most 100 keywords");
		assertThatIllegalArgumentException().isThrownBy(() -> StatsQuery.parse("y".repeat(101), null))
			.withMessage("keywords: a keyword has at most 100 characters");
	}

}
