package dev.synergychat.support.stats;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of the crawler's {@code GET /stats} answer, with the original crawler's PascalCase field names: the
 * crawler writes it, the api reads it, and the tests of both (and the system tests) check it.
 *
 * @param keyword the counted keyword
 * @param bookTitle the book it was counted in
 * @param count lines of the book that contain the keyword
 */
public record KeywordCount(@JsonProperty("Keyword") String keyword, @JsonProperty("BookTitle") String bookTitle,
		@JsonProperty("Count") long count) {
}
