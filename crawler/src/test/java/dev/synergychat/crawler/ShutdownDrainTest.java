package dev.synergychat.crawler;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.synergychat.crawler.support.RunningCrawler;
import dev.synergychat.support.lifecycle.ShutdownDrain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crawler drains on shutdown the way every service does (the behaviour itself is tested once, in the support
 * module's {@code ShutdownDrainTest}): the drain is on, for the {@code SHUTDOWN_DRAIN} default of the crawler's
 * {@code application.yaml}.
 */
class ShutdownDrainTest {

	@Test
	void drainsForFiveSecondsByDefault() {
		try (RunningCrawler crawler = RunningCrawler.start(Map.of("crawler.books-url", "sample"))) {
			assertThat(crawler.bean(ShutdownDrain.class).drain()).isEqualTo(Duration.ofSeconds(5));
		}
	}

}
