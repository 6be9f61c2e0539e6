package dev.synergychat.api.message;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A stored chat message. The JSON names are the original service's PascalCase ones; the timestamp always carries
 * milliseconds so every client can parse it the same way.
 */
public record Message(@JsonProperty("Id") long id, @JsonProperty("AuthorUsername") String authorUsername,
		@JsonProperty("Text") String text,
		@JsonProperty("CreatedAt") @JsonFormat(shape = JsonFormat.Shape.STRING,
				pattern = "yyyy-MM-dd'T'HH:mm:ss.SSSX", timezone = "UTC") Instant createdAt) {
}
