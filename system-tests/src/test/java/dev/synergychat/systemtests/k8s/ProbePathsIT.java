package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.synergychat.systemtests.support.LightLane;
import dev.synergychat.systemtests.support.LocalStack;
import dev.synergychat.systemtests.support.ServiceProcess;

import static dev.synergychat.systemtests.k8s.K8sObject.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths the manifests send kubelet, Prometheus and the GKE load balancer to are paths the packaged apps really
 * serve, on the port they name: every probe and HealthCheckPolicy path of every variant on the main port, every scrape
 * annotation on the management port, asked of the running jars (the stack the system tests share).
 */
@ExtendWith(LocalStack.Shared.class)
@LightLane
class ProbePathsIT {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static LocalStack stack;

	@BeforeAll
	static void theThreeServices(LocalStack shared) {
		stack = shared;
	}

	@Test
	void everyPathTheManifestsProbeOrScrapeAnswers200FromTheApp() throws Exception {
		Map<String, ServiceProcess> apps = Map.of("web", stack.web(), "api", stack.api(), "crawler", stack.crawler());
		Set<String> asked = new LinkedHashSet<>();
		for (Variant variant : Variant.ALL) {
			for (K8sObject workload : Manifests.workloads(variant)) {
				ServiceProcess app = apps.get(workload.name());
				if (app == null) {
					continue;
				}
				for (String path : probePaths(workload)) {
					if (asked.add(workload.name() + " " + path)) {
						assertThat(status(app.uri(path))).as("GET %s on %s, asked by %s in %s", path, workload.name(),
								workload, variant)
							.isEqualTo(200);
					}
				}
				String scraped = annotation(workload, "prometheus.io/path");
				if (asked.add(workload.name() + " management " + scraped)) {
					assertThat(annotation(workload, "prometheus.io/port")).as("scrape port of %s", workload)
						.isEqualTo(String.valueOf(workload.namedPorts().get("management")));
					assertThat(status(app.managementUri(scraped))).as("GET %s on the management port of %s", scraped,
							workload)
						.isEqualTo(200);
					assertThat(status(app.uri(scraped))).as("GET %s on the main port of %s", scraped, workload)
						.isEqualTo(404);
				}
			}
		}
		for (K8sObject policy : Manifests.ofKind(Variant.GKE, "HealthCheckPolicy")) {
			String service = text(policy.spec().path("targetRef").path("name"));
			String path = text(policy.spec().path("default").path("config").path("httpHealthCheck").path("requestPath"));
			ServiceProcess app = apps.get(service.replace("-service", ""));
			assertThat(status(app.uri(path))).as("GET %s, the health check of %s", path, policy).isEqualTo(200);
		}
		assertThat(asked).contains("web /health/live", "api /health/ready", "crawler management /metrics");
	}

	@Test
	void theScrapedPathServesPrometheusText() throws Exception {
		HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(stack.api().managementUri("/metrics")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
	}

	private static List<String> probePaths(K8sObject workload) {
		JsonNode container = workload.containers().getFirst();
		return Stream.of("startupProbe", "livenessProbe", "readinessProbe")
			.map((probe) -> text(container.path(probe).path("httpGet").path("path")))
			.filter((path) -> !path.isEmpty())
			.toList();
	}

	private static String annotation(K8sObject workload, String name) {
		return text(workload.podTemplate().path("metadata").path("annotations").path(name));
	}

	private static int status(URI uri) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
