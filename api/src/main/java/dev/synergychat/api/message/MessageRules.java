package dev.synergychat.api.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * What a new message must look like. Lengths are counted in Unicode code points, as PostgreSQL counts characters,
 * so an emoji is one character everywhere.
 */
final class MessageRules {

	static final int MAX_USERNAME_LENGTH = 64;

	static final int MAX_TEXT_LENGTH = 4_000;

	private MessageRules() {
	}

	/**
	 * Returns the draft for a valid message.
	 * @throws InvalidMessageException naming every broken rule
	 */
	static MessageDraft validate(NewMessage message, Instant now) {
		List<String> problems = new ArrayList<>();
		check("AuthorUsername", message.authorUsername(), MAX_USERNAME_LENGTH, problems);
		check("Text", message.text(), MAX_TEXT_LENGTH, problems);
		if (!problems.isEmpty()) {
			throw new InvalidMessageException(String.join("; ", problems));
		}
		return new MessageDraft(message.authorUsername(), message.text(), now);
	}

	private static void check(String field, @Nullable String value, int maxLength, List<String> problems) {
		if (value == null || value.isBlank()) {
			problems.add(field + " is required and must not be blank");
			return;
		}
		int length = value.codePointCount(0, value.length());
		if (length > maxLength) {
			problems.add(field + " must be at most " + maxLength + " characters, got " + length);
		}
		// PostgreSQL text cannot hold NUL, and a lone surrogate has no UTF-8 form: both would be silently changed.
		if (value.indexOf('\0') >= 0) {
			problems.add(field + " must not contain the NUL character");
		}
		if (hasLoneSurrogate(value)) {
			problems.add(field + " must be valid Unicode (it contains an unpaired surrogate)");
		}
	}

	private static boolean hasLoneSurrogate(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	/** A message that breaks a rule: answered with 400 and the rules it broke. */
	static final class InvalidMessageException extends ErrorResponseException {

		InvalidMessageException(String problems) {
			super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problems), null);
		}

	}

}
