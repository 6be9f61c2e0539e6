package dev.synergychat.api.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.StringUtils;

import dev.synergychat.api.ApiProperties;
import dev.synergychat.support.redis.RedisClientSetup;

/**
 * Creates the Redis connection factory, template, listener container and {@link RedisLink} only when
 * {@code REDIS_URL} is set, and the {@code redis} health component either way. Redis being down is reported as
 * {@code DEGRADED}: visible in health, but readiness stays up because chat works without it.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	static final Status DEGRADED = new Status("DEGRADED");

	/** No command waits longer, so a post never stalls on Redis for more than this before falling back. */
	static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	/** Reconnect and resubscribe every second, so chat is shared again soon after Redis is back. */
	private static final Duration RECONNECT = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(RedisConfiguration.class);

	@Bean
	@Conditional(RedisUrlIsSet.class)
	LettuceConnectionFactory redisConnectionFactory(ApiProperties properties) {
		return RedisClientSetup.connectionFactory(Objects.requireNonNull(properties.redis().url()), COMMAND_TIMEOUT,
				RECONNECT);
	}

	@Bean
	@Conditional(RedisUrlIsSet.class)
	StringRedisTemplate stringRedisTemplate(LettuceConnectionFactory redis) {
		return new StringRedisTemplate(redis);
	}

	@Bean
	@Conditional(RedisUrlIsSet.class)
	RedisMessageListenerContainer redisMessageListenerContainer(LettuceConnectionFactory redis) {
		// The container's default executor starts a new platform thread for every message received, which under
		// load costs more than handling the message, and hands messages over in no fixed order. One thread keeps
		// them in the order Redis delivers them; a virtual one, so a listener never holds the Redis client's thread.
		ExecutorService dispatch = Executors
			.newSingleThreadExecutor(Thread.ofVirtual().name("redis-message-dispatch").factory());
		RedisMessageListenerContainer container = new RedisMessageListenerContainer() {

			@Override
			public void destroy() throws Exception {
				super.destroy();
				dispatch.shutdown();
			}

		};
		container.setTaskExecutor(dispatch::execute);
		// Subscribing and its recovery keep the default executor, a thread of their own as before.
		container.setSubscriptionExecutor(new SimpleAsyncTaskExecutor("redisMessageListenerContainer-"));
		container.setConnectionFactory(redis);
		container.setRecoveryInterval(RECONNECT.toMillis());
		// Its start fails while Redis is down; RedisLink starts it, and tries again until it succeeds.
		container.setAutoStartup(false);
		return container;
	}

	@Bean
	@Conditional(RedisUrlIsSet.class)
	RedisLink redisLink(ApiProperties properties, LettuceConnectionFactory redis, StringRedisTemplate template,
			RedisMessageListenerContainer listeners) {
		RedisLink link = new RedisLink(template, listeners,
				redis.getClientConfiguration().getClientResources().orElseThrow(), properties.redis().keyPrefix(),
				RedisClientSetup.describe(Objects.requireNonNull(properties.redis().url())), RECONNECT);
		log.info("Live streams and the rate limit are shared through {}", link.description());
		return link;
	}

	@Bean
	HealthIndicator redisHealthIndicator(Optional<RedisLink> redis, Optional<LettuceConnectionFactory> factory) {
		if (redis.isEmpty() || factory.isEmpty()) {
			return () -> Health.up().withDetail("mode", "in-process, REDIS_URL is not set").build();
		}
		return new Check(redis.get(), new DataRedisHealthIndicator(factory.get()));
	}

	/** Spring Boot's Redis check, with DOWN reported as DEGRADED and where Redis is and whether we subscribe. */
	private record Check(RedisLink redis, DataRedisHealthIndicator boot) implements HealthIndicator {

		@Override
		public Health health() {
			Health checked = this.boot.health();
			Status status = Status.UP.equals(checked.getStatus()) ? Status.UP : DEGRADED;
			return Health.status(status)
				.withDetails(checked.getDetails())
				.withDetail("server", this.redis.description())
				.withDetail("subscribed", this.redis.isSubscribed())
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
