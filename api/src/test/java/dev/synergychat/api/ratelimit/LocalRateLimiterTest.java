package dev.synergychat.api.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRateLimiterTest {

	@Test
	void allowsTheLimitPerMinuteThenRefusesUntilTheMinuteEnds() {
		LocalRateLimiter limiter = new LocalRateLimiter(2, at("2026-11-22T03:15:45.500Z"));

		assertThat(limiter.tryAcquire("a").allowed()).isTrue();
		assertThat(limiter.tryAcquire("a").allowed()).isTrue();

		assertThat(limiter.tryAcquire("a")).isEqualTo(new RateLimiter.Decision(false, 15));
	}

	@Test
	void clientsAreCountedSeparately() {
		LocalRateLimiter limiter = new LocalRateLimiter(1, at("2026-11-22T03:15:00Z"));

		assertThat(limiter.tryAcquire("a").allowed()).isTrue();
		assertThat(limiter.tryAcquire("b").allowed()).isTrue();
		assertThat(limiter.tryAcquire("a").allowed()).isFalse();
	}

	@Test
	void aNewMinuteStartsANewCount() {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:15:59Z"));
		LocalRateLimiter limiter = new LocalRateLimiter(1, clock);
		limiter.tryAcquire("a");

		clock.now = Instant.parse("2026-11-22T03:16:00Z");

		assertThat(limiter.tryAcquire("a").allowed()).isTrue();
	}

	private static Clock at(String instant) {
		return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
	}

	private static final class MutableClock extends Clock {

		Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
