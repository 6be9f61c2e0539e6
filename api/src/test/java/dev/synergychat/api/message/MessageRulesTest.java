package dev.synergychat.api.message;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MessageRulesTest {

	private static final Instant NOW = Instant.parse("2026-11-22T03:15:00.123Z");

	@Test
	void validMessageBecomesDraftWithTheGivenTime() {
		MessageDraft draft = MessageRules.validate(new NewMessage("ann", "hi"), NOW);

		assertThat(draft).isEqualTo(new MessageDraft("ann", "hi", NOW));
	}

	@Test
	void missingAndBlankFieldsAreAllNamed() {
		assertThatExceptionOfType(MessageRules.InvalidMessageException.class)
			.isThrownBy(() -> MessageRules.validate(new NewMessage(null, " \t"), NOW))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).isEqualTo(
					"AuthorUsername is required and must not be blank; Text is required and must not be blank"));
	}

	@Test
	void usernameOf64EmojiIsAcceptedBecauseLengthCountsCharactersNotCodeUnits() {
		String username = "😀".repeat(64);

		assertThat(MessageRules.validate(new NewMessage(username, "hi"), NOW).authorUsername()).isEqualTo(username);
	}

	@Test
	void usernameOf65CharactersIsRejected() {
		assertThatExceptionOfType(MessageRules.InvalidMessageException.class)
			.isThrownBy(() -> MessageRules.validate(new NewMessage("a".repeat(65), "hi"), NOW))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail())
				.isEqualTo("AuthorUsername must be at most 64 characters, got 65"));
	}

	@Test
	void textOf4000CharactersIsAcceptedAnd4001IsRejected() {
		assertThat(MessageRules.validate(new NewMessage("ann", "x".repeat(4_000)), NOW).text()).hasSize(4_000);
		assertThatExceptionOfType(MessageRules.InvalidMessageException.class)
			.isThrownBy(() -> MessageRules.validate(new NewMessage("ann", "x".repeat(4_001)), NOW))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail())
				.isEqualTo("Text must be at most 4000 characters, got 4001"));
	}

	@Test
	void nulCharacterIsRejectedBecauseNoStoreCouldKeepItVerbatim() {
		assertThatExceptionOfType(MessageRules.InvalidMessageException.class)
			.isThrownBy(() -> MessageRules.validate(new NewMessage("ann", "a\0b"), NOW))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail())
				.isEqualTo("Text must not contain the NUL character"));
	}

	@Test
	void unpairedSurrogateIsRejected() {
		assertThatExceptionOfType(MessageRules.InvalidMessageException.class)
			.isThrownBy(() -> MessageRules.validate(new NewMessage("ann\uD800", "hi"), NOW))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail())
				.isEqualTo("AuthorUsername must be valid Unicode (it contains an unpaired surrogate)"));
	}

	@Test
	void sqlHtmlAndUnicodeTextIsKeptVerbatim() {
		String text = "'; DROP TABLE messages; -- <script>alert(1)</script> Grüße 你好 👩‍👩‍👧";

		assertThat(MessageRules.validate(new NewMessage("ann", text), NOW).text()).isEqualTo(text);
	}

}
