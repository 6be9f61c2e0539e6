package dev.synergychat.support.logging;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import dev.synergychat.testsupport.PreparedEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LOG_FORMAT} as every service reads it, through the defaults this module registers with Spring Boot. The
 * values of {@code LOG_FORMAT} one by one are the crawler's {@code EnvironmentVariablesTest}.
 */
class LoggingDefaultsTest {

	@Test
	void withoutLogFormatTheLogsAreTextAndWithJsonTheyAreEcsWithTheTraceIdsUnderEcsNames() {
		ConfigurableEnvironment text = PreparedEnvironment.with(Map.of());
		ConfigurableEnvironment json = PreparedEnvironment.with(Map.of("LOG_FORMAT", "json"));

		assertThat(text.getProperty("logging.structured.format.console")).isEmpty();
		assertThat(json.getProperty("logging.structured.format.console")).isEqualTo("ecs");
		assertThat(json.getProperty("logging.structured.json.rename.[traceId]")).isEqualTo("trace.id");
		assertThat(json.getProperty("logging.structured.json.rename.[spanId]")).isEqualTo("span.id");
	}

	@Test
	void theDefaultsComeLastSoAServicesOwnApplicationYamlWins() {
		ConfigurableEnvironment environment = PreparedEnvironment
			.with(Map.of("LOG_FORMAT", "json", "SPRING_CONFIG_LOCATION", "classpath:/defaults/"));

		List<String> sources = environment.getPropertySources().stream().map(PropertySource::getName).toList();
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
		assertThat(sources.indexOf(LoggingDefaults.SOURCE_NAME)).as("place of the defaults in %s", sources)
			.isGreaterThan(sources.indexOf("Config resource 'class path resource [defaults/application.yaml]' "
					+ "via location 'classpath:/defaults/'"))
			.isGreaterThan(sources.indexOf("systemEnvironment"));
	}

}
