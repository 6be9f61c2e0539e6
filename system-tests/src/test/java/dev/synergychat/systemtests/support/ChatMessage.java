package dev.synergychat.systemtests.support;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A chat message as api sends it.
 *
 * @param id api's id, increasing with every message
 * @param author who wrote it ({@code crawler-bot} for replies to {@code /stats})
 * @param text the text, verbatim
 * @param createdAt api's timestamp, ISO-8601
 */
public record ChatMessage(@JsonProperty("Id") long id, @JsonProperty("AuthorUsername") String author,
		@JsonProperty("Text") String text, @JsonProperty("CreatedAt") String createdAt) {

	public static final String BOT = "crawler-bot";

}
