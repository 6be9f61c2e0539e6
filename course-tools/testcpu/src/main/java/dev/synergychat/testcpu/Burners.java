package dev.synergychat.testcpu;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/** Busy threads that count their rounds of work, so the work per interval shows how much CPU they got. */
final class Burners {

	/** Iterations of the busy loop per counted round: counting every iteration would contend on the counter. */
	static final int ITERATIONS_PER_ROUND = 1_000_000;

	private final LongAdder rounds = new LongAdder();

	/** Where each round's result goes, so the compiler must compute it. */
	private volatile long result;

	private Burners() {
	}

	/** Starts that many daemon threads, each spinning on arithmetic the compiler cannot drop, until the JVM ends. */
	static Burners start(int threads) {
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be at least 1, not " + threads);
		}
		Burners burners = new Burners();
		for (int i = 0; i < threads; i++) {
			Thread.ofPlatform().daemon().name("burn-" + i).start(burners::burn);
		}
		return burners;
	}

	/** Rounds done so far by all threads together. */
	long rounds() {
		return this.rounds.sum();
	}

	/** The line logged for one interval. */
	static String report(int threads, long rounds, Duration interval) {
		return String.format(Locale.ROOT, "testcpu: %d thread(s) busy, %d rounds of %,d iterations in the last %d s",
				threads, rounds, ITERATIONS_PER_ROUND, interval.toSeconds());
	}

	private void burn() {
		long state = Thread.currentThread().threadId() | 1;
		while (true) {
			for (int i = 0; i < ITERATIONS_PER_ROUND; i++) {
				// xorshift: cheap, and it never settles into a value the compiler could predict.
				state ^= state << 13;
				state ^= state >>> 7;
				state ^= state << 17;
			}
			this.result = state;
			this.rounds.increment();
		}
	}

}
