package dev.synergychat.crawler.stats;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.synergychat.crawler.store.BookCounts;
import dev.synergychat.support.stats.KeywordCount;

/**
 * The filters of {@code GET /stats}. {@code keywords} keeps rows whose keyword is one of the listed ones (exact
 * match, ignoring case because keywords are counted ignoring case); {@code title} keeps books whose title
 * contains it, ignoring case. A missing or blank filter, or blank entries in the list, filter nothing, the way
 * the original ignored them. Only books where a keyword occurs are listed.
 *
 * @param keywords lower-case keywords to keep; empty keeps all
 * @param title lower-case title fragment; empty keeps all
 */
record StatsQuery(Set<String> keywords, String title) {

	static final int MAX_KEYWORDS = 100;

	static final int MAX_KEYWORD_LENGTH = 100;

	static final int MAX_TITLE_LENGTH = 500;

	private static final Comparator<KeywordCount> ORDER = Comparator.comparingLong(KeywordCount::count)
		.thenComparing(KeywordCount::bookTitle)
		.thenComparing(KeywordCount::keyword);

	/**
	 * @param keywords comma-separated keywords, or {@code null}
	 * @param title a title fragment, or {@code null}
	 * @throws IllegalArgumentException when a parameter is larger than any real query, with a message that
	 *     says which one and the limit
	 */
	static StatsQuery parse(@Nullable String keywords, @Nullable String title) {
		Set<String> keywordSet = keywords == null ? Set.of()
				: Arrays.stream(keywords.split(","))
					.map(keyword -> keyword.strip().toLowerCase(Locale.ROOT))
					.filter(keyword -> !keyword.isEmpty())
					.collect(Collectors.toUnmodifiableSet());
		if (keywordSet.size() > MAX_KEYWORDS) {
			throw new IllegalArgumentException("keywords: at most " + MAX_KEYWORDS + " keywords");
		}
		if (keywordSet.stream().anyMatch(keyword -> keyword.length() > MAX_KEYWORD_LENGTH)) {
			throw new IllegalArgumentException("keywords: a keyword has at most " + MAX_KEYWORD_LENGTH + " characters");
		}
		String titleFragment = title == null ? "" : title.strip().toLowerCase(Locale.ROOT);
		if (titleFragment.length() > MAX_TITLE_LENGTH) {
			throw new IllegalArgumentException("title: at most " + MAX_TITLE_LENGTH + " characters");
		}
		return new StatsQuery(keywordSet, titleFragment);
	}

	/** The rows of {@code books} that pass the filters, by count ascending (then title, then keyword). */
	List<KeywordCount> apply(Collection<BookCounts> books) {
		return books.stream()
			.filter(book -> book.title().toLowerCase(Locale.ROOT).contains(this.title))
			.flatMap(book -> book.counts()
				.entrySet()
				.stream()
				.filter(count -> count.getValue() > 0)
				.filter(count -> this.keywords.isEmpty() || this.keywords.contains(count.getKey()))
				.map(count -> new KeywordCount(count.getKey(), book.title(), count.getValue())))
			.sorted(ORDER)
			.toList();
	}

}
