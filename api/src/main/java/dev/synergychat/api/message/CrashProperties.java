package dev.synergychat.api.message;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The crash switch of the course's self-healing exercise, apart from {@link dev.synergychat.api.ApiProperties}
 * because nothing but {@link ProfanityCrash} reads it.
 *
 * @param onProfanity {@code API_CRASH_ON_PROFANITY}: exit when a message contains one of the original's banned words
 */
@ConfigurationProperties("synergychat.api.crash")
record CrashProperties(boolean onProfanity) {
}
