package dev.synergychat.testram;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;

import dev.synergychat.coursetools.StartClock;

/**
 * Entry point: allocates {@code MEGABYTES} MiB outside the Java heap, writes to every page so that the kernel has to
 * back each one with real memory (and charges it to the container), logs that it holds it and waits until stopped.
 * Outside the heap, the container's memory limit decides what happens, not the JVM's heap size: above the limit the
 * kernel's OOM killer ends the process (exit 137), below it the process holds the memory for good.
 */
public final class HoldMemory {

	/** The smallest page Linux uses; touching one byte in each makes the whole segment resident. */
	static final long PAGE = 4096;

	/** What a missing or malformed MEGABYTES exits with, as command-line tools do for a usage error. */
	static final int USAGE_ERROR = 2;

	private HoldMemory() {
	}

	public static void main(String[] args) throws InterruptedException {
		Megabytes amount;
		try {
			amount = Megabytes.parse(System.getenv(Megabytes.VARIABLE));
		}
		catch (IllegalArgumentException ex) {
			System.err.println("testram: " + ex.getMessage());
			System.exit(USAGE_ERROR);
			return;
		}
		System.out.printf("testram: allocating and touching %d MiB; started in %d ms%n", amount.mebibytes(),
				StartClock.millisSinceStart());
		long start = System.nanoTime();
		// The global arena never frees: the memory is held until the process ends.
		MemorySegment memory = Arena.global().allocate(amount.bytes(), PAGE);
		touchEveryPage(memory);
		System.out.printf("testram: holding %d MiB (allocated and touched in %d ms) until stopped (Ctrl-C or SIGTERM)%n",
				amount.mebibytes(), (System.nanoTime() - start) / 1_000_000);
		new CountDownLatch(1).await();
	}

	/** Writes one byte in each page, so none of them stays a shared zero page or a mere reservation. */
	static void touchEveryPage(MemorySegment memory) {
		for (long offset = 0; offset < memory.byteSize(); offset += PAGE) {
			memory.set(ValueLayout.JAVA_BYTE, offset, (byte) 1);
		}
	}

}
