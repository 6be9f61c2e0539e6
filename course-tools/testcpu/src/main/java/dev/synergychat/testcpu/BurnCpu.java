package dev.synergychat.testcpu;

import java.time.Duration;

import dev.synergychat.coursetools.StartClock;

/**
 * Entry point: one busy thread per available core, and a line every ten seconds with the work done, which falls
 * when a CPU limit throttles the container. SIGTERM or Ctrl-C ends it at once: the busy threads are daemons and hold
 * nothing that needs closing.
 */
public final class BurnCpu {

	static final Duration REPORT_EVERY = Duration.ofSeconds(10);

	private BurnCpu() {
	}

	public static void main(String[] args) throws InterruptedException {
		// The JVM counts the cores of the container's CPU limit (cgroup quota), not of the machine.
		int threads = Runtime.getRuntime().availableProcessors();
		// Said just before the threads start: once they run, they take every core the process may use, and the line
		// (and with it the "started in" figure) would wait for its share of them.
		System.out.printf("testcpu: burning CPU on %d thread(s), one per available core, until stopped "
				+ "(Ctrl-C or SIGTERM); started in %d ms%n", threads, StartClock.millisSinceStart());
		Burners burners = Burners.start(threads);
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> System.out.println("testcpu: stopping"), "testcpu-shutdown"));
		long before = burners.rounds();
		while (true) {
			Thread.sleep(REPORT_EVERY);
			long now = burners.rounds();
			System.out.println(Burners.report(threads, now - before, REPORT_EVERY));
			before = now;
		}
	}

}
