package dev.synergychat.crawler;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.synergychat.crawler.support.RunningCrawler;
import dev.synergychat.support.lifecycle.ShutdownDrain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crawler drains on shutdown the way every service does: the support module's drain is switched on and reads
 * {@code synergychat.shutdown.drain}. The drain itself is tested once, in the support module's
 * {@code ShutdownDrainTest}; the tests' own {@code config/application.yaml} sets no drain, so this one does.
 */
class ShutdownDrainTest {

	@Test
	void drainsForTheConfiguredDuration() {
		try (RunningCrawler crawler = RunningCrawler
			.start(Map.of("synergychat.crawler.books-url", "sample", "synergychat.shutdown.drain", "3s"))) {
			assertThat(crawler.bean(ShutdownDrain.class).drain()).isEqualTo(Duration.ofSeconds(3));
		}
	}

}
