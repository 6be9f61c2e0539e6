package dev.synergychat.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.synergychat.support.lifecycle.ShutdownDrain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web drains on shutdown the way every service does: the support module's drain is switched on and reads
 * {@code synergychat.shutdown.drain}. The drain itself is tested once, in the support module's
 * {@code ShutdownDrainTest}; the tests' own {@code config/application.yaml} sets no drain, so this one does.
 */
@SpringBootTest(properties = "synergychat.shutdown.drain=3s")
class ShutdownDrainTest {

	@Autowired
	private ShutdownDrain drain;

	@Test
	void drainsForTheConfiguredDuration() {
		assertThat(this.drain.drain()).isEqualTo(Duration.ofSeconds(3));
	}

}
