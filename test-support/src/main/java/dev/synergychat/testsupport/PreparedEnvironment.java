package dev.synergychat.testsupport;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.support.EnvironmentPostProcessorApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A service's environment as Spring Boot prepares it at start, with the environment variables a test names in place
 * of the real ones: every registered {@code EnvironmentPostProcessor} runs in its order (the service's
 * {@code application.yaml}, the support module's shared defaults), and nothing else starts. So a test reads what a
 * variable means by its real name, without starting the service or its logging.
 */
public final class PreparedEnvironment {

	private PreparedEnvironment() {
	}

	public static ConfigurableEnvironment with(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		new EnvironmentPostProcessorApplicationListener().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
				new DefaultBootstrapContext(), new SpringApplication(), new String[0], environment));
		return environment;
	}

}
