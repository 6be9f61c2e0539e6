package dev.synergychat.crawler.store;

import java.util.Map;

/**
 * The result of counting one book: for each configured keyword, how many lines of its text contain it.
 *
 * @param id the book's id in the catalogue
 * @param title the book's title as the catalogue gives it
 * @param counts keyword to number of matching lines
 */
public record BookCounts(long id, String title, Map<String, Long> counts) {

	public BookCounts {
		counts = Map.copyOf(counts);
	}

}
