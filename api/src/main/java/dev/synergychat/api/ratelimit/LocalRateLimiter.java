package dev.synergychat.api.ratelimit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts in this process: the limit without Redis, and the fallback while Redis is down (then per replica). */
final class LocalRateLimiter implements RateLimiter {

	private static final int MAX_TRACKED_CLIENTS = 100_000;

	private final int limit;

	private final Clock clock;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	LocalRateLimiter(int limit, Clock clock) {
		this.limit = limit;
		this.clock = clock;
	}

	@Override
	public Decision tryAcquire(String client) {
		long nowMillis = this.clock.millis();
		long minute = nowMillis / 60_000;
		if (this.windows.size() > MAX_TRACKED_CLIENTS) {
			this.windows.values().removeIf((window) -> window.minute() < minute);
		}
		Window window = this.windows.merge(client, new Window(minute, 1),
				(old, fresh) -> (old.minute() == minute) ? new Window(minute, old.count() + 1) : fresh);
		return decide(window.count(), this.limit, nowMillis);
	}

	/** Shared with the Redis limiter so both answer the same way for the same count. */
	static Decision decide(long count, int limit, long nowMillis) {
		long retryAfterSeconds = Math.ceilDiv(60_000 - nowMillis % 60_000, 1_000);
		return new Decision(count <= limit, retryAfterSeconds);
	}

	private record Window(long minute, long count) {
	}

}
