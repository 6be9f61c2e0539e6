package dev.synergychat.api.redis;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import dev.synergychat.api.ApiProperties;

/**
 * Creates the {@link RedisLink} only when {@code REDIS_URL} is set, and the {@code redis} health component either
 * way. Redis being down is reported as {@code DEGRADED}: visible in health, but readiness stays up because chat
 * works without it.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	static final Status DEGRADED = new Status("DEGRADED");

	private static final Logger log = LoggerFactory.getLogger(RedisConfiguration.class);

	@Bean
	@Conditional(RedisUrlIsSet.class)
	RedisLink redisLink(ApiProperties properties) {
		RedisLink link = new RedisLink(properties.redis().url(), properties.redis().keyPrefix());
		log.info("Live streams and the rate limit are shared through {}", link.description());
		return link;
	}

	@Bean
	HealthIndicator redisHealthIndicator(Optional<RedisLink> redis) {
		return () -> redis.map(RedisConfiguration::check)
			.orElseGet(() -> Health.up().withDetail("mode", "in-process, REDIS_URL is not set").build());
	}

	private static Health check(RedisLink redis) {
		try {
			return redis.connection()
				.map((connection) -> Health.up().withDetail("pong", connection.sync().ping()))
				.orElseGet(() -> Health.status(DEGRADED).withDetail("error", "not connected"))
				.withDetail("server", redis.description())
				.withDetail("subscribed", redis.isSubscribed())
				.build();
		}
		catch (RuntimeException ex) {
			return Health.status(DEGRADED).withDetail("server", redis.description())
				.withDetail("error", String.valueOf(ex.getMessage()))
				.build();
		}
	}

	static final class RedisUrlIsSet implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return StringUtils.hasText(context.getEnvironment().getProperty("synergychat.api.redis.url"));
		}

	}

}
