package dev.synergychat.api.message;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code database} health component, part of readiness: down while the message store cannot be used, so a load
 * balancer stops sending posts that would fail. Named after the database because that is the store that can go
 * down; the memory and file stores report their kind.
 */
@Component
class DatabaseHealthIndicator implements HealthIndicator {

	private final MessageStore store;

	DatabaseHealthIndicator(MessageStore store) {
		this.store = store;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up();
		try {
			this.store.check();
		}
		catch (MessageStoreUnavailableException ex) {
			health = Health.down().withDetail("error", ex.getBody().getDetail());
		}
		return health.withDetail("store", this.store.description()).build();
	}

}
