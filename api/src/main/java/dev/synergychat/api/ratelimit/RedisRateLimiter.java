package dev.synergychat.api.ratelimit;

import java.time.Clock;

import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synergychat.api.redis.RedisLink;

/**
 * Counts in Redis, so the limit holds for a client whichever replica it reaches. While Redis is unreachable the
 * count falls back to {@link LocalRateLimiter}: posting keeps working and the limit holds per replica.
 */
final class RedisRateLimiter implements RateLimiter {

	private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

	/** Increment and expiry in one step, so a crash in between cannot leave a counter that never expires. */
	private static final String INCREMENT = """
			local count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return count""";

	/** A little longer than the window, so a counter outlives its minute even with clock drift. */
	private static final String WINDOW_TTL_MILLIS = "61000";

	private final RedisLink redis;

	private final int limit;

	private final Clock clock;

	private final LocalRateLimiter fallback;

	RedisRateLimiter(RedisLink redis, int limit, Clock clock) {
		this.redis = redis;
		this.limit = limit;
		this.clock = clock;
		this.fallback = new LocalRateLimiter(limit, clock);
	}

	@Override
	public Decision tryAcquire(String client) {
		long nowMillis = this.clock.millis();
		String key = this.redis.key("rate:" + client + ":" + nowMillis / 60_000);
		try {
			Long count = this.redis.connection()
				.orElseThrow(() -> new IllegalStateException("not connected"))
				.sync()
				.eval(INCREMENT, ScriptOutputType.INTEGER, new String[] { key }, WINDOW_TTL_MILLIS);
			return LocalRateLimiter.decide(count, this.limit, nowMillis);
		}
		catch (RuntimeException ex) {
			log.debug("Rate limit falls back to this replica: {}", ex.getMessage());
			return this.fallback.tryAcquire(client);
		}
	}

}
