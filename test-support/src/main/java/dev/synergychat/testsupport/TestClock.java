package dev.synergychat.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it. Give it to the application as its {@link Clock} bean (every
 * service takes the time from that bean), and a test about time windows sets the time it needs instead of
 * sleeping until the wall clock gets there.
 */
public final class TestClock extends Clock {

	private final AtomicReference<Instant> now;

	private final ZoneId zone;

	private TestClock(AtomicReference<Instant> now, ZoneId zone) {
		this.now = now;
		this.zone = zone;
	}

	/** A clock standing at {@code instant}, in UTC. */
	public static TestClock at(Instant instant) {
		return new TestClock(new AtomicReference<>(instant), ZoneOffset.UTC);
	}

	public void set(Instant instant) {
		this.now.set(instant);
	}

	public void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	/** Moves to the first instant of the next minute, and returns it. */
	public Instant startOfNextMinute() {
		return this.now.updateAndGet((instant) -> instant.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	/** The same moving time, seen in another zone. */
	@Override
	public Clock withZone(ZoneId zone) {
		return new TestClock(this.now, zone);
	}

}
