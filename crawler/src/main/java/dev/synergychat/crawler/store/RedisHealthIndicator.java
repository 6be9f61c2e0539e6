package dev.synergychat.crawler.store;

import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Shows on {@code /health} whether the shared Redis answers: Spring Boot's Redis check, with where Redis is and
 * what a failure means for the crawler. It is deliberately not part of the readiness group: every replica shares
 * the same Redis, so taking replicas out of the Service would not help anyone.
 */
class RedisHealthIndicator implements HealthIndicator {

	private final DataRedisHealthIndicator boot;

	private final String description;

	RedisHealthIndicator(RedisConnectionFactory redis, String description) {
		this.boot = new DataRedisHealthIndicator(redis);
		this.description = description;
	}

	@Override
	public Health health() {
		Health checked = this.boot.health();
		Health.Builder health = Health.status(checked.getStatus())
			.withDetails(checked.getDetails())
			.withDetail("redis", this.description);
		if (!Status.UP.equals(checked.getStatus())) {
			health.withDetail("crawling", "paused until Redis answers again");
		}
		return health.build();
	}

}
