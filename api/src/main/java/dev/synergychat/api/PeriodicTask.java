package dev.synergychat.api;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A task run every {@code interval} on a virtual thread of its own, from {@link #start} until {@link #stop}: the
 * newest page's check against the store, the streams' heartbeat and their check for messages the fan-out lost. Runs
 * never overlap; the next one starts {@code interval} after the last one ended.
 */
public final class PeriodicTask {

	private final String name;

	private final Duration interval;

	private final Runnable task;

	private @Nullable ScheduledExecutorService executor;

	public PeriodicTask(String name, Duration interval, Runnable task) {
		this.name = name;
		this.interval = interval;
		this.task = task;
	}

	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(Thread.ofVirtual().name(this.name).factory());
		long millis = this.interval.toMillis();
		started.scheduleWithFixedDelay(this.task, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = started;
	}

	/** Interrupts a run under way and runs no more. */
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * What a check does while it gives something {@code duration} more to happen: sleeps, and on interrupt (the task
	 * being stopped) returns at once with the thread's interrupt status set.
	 */
	public static Runnable pause(Duration duration) {
		return () -> {
			try {
				Thread.sleep(duration);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

}
