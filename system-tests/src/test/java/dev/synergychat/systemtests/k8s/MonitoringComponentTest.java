package dev.synergychat.systemtests.k8s;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code k8s/components/monitoring} and the GKE overlay's PodMonitoring carry what {@code observability/} holds
 * (the rules unchanged, the dashboard byte for byte) and scrape exactly the three apps on their port
 * {@code management}, giving each target the label {@code service} the rules select on. Their schemas are checked
 * with every other rendered object by {@link SchemaTest}.
 */
class MonitoringComponentTest {

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final List<String> APPS = List.of("web", "api", "crawler");

	@Test
	void thePrometheusRuleCarriesTheRulesFileUnchanged() throws Exception {
		K8sObject rule = Manifests.find(Variant.MINIKUBE_MONITORING, "PrometheusRule", "synergychat");
		JsonNode rules = YAML.readTree(Manifests.ROOT.resolve("observability/prometheus/rules.yaml").toFile());

		assertThat(rule.spec()).isEqualTo(rules);
	}

	@Test
	void theDashboardConfigMapIsTheDashboardForGrafanasSidecar() throws Exception {
		K8sObject configMap = Manifests.find(Variant.MINIKUBE_MONITORING, "ConfigMap", "synergychat-dashboard");
		String dashboard = Files
			.readString(Manifests.ROOT.resolve("observability/grafana/dashboards/synergychat.json"));

		assertThat(configMap.labels()).containsEntry("grafana_dashboard", "1");
		assertThat(text(configMap.json().path("data").path("synergychat-dashboard.json"))).isEqualTo(dashboard);
	}

	@Test
	void thePodMonitorScrapesTheManagementPortOfTheThreeAppsWithTheirServiceLabel() {
		K8sObject monitor = Manifests.find(Variant.MINIKUBE_MONITORING, "PodMonitor", "synergychat");
		JsonNode endpoint = monitor.spec().path("podMetricsEndpoints").path(0);

		assertThat(selectedApps(monitor.spec().path("selector"), Variant.MINIKUBE_MONITORING))
			.containsExactlyElementsOf(APPS);
		assertThat(text(endpoint.path("port"))).isEqualTo("management");
		assertThat(text(endpoint.path("path"))).isEqualTo("/metrics");
		JsonNode relabeling = endpoint.path("relabelings").path(0);
		assertThat(text(relabeling.path("sourceLabels").path(0)))
			.isEqualTo("__meta_kubernetes_pod_label_app_kubernetes_io_name");
		assertThat(text(relabeling.path("targetLabel"))).isEqualTo("service");
	}

	@Test
	void googleManagedPrometheusScrapesTheSamePortOnGke() {
		K8sObject monitoring = Manifests.find(Variant.GKE, "PodMonitoring", "synergychat");
		JsonNode endpoint = monitoring.spec().path("endpoints").path(0);

		assertThat(selectedApps(monitoring.spec().path("selector"), Variant.GKE)).containsExactlyElementsOf(APPS);
		assertThat(text(endpoint.path("port"))).isEqualTo("management");
		assertThat(text(endpoint.path("path"))).isEqualTo("/metrics");
		JsonNode label = monitoring.spec().path("targetLabels").path("fromPod").path(0);
		assertThat(text(label.path("from"))).isEqualTo("app.kubernetes.io/name");
		assertThat(text(label.path("to"))).isEqualTo("service");
	}

	/** No npm package publishes a schema for monitoring.googleapis.com, so validate.mjs checks it by hand; so does this. */
	@Test
	void aMisspeltOrMissingFieldOfThePodMonitoringOrThePodMonitorIsRejected() {
		ObjectNode monitoring = (ObjectNode) Manifests.find(Variant.GKE, "PodMonitoring", "synergychat")
			.json()
			.deepCopy();
		((ObjectNode) monitoring.path("spec").path("endpoints").path(0)).put("intervall", "30s");
		((ObjectNode) monitoring.path("spec")).remove("selector");
		ObjectNode monitor = (ObjectNode) Manifests.find(Variant.MINIKUBE_MONITORING, "PodMonitor", "synergychat")
			.json()
			.deepCopy();
		((ObjectNode) monitor.path("spec").path("podMetricsEndpoints").path(0)).put("prot", "management");

		assertThat(SchemaValidator.errors(List.of(monitoring, monitor))).containsExactly(
				List.of("/spec: selector is required", "/spec/endpoints/0/intervall: unknown field"),
				List.of("/spec/podMetricsEndpoints/0/prot: unknown field"));
	}

	@Test
	void theComponentsRuleAndDashboardFilesAreTheCopiesTheReadmeSays() throws Exception {
		assertThat(Manifests.ROOT.resolve("k8s/components/monitoring/synergychat-dashboard.json"))
			.hasSameBinaryContentAs(Manifests.ROOT.resolve("observability/grafana/dashboards/synergychat.json"));
	}

	private static List<String> selectedApps(JsonNode selector, Variant variant) {
		return Manifests.workloads(variant)
			.stream()
			.filter((workload) -> K8sObject.selects(selector, workload.podLabels()))
			.filter((workload) -> elements(workload.containers().getFirst().path("ports")).stream()
				.anyMatch((port) -> text(port.path("name")).equals("management")))
			.map(K8sObject::name)
			.sorted((a, b) -> Integer.compare(APPS.indexOf(a), APPS.indexOf(b)))
			.toList();
	}

}
