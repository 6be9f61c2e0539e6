package dev.synergychat.testcpu;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BurnersTest {

	@Test
	void startsOneDaemonThreadPerCoreThatKeepsCountingRounds() throws InterruptedException {
		Burners burners = Burners.start(2);

		Set<Thread> threads = Thread.getAllStackTraces().keySet();
		assertThat(threads).filteredOn((thread) -> thread.getName().matches("burn-[01]"))
			.hasSize(2)
			.allSatisfy((thread) -> assertThat(thread.isDaemon()).as(thread.getName() + " daemon").isTrue());
		long first = awaitRounds(burners, 1);
		assertThat(awaitRounds(burners, first + 1)).isGreaterThan(first);
	}

	@Test
	void refusesToStartWithoutAThread() {
		assertThatIllegalArgumentException().isThrownBy(() -> Burners.start(0))
			.withMessage("threads must be at least 1, not 0");
	}

	@Test
	void reportSaysHowManyThreadsDidHowMuchWorkInTheInterval() {
		assertThat(Burners.report(2, 345, Duration.ofSeconds(10)))
			.isEqualTo("testcpu: 2 thread(s) busy, 345 rounds of 1,000,000 iterations in the last 10 s");
	}

	private static long awaitRounds(Burners burners, long atLeast) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (burners.rounds() < atLeast) {
			assertThat(System.nanoTime()).as("rounds reach " + atLeast + " within 20 s").isLessThan(deadline);
			Thread.sleep(10);
		}
		return burners.rounds();
	}

}
