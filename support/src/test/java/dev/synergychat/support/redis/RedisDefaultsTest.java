package dev.synergychat.support.redis;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

import dev.synergychat.testsupport.PreparedEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Data Redis on the class path, as here, Boot's Redis auto-configuration is off unless a service says
 * otherwise.
 */
class RedisDefaultsTest {

	@Test
	void everyRedisAutoConfigurationOfSpringBootIsExcludedAndItsHealthCheckLogsOnlyErrors() {
		ConfigurableEnvironment environment = PreparedEnvironment.with(Map.of());

		assertThat(Binder.get(environment).bind("spring.autoconfigure.exclude", String[].class).get())
			.containsExactlyElementsOf(RedisDefaults.EXCLUDED)
			.hasSize(5)
			.allMatch((name) -> ClassUtils.isPresent(name, getClass().getClassLoader()), "a class of Spring Boot");
		assertThat(environment.getProperty("logging.level.org.springframework.boot.data.redis.health"))
			.isEqualTo("error");
	}

	@Test
	void aServiceThatExcludesAutoConfigurationsItselfReplacesTheList() {
		ConfigurableEnvironment environment = PreparedEnvironment
			.with(Map.of("SPRING_CONFIG_LOCATION", "classpath:/defaults/"));

		assertThat(Binder.get(environment).bind("spring.autoconfigure.exclude", String[].class).get())
			.containsExactly("org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration");
	}

}
