package dev.synergychat.support.redis;

import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * In every service that has Spring Data Redis, Spring Boot's own Redis auto-configuration is off: it would connect to
 * a default localhost Redis when {@code REDIS_URL} is unset, where a service must not connect anywhere. Each service
 * builds its connection factory with {@link RedisClientSetup} instead, and only when {@code REDIS_URL} is set.
 * <p>
 * A default below every other property source: a service that sets {@code spring.autoconfigure.exclude} itself
 * replaces this list, and must then name these again.
 */
public final class RedisDefaults implements EnvironmentPostProcessor, Ordered {

	static final String SOURCE_NAME = "synergychat-redis-defaults";

	static final List<String> EXCLUDED = List.of(
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration");

	/**
	 * The exclusions, and quiet from Boot's Redis health check (which the services wrap): it logs a stack trace at
	 * every probe while Redis is down, where health already says so.
	 */
	static final Map<String, Object> DEFAULTS = Map.of("spring.autoconfigure.exclude", String.join(",", EXCLUDED),
			"logging.level.org.springframework.boot.data.redis.health", "error");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (ClassUtils.isPresent("org.springframework.data.redis.connection.RedisConnectionFactory",
				application.getClassLoader())) {
			environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, DEFAULTS));
		}
	}

	/** After Boot has read the application's own files, so this source can go below them. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
