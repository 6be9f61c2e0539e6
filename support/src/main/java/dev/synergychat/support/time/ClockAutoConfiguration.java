package dev.synergychat.support.time;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The one source of the current time in every service. Code that stamps or windows by time takes this
 * {@link Clock} instead of calling {@code Instant.now()}, so a test can declare its own {@code Clock} bean and move
 * time rather than sleep past it.
 */
@AutoConfiguration
public final class ClockAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
