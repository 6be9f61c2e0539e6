package dev.synergychat.support.health;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.context.annotation.Bean;

/**
 * The probe paths every service answers on its main port ({@link ProbeController}); the full health report and the
 * metrics stay on the management port.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class HealthAutoConfiguration {

	@Bean
	ProbeController probeController(HealthEndpoint health, HealthEndpointGroups groups, MeterRegistry meters) {
		return new ProbeController(health, groups, meters);
	}

}
