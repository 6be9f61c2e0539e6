package dev.synergychat.api.message;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The original api exits when a message contains "darn", "heck" or "fetch"; the course uses that to watch Kubernetes
 * restart a crashed container. Here it happens only with {@code API_CRASH_ON_PROFANITY=true}; otherwise those words
 * are ordinary text. The words match whole and in any case ("Darn!" does, "fetched" and "check" do not).
 */
@Component
class ProfanityCrash {

	private static final Logger log = LoggerFactory.getLogger(ProfanityCrash.class);

	private static final Pattern WORDS = Pattern.compile("\\b(darn|heck|fetch)\\b",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

	static final int EXIT_STATUS = 1;

	private final boolean enabled;

	ProfanityCrash(CrashProperties properties) {
		this.enabled = properties.onProfanity();
		if (this.enabled) {
			log.warn("API_CRASH_ON_PROFANITY is on: a message containing darn, heck or fetch makes the api exit "
					+ "with status {} without storing it (for the course's self-healing exercise)", EXIT_STATUS);
		}
	}

	/** Exits the process, before the message is stored, when the switch is on and the text has a banned word. */
	void crashIfBanned(String text) {
		if (!this.enabled) {
			return;
		}
		Optional<String> word = bannedWord(text);
		if (word.isPresent()) {
			log.error("Exiting with status {}: a message contains \"{}\" and API_CRASH_ON_PROFANITY is on; the message "
					+ "is not stored", EXIT_STATUS, word.get());
			// halt, not exit: a crash, as in the original. System.exit would run the graceful shutdown, which drains
			// for SHUTDOWN_DRAIN and then waits for requests in flight, this one among them. Nothing is half-written:
			// every store makes an append whole or not at all.
			Runtime.getRuntime().halt(EXIT_STATUS);
		}
	}

	static Optional<String> bannedWord(String text) {
		Matcher matcher = WORDS.matcher(text);
		return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
	}

}
