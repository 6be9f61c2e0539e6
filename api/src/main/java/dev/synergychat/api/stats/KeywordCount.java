package dev.synergychat.api.stats;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One row of the crawler's {@code /stats} answer. */
record KeywordCount(@JsonProperty("Keyword") String keyword, @JsonProperty("BookTitle") String bookTitle,
		@JsonProperty("Count") long count) {
}
