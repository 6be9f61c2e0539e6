package dev.synergychat.support.logging;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The log format of every service, {@code LOG_FORMAT}: {@code json} (lower case) selects Spring Boot's structured
 * logs in Elastic Common Schema, anything else or nothing keeps readable text. In JSON the trace and span ids carry
 * the names Elastic Common Schema gives them ({@code trace.id}, {@code span.id}), so a log store can jump from a line
 * to its trace.
 * <p>
 * These are defaults, added below every other property source (a service's {@code application.yaml} included), so
 * a service can still set any of them itself. Spring Boot runs this before it sets up logging, which reads them.
 */
public final class LoggingDefaults implements EnvironmentPostProcessor, Ordered {

	static final String SOURCE_NAME = "synergychat-logging-defaults";

	/**
	 * The format is looked up under {@code synergychat.log-format.<LOG_FORMAT>}; only {@code json} has an entry, so
	 * every other value finds none and leaves the format empty, which is text.
	 */
	static final Map<String, Object> DEFAULTS = Map.of("logging.structured.format.console",
			"${synergychat.log-format.${LOG_FORMAT:text}:}", "synergychat.log-format.json", "ecs",
			"logging.structured.json.rename.[traceId]", "trace.id", "logging.structured.json.rename.[spanId]",
			"span.id");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, DEFAULTS));
	}

	/** After Boot has read the application's own files, so this source can go below them. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
