package dev.synergychat.api.message;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /messages}; fields are nullable because a client may leave them out. Keys match without
 * regard to case, as Go's JSON decoder in the original does, so clients written for it ({@code authorUsername},
 * {@code text}) keep working.
 */
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
record NewMessage(@JsonProperty("AuthorUsername") @Nullable String authorUsername,
		@JsonProperty("Text") @Nullable String text) {
}
