package dev.synergychat.api.ratelimit;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.script.RedisScript;

import dev.synergychat.api.redis.RedisLink;

/**
 * Counts in Redis, so the limit holds for a client whichever replica it reaches. While Redis is unreachable the
 * count falls back to {@link LocalRateLimiter}: posting keeps working and the limit holds per replica.
 */
final class RedisRateLimiter implements RateLimiter {

	private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

	/**
	 * Increment and expiry in one step, so a crash in between cannot leave a counter that never expires. Sent by its
	 * SHA ({@code EVALSHA}), in full only when Redis does not know it yet.
	 */
	private static final RedisScript<Long> INCREMENT = RedisScript.of("""
			local count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return count""", Long.class);

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
			Long count = this.redis.template().execute(INCREMENT, List.of(key), WINDOW_TTL_MILLIS);
			if (count == null) {
				throw new IllegalStateException("no count from Redis");
			}
			return LocalRateLimiter.decide(count, this.limit, nowMillis);
		}
		catch (RuntimeException ex) {
			log.debug("Rate limit falls back to this replica: {}", ex.getMessage());
			return this.fallback.tryAcquire(client);
		}
	}

}
