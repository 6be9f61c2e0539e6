package dev.synergychat.crawler.stats;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of {@code GET /stats}, with the original crawler's PascalCase field names.
 *
 * @param keyword the counted keyword
 * @param bookTitle the book it was counted in
 * @param count lines of the book that contain the keyword
 */
record KeywordStat(@JsonProperty("Keyword") String keyword, @JsonProperty("BookTitle") String bookTitle,
		@JsonProperty("Count") long count) {
}
