package dev.synergychat.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.synergychat.support.lifecycle.ShutdownDrain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web drains on shutdown the way every service does (the behaviour itself is tested once, in the support module's
 * {@code ShutdownDrainTest}): the drain is on, for the {@code SHUTDOWN_DRAIN} default of web's
 * {@code application.yaml}.
 */
@SpringBootTest
class ShutdownDrainTest {

	@Autowired
	private ShutdownDrain drain;

	@Test
	void drainsForFiveSecondsByDefault() {
		assertThat(this.drain.drain()).isEqualTo(Duration.ofSeconds(5));
	}

}
