package dev.synergychat.api.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /messages}; fields are nullable because a client may leave them out. */
record NewMessage(@JsonProperty("AuthorUsername") @Nullable String authorUsername,
		@JsonProperty("Text") @Nullable String text) {
}
