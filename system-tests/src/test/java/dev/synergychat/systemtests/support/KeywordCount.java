package dev.synergychat.systemtests.support;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of crawler's {@code /stats} answer.
 *
 * @param keyword the keyword counted
 * @param bookTitle the book it was counted in
 * @param count lines of that book that contain the keyword
 */
public record KeywordCount(@JsonProperty("Keyword") String keyword, @JsonProperty("BookTitle") String bookTitle,
		@JsonProperty("Count") long count) {

}
