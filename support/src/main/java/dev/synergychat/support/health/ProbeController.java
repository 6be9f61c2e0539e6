package dev.synergychat.support.health;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /health/live} and {@code /health/ready} on the main port, where kubelet, compose health checks and load
 * balancers look. Each answers the status of the actuator health group of that name with the group's HTTP status,
 * and nothing more: component names and details (server addresses, errors) stay on the management port, which no
 * proxy forwards. Spring Boot's own {@code additional-path} for a group accepts a single path segment only.
 * Readiness is also a metric, {@code synergychat_ready} (1 or 0), so an alert can see a service that runs but is not
 * ready; probes see it only from the inside. {@code /healthz}, the original images' probe path, answers what they
 * answered, {@code {"status":"ok"}}, so manifests and scripts written for them keep working.
 */
@RestController
final class ProbeController {

	private static final Map<String, String> ORIGINAL_OK = Map.of("status", "ok");

	private final HealthEndpoint health;

	private final HealthEndpointGroups groups;

	ProbeController(HealthEndpoint health, HealthEndpointGroups groups, MeterRegistry meters) {
		this.health = health;
		this.groups = groups;
		Gauge.builder("synergychat.ready", this, ProbeController::ready)
			.description("1 while /health/ready answers 200, 0 while it answers 503")
			.register(meters);
	}

	@GetMapping(path = "/health/{group:live|ready}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ProbeStatus> probe(@PathVariable String group) {
		Status status = this.health.healthForPath(group).getStatus();
		int code = this.groups.get(group).getHttpCodeStatusMapper().getStatusCode(status);
		return ResponseEntity.status(code).body(new ProbeStatus(status.getCode()));
	}

	@GetMapping(path = "/healthz", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> healthz() {
		return ORIGINAL_OK;
	}

	private double ready() {
		return (probe("ready").getStatusCode().value() == 200) ? 1 : 0;
	}

	/** The whole body of a probe answer: {@code {"status":"UP"}}. */
	record ProbeStatus(String status) {
	}

}
