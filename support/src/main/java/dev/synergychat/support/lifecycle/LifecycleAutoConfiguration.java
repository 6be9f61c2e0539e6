package dev.synergychat.support.lifecycle;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;

/**
 * How every service starts and stops: {@link ShutdownDrain} always (each service's {@code application.yaml} maps
 * {@code SHUTDOWN_DRAIN} to {@code synergychat.shutdown.drain}) with {@link CloseConnectionsWhileDraining} in front of
 * every request, {@link ExitWithParent} only under {@code ./mvnw -Plocal}.
 */
@AutoConfiguration
public final class LifecycleAutoConfiguration {

	@Bean
	ShutdownDrain shutdownDrain(@Value("${synergychat.shutdown.drain}") Duration drain) {
		return new ShutdownDrain(drain);
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	CloseConnectionsWhileDraining closeConnectionsWhileDraining(ApplicationAvailability availability) {
		return new CloseConnectionsWhileDraining(availability);
	}

	@Bean
	@ConditionalOnBooleanProperty("synergychat.local.exit-with-parent")
	ExitWithParent exitWithParent() {
		return new ExitWithParent();
	}

}
