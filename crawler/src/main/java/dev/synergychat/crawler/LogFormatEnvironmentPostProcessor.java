package dev.synergychat.crawler;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT=json} switches console logs to Spring Boot's structured JSON (Elastic Common Schema, one
 * object per line). A post-processor rather than a line in {@code application.yaml} because the variable's value
 * ({@code json}) is not one of Spring Boot's format names, and logging is set up before any bean exists.
 */
class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if ("json".equalsIgnoreCase(environment.getProperty("LOG_FORMAT", ""))) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("logFormat", Map.of("logging.structured.format.console", "ecs")));
		}
	}

}
