package dev.synergychat.crawler.store;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Shows on {@code /health} whether the shared Redis answers. It is deliberately not part of the readiness
 * group: every replica shares the same Redis, so taking replicas out of the Service would not help anyone.
 */
class RedisHealthIndicator implements HealthIndicator {

	private final RedisConnection redis;

	RedisHealthIndicator(RedisConnection redis) {
		this.redis = redis;
	}

	@Override
	public Health health() {
		try {
			this.redis.execute(redis -> redis.ping());
			return Health.up().withDetail("redis", this.redis.describe()).build();
		}
		catch (StoreUnavailableException ex) {
			return Health.down()
				.withDetail("redis", this.redis.describe())
				.withDetail("error", ex.getMessage())
				.withDetail("crawling", "paused until Redis answers again")
				.build();
		}
	}

}
