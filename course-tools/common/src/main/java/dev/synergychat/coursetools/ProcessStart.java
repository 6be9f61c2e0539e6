package dev.synergychat.coursetools;

import java.time.Duration;
import java.time.Instant;

/** When the course tools' own process started, for the "started in N ms" of their first log line. */
public final class ProcessStart {

	private ProcessStart() {
	}

	/**
	 * Milliseconds since the operating system started this process, so the figure includes the JVM's own start; -1
	 * where the operating system does not say.
	 */
	public static long millisAgo() {
		return ProcessHandle.current()
			.info()
			.startInstant()
			.map((start) -> Duration.between(start, Instant.now()).toMillis())
			.orElse(-1L);
	}

}
