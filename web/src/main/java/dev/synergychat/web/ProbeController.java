package dev.synergychat.web;

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
 */
@RestController
class ProbeController {

	private final HealthEndpoint health;

	private final HealthEndpointGroups groups;

	ProbeController(HealthEndpoint health, HealthEndpointGroups groups) {
		this.health = health;
		this.groups = groups;
	}

	@GetMapping(path = "/health/{group:live|ready}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ProbeStatus> probe(@PathVariable String group) {
		Status status = this.health.healthForPath(group).getStatus();
		int code = this.groups.get(group).getHttpCodeStatusMapper().getStatusCode(status);
		return ResponseEntity.status(code).body(new ProbeStatus(status.getCode()));
	}

	/** The whole body of a probe answer: {@code {"status":"UP"}}. */
	record ProbeStatus(String status) {
	}

}
