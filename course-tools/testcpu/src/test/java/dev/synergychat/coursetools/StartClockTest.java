package dev.synergychat.coursetools;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartClockTest {

	@Test
	void startIsTheUptimeLessTheStartTickOfTheProcess() {
		// A command name with a space and a parenthesis, as a thread may name itself; start tick 249521.
		String stat = "25076 (burn (1) x) R 25070 25070 12440 0 -1 4194304 130 0 0 0 0 0 0 0 20 0 1 0 249521 "
				+ "3133440 378 18446744073709551615\n";

		assertThat(StartClock.millisSinceStart(stat, "2495.26 644.00\n")).isEqualTo(2_495_260 - 2_495_210);
	}

	@Test
	void thisProcessStartedAboutWhenItsJvmSaysItDid() {
		long jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime();
		long sinceStart = StartClock.millisSinceStart();

		// The launcher starts the JVM within milliseconds of the process; the clock ticks every 10 ms. ProcessHandle's
		// start instant, used before, was up to a second off.
		assertThat(sinceStart).as("ms since the process started, JVM uptime %d ms", jvmUptime)
			.isBetween(jvmUptime - 20, jvmUptime + 300);
	}

}
