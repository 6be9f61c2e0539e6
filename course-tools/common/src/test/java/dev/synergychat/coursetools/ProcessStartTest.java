package dev.synergychat.coursetools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStartTest {

	/** Linux says when a process started, so the figure is there, and it counts from a fixed start. */
	@Test
	void onLinuxTheAgeOfTheProcessIsKnownAndNeverGoesBack() {
		long first = ProcessStart.millisAgo();
		long second = ProcessStart.millisAgo();

		assertThat(first).as("milliseconds since this test JVM's process started").isNotNegative();
		assertThat(second).isGreaterThanOrEqualTo(first);
	}

}
