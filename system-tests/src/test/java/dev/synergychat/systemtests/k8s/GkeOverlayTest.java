package dev.synergychat.systemtests.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topology 5: GKE Autopilot behind the GKE Gateway. Autopilot's admission rules, the load balancer's health checks
 * and timeouts, and images from Artifact Registry.
 */
class GkeOverlayTest {

	static final List<Variant> VARIANTS = List.of(Variant.GKE, Variant.GKE_TWO_CRAWLERS);

	static final long MEBIBYTE = 1024L * 1024;

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyPodMeetsAutopilotsRules(Variant variant) {
		List<String> broken = new ArrayList<>();
		for (K8sObject workload : Manifests.workloads(variant)) {
			JsonNode pod = workload.podSpec();
			for (String hostAccess : List.of("hostNetwork", "hostPID", "hostIPC")) {
				if (pod.path(hostAccess).asBoolean(false)) {
					broken.add(workload + ": " + hostAccess + " is not allowed on Autopilot");
				}
			}
			elements(pod.path("volumes")).stream()
				.filter((volume) -> volume.has("hostPath"))
				.forEach((volume) -> broken.add(workload + ": hostPath volume " + text(volume.path("name"))));
			for (JsonNode container : workload.containers()) {
				String name = workload + " container " + text(container.path("name"));
				JsonNode requests = container.path("resources").path("requests");
				JsonNode limits = container.path("resources").path("limits");
				double cpu = Quantities.cpu(text(requests.path("cpu")));
				long memory = Quantities.bytes(text(requests.path("memory")));
				long storage = Quantities.bytes(text(requests.path("ephemeral-storage")));
				// Below these minimums Autopilot raises the request silently, so the sizing written here would be
				// fiction; outside the memory:CPU ratio it rewrites requests too.
				if (cpu < 0.05) {
					broken.add(name + ": CPU request below Autopilot's 50m minimum");
				}
				if (memory < 52 * MEBIBYTE) {
					broken.add(name + ": memory request below Autopilot's 52Mi minimum");
				}
				double gibPerCpu = memory / (1024.0 * MEBIBYTE) / cpu;
				if (gibPerCpu < 1 || gibPerCpu > 6.5) {
					broken.add(name + ": " + gibPerCpu + " GiB memory per vCPU, outside Autopilot's 1 to 6.5");
				}
				if (storage < 10 * MEBIBYTE || storage > 10 * 1024 * MEBIBYTE) {
					broken.add(name + ": ephemeral-storage request outside Autopilot's 10Mi to 10Gi");
				}
				if (Quantities.bytes(text(limits.path("memory"))) != memory
						|| Quantities.bytes(text(limits.path("ephemeral-storage"))) != storage) {
					broken.add(name + ": memory and ephemeral-storage limits must equal the requests");
				}
				if (Quantities.cpu(text(limits.path("cpu"))) < cpu) {
					broken.add(name + ": CPU limit below the request");
				}
				if (container.path("securityContext").path("privileged").asBoolean(false)) {
					broken.add(name + ": privileged containers are not allowed on Autopilot");
				}
				elements(container.path("ports")).stream()
					.filter((port) -> port.has("hostPort"))
					.forEach((port) -> broken.add(name + ": hostPort " + text(port.path("hostPort"))));
			}
		}
		assertThat(broken).isEmpty();
	}

	@Test
	void everyServiceBehindTheGatewayIsHealthCheckedOnReadinessAtTheServingPort() {
		Set<String> backends = new TreeSet<>();
		Manifests.ofKind(Variant.GKE, "HTTPRoute")
			.forEach((route) -> elements(route.spec().path("rules"))
				.forEach((rule) -> elements(rule.path("backendRefs"))
					.forEach((backend) -> backends.add(text(backend.path("name"))))));
		List<K8sObject> policies = Manifests.ofKind(Variant.GKE, "HealthCheckPolicy");

		assertThat(backends).containsExactly("api-service", "web-service");
		for (String service : backends) {
			K8sObject policy = policies.stream()
				.filter((candidate) -> text(candidate.spec().path("targetRef").path("name")).equals(service))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no HealthCheckPolicy targets Service " + service
						+ ", so the load balancer would check GET / and mark it unhealthy"));
			JsonNode config = policy.spec().path("default").path("config");
			assertThat(text(policy.spec().path("targetRef").path("kind"))).as(policy + " targetRef kind")
				.isEqualTo("Service");
			assertThat(text(config.path("type"))).as(policy + " type").isEqualTo("HTTP");
			assertThat(text(config.path("httpHealthCheck").path("requestPath"))).as(policy + " requestPath")
				.isEqualTo("/health/ready");
			assertThat(text(config.path("httpHealthCheck").path("portSpecification"))).as(policy + " port")
				.isEqualTo("USE_SERVING_PORT");
		}
	}

	@Test
	void theLoadBalancerKeepsTheEventStreamOpenLongerThanAHeartbeatInterval() {
		K8sObject policy = Manifests.ofKind(Variant.GKE, "GCPBackendPolicy")
			.stream()
			.filter((candidate) -> text(candidate.spec().path("targetRef").path("name")).equals("api-service"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no GCPBackendPolicy for api-service: the 30 s default timeout "
					+ "cuts /messages/stream"));

		assertThat(policy.spec().path("default").path("timeoutSec").asInt()).as(policy + " timeoutSec")
			.isGreaterThanOrEqualTo(3600);
	}

	@Test
	void theGatewayIsGooglesGlobalExternalLoadBalancerAndStripsApiFromApiPaths() {
		K8sObject gateway = Manifests.find(Variant.GKE, "Gateway", "synergychat");
		PublicRoutes routes = PublicRoutes.of(Variant.GKE);

		assertThat(text(gateway.spec().path("gatewayClassName"))).isEqualTo("gke-l7-global-external-managed");
		assertThat(Manifests.configValue(Variant.GKE, "web-config", "API_URL")).isEqualTo("/api");
		assertThat(routes.backendFor("/api/messages/stream")).hasValue("api-service");
		assertThat(routes.pathAt("/api/messages/stream")).hasValue("/messages/stream");
		assertThat(routes.pathAt("/api")).hasValue("/");
		assertThat(routes.backendFor("/")).hasValue("web-service");
		assertThat(routes.backendFor("/apiary")).as("a path that only starts with the letters api").hasValue("web-service");
	}

	@Test
	void appImagesComeFromArtifactRegistry() {
		List<String> images = Manifests.workloads(Variant.GKE)
			.stream()
			.filter((workload) -> ProductionChecklistTest.APPS.contains(workload.name()))
			.map((workload) -> text(workload.containers().getFirst().path("image")))
			.toList();

		assertThat(images).hasSize(3)
			.allMatch((image) -> image.matches("[a-z0-9-]+-docker\\.pkg\\.dev/[a-z0-9-]+/synergychat/synergychat-"
					+ "(web|api|crawler):[\\w.-]+"), "an Artifact Registry image of the same service");
	}

}
