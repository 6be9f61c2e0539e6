package dev.synergychat.api.message;

import java.time.Instant;

/** A validated message that has no id yet: the store assigns ids in the order drafts are appended. */
public record MessageDraft(String authorUsername, String text, Instant createdAt) {

	Message withId(long id) {
		return new Message(id, this.authorUsername, this.text, this.createdAt);
	}

}
