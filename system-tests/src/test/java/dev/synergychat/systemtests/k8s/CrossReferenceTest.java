package dev.synergychat.systemtests.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The links between objects that decide whether a deploy works once applied, which no schema can see: a Service
 * that selects no pod, a route to a Service port that does not exist, an API_URL the browser cannot reach. Each
 * failure names the object that carries the broken reference.
 */
class CrossReferenceTest {

	static final List<Variant> VARIANTS = Variant.ALL;

	/** What the three apps serve for probes and scrapes (the shared contract; ProbePathsIT asks the real apps). */
	/** What the apps serve on their main port {@code http}; metrics and the full health report are on {@code management}. */
	static final Set<String> APP_ENDPOINTS = Set.of("/health/live", "/health/ready", "/healthz");

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everySelectorSelectsPodsThatExist(Variant variant) {
		List<String> broken = new ArrayList<>();
		for (K8sObject workload : Manifests.workloads(variant)) {
			if (!K8sObject.selects(workload.spec().path("selector"), workload.podLabels())) {
				broken.add(workload + ": selector does not match its own pod template labels " + workload.podLabels());
			}
		}
		for (K8sObject service : Manifests.ofKind(variant, "Service")) {
			if (selectedWorkloads(variant, service).isEmpty()) {
				broken.add(service + ": selector " + service.spec().path("selector") + " selects no pod");
			}
		}
		for (K8sObject budget : Manifests.ofKind(variant, "PodDisruptionBudget")) {
			if (Manifests.workloads(variant).stream()
				.noneMatch((workload) -> K8sObject.selects(budget.spec().path("selector"), workload.podLabels()))) {
				broken.add(budget + ": selector selects no pod");
			}
		}
		assertThat(broken).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyServiceTargetPortIsAPortOfTheSelectedContainers(Variant variant) {
		List<String> broken = new ArrayList<>();
		for (K8sObject service : Manifests.ofKind(variant, "Service")) {
			for (JsonNode port : elements(service.spec().path("ports"))) {
				JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
				for (K8sObject workload : selectedWorkloads(variant, service)) {
					if (!workload.declaresPort(target)) {
						broken.add(service + ": targetPort " + text(target) + " is not a container port of " + workload);
					}
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	/**
	 * Routes and Ingresses reach pods only through Services (the check below this one proves every backend is a
	 * Service port), so no Service port leading to the management port means no public entry reaches metrics or the
	 * full health report.
	 */
	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void noServiceForwardsToTheManagementPort(Variant variant) {
		List<String> exposing = new ArrayList<>();
		for (K8sObject service : Manifests.ofKind(variant, "Service")) {
			for (JsonNode port : elements(service.spec().path("ports"))) {
				JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
				for (K8sObject workload : selectedWorkloads(variant, service)) {
					Integer management = workload.namedPorts().get("management");
					boolean toManagement = text(target).equals("management")
							|| (management != null && target.isNumber() && target.asInt() == management);
					if (toManagement) {
						exposing.add(service + " port " + text(port.path("port")) + " → management port of " + workload);
					}
				}
			}
		}
		assertThat(exposing).isEmpty();
		assertThat(Manifests.workloads(variant)
			.stream()
			.filter((workload) -> workload.namedPorts().containsKey("management"))
			.map(K8sObject::name)).as("apps declaring a management port in %s", variant)
			.containsExactlyInAnyOrder("web", "api", "crawler");
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyHttpProbeAsksAPathTheAppServesOnADeclaredPort(Variant variant) {
		List<String> broken = new ArrayList<>();
		for (K8sObject workload : Manifests.workloads(variant)) {
			for (JsonNode container : workload.containers()) {
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					JsonNode httpGet = container.path(probe).path("httpGet");
					if (httpGet.isMissingNode()) {
						continue;
					}
					if (!APP_ENDPOINTS.contains(text(httpGet.path("path")))) {
						broken.add(workload + ": " + probe + " asks " + text(httpGet.path("path"))
								+ ", which the app does not serve");
					}
					if (!workload.declaresPort(httpGet.path("port"))) {
						broken.add(workload + ": " + probe + " port " + text(httpGet.path("port")) + " is not declared");
					}
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyRouteAndIngressBackendIsAnExistingServicePort(Variant variant) {
		List<String> broken = new ArrayList<>();
		for (K8sObject route : Manifests.ofKind(variant, "HTTPRoute")) {
			for (JsonNode rule : elements(route.spec().path("rules"))) {
				for (JsonNode backend : elements(rule.path("backendRefs"))) {
					if (servicePort(variant, text(backend.path("name")), backend.path("port")).isEmpty()) {
						broken.add(route + ": backendRef " + text(backend.path("name")) + ":" + text(backend.path("port"))
								+ " is no Service port");
					}
				}
			}
			for (JsonNode parent : elements(route.spec().path("parentRefs"))) {
				if (Manifests.gatewayListener(variant, parent).isEmpty()) {
					broken.add(route + ": parentRef " + parent + " names no Gateway listener");
				}
			}
		}
		for (K8sObject gateway : Manifests.ofKind(variant, "Gateway")) {
			String className = text(gateway.spec().path("gatewayClassName"));
			boolean providedByGke = variant.topology() == Variant.Topology.GKE && className.startsWith("gke-");
			if (!providedByGke && Manifests.ofKind(variant, "GatewayClass").stream()
				.noneMatch((gatewayClass) -> gatewayClass.name().equals(className))) {
				broken.add(gateway + ": GatewayClass " + className + " is neither rendered nor provided by GKE");
			}
		}
		for (K8sObject ingress : Manifests.ofKind(variant, "Ingress")) {
			for (JsonNode rule : elements(ingress.spec().path("rules"))) {
				for (JsonNode path : elements(rule.path("http").path("paths"))) {
					JsonNode service = path.path("backend").path("service");
					JsonNode port = service.path("port").has("name") ? service.path("port").path("name")
							: service.path("port").path("number");
					if (servicePort(variant, text(service.path("name")), port).isEmpty()) {
						broken.add(ingress + ": backend " + text(service.path("name")) + ":" + text(port)
								+ " is no Service port");
					}
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyConfigMapAndSecretReferenceExistsWithItsKeys(Variant variant) {
		List<String> broken = new ArrayList<>();
		for (K8sObject workload : Manifests.workloads(variant)) {
			workload.containersAndInitContainers().forEach((container) -> {
				for (JsonNode source : elements(container.path("envFrom"))) {
					for (String kind : List.of("ConfigMap", "Secret")) {
						JsonNode reference = source.path(kind.equals("ConfigMap") ? "configMapRef" : "secretRef");
						if (!reference.isMissingNode() && keys(variant, kind, text(reference.path("name"))).isEmpty()) {
							broken.add(workload + ": envFrom names missing " + kind + " " + text(reference.path("name")));
						}
					}
				}
				for (JsonNode variable : elements(container.path("env"))) {
					for (String kind : List.of("ConfigMap", "Secret")) {
						JsonNode reference = variable.path("valueFrom")
							.path(kind.equals("ConfigMap") ? "configMapKeyRef" : "secretKeyRef");
						if (reference.isMissingNode()) {
							continue;
						}
						Optional<Set<String>> keys = keys(variant, kind, text(reference.path("name")));
						if (keys.isEmpty() || !keys.get().contains(text(reference.path("key")))) {
							broken.add(workload + ": " + text(variable.path("name")) + " reads " + kind + " "
									+ text(reference.path("name")) + " key " + text(reference.path("key"))
									+ ", which does not exist");
						}
					}
				}
			});
			for (JsonNode volume : elements(workload.podSpec().path("volumes"))) {
				if (volume.has("configMap") && keys(variant, "ConfigMap", text(volume.path("configMap").path("name"))).isEmpty()) {
					broken.add(workload + ": volume " + text(volume.path("name")) + " names a missing ConfigMap");
				}
				if (volume.has("secret") && keys(variant, "Secret", text(volume.path("secret").path("secretName"))).isEmpty()) {
					broken.add(workload + ": volume " + text(volume.path("name")) + " names a missing Secret");
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyVolumeMountNamesAVolumeOrClaimTemplateOfItsPod(Variant variant) {
		List<String> broken = new ArrayList<>();
		for (K8sObject workload : Manifests.workloads(variant)) {
			Set<String> volumes = Stream
				.concat(elements(workload.podSpec().path("volumes")).stream().map((volume) -> volume.path("name")),
						elements(workload.spec().path("volumeClaimTemplates")).stream()
							.map((claim) -> claim.path("metadata").path("name")))
				.map(K8sObject::text)
				.collect(Collectors.toSet());
			workload.containersAndInitContainers().forEach((container) -> {
				for (JsonNode mount : elements(container.path("volumeMounts"))) {
					if (!volumes.contains(text(mount.path("name")))) {
						broken.add(workload + ": container " + text(container.path("name")) + " mounts "
								+ text(mount.path("name")) + " at " + text(mount.path("mountPath"))
								+ ", which is no volume or claim template of the pod " + volumes);
					}
				}
			});
		}
		assertThat(broken).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void crawlerBaseUrlIsTheCrawlerServiceOfThisOverlay(Variant variant) {
		URI url = URI.create(Manifests.configValue(variant, "api-config", "CRAWLER_BASE_URL"));
		int port = (url.getPort() == -1) ? 80 : url.getPort();

		Optional<K8sObject> service = servicePort(variant, url.getHost(), IntNode.valueOf(port));

		assertThat(url.getScheme()).as("CRAWLER_BASE_URL scheme in ConfigMap api-config").isEqualTo("http");
		assertThat(service).as("Service %s port %d named by CRAWLER_BASE_URL in ConfigMap api-config", url.getHost(), port)
			.isPresent();
		assertThat(selectedWorkloads(variant, service.get())).as("pods selected by " + service.get())
			.extracting(K8sObject::name)
			.containsExactly("crawler");
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void apiUrlReachesApiFromTheBrowserThroughThisOverlaysGateway(Variant variant) {
		String apiUrl = Manifests.configValue(variant, "web-config", "API_URL");
		Optional<String> backend = PublicRoutes.of(variant).backendFor(apiUrl + "/messages");

		assertThat(backend).as("Service that API_URL %s/messages reaches through the gateway of %s", apiUrl, variant)
			.hasValue("api-service");
		assertThat(PublicRoutes.of(variant).pathAt(apiUrl + "/messages"))
			.as("path api receives for API_URL %s/messages", apiUrl)
			.hasValue("/messages");
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void apiAllowsThePagesOriginWhenThePageCallsItCrossOrigin(Variant variant) {
		String apiUrl = Manifests.configValue(variant, "web-config", "API_URL");
		if (apiUrl.startsWith("/")) {
			return;
		}
		String pageOrigin = PublicRoutes.of(variant).originServing("web-service");
		String allowed = Optional.ofNullable(Manifests.configValues(variant, "api-config").get("API_CORS_ALLOWED_ORIGINS"))
			.orElse("*");

		assertThat(Set.of(allowed.split(","))).as("API_CORS_ALLOWED_ORIGINS in ConfigMap api-config")
			.containsAnyOf("*", pageOrigin);
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyAutoscalerTargetsADeploymentWhoseContainersRequestWhatItScalesOn(Variant variant) {
		List<String> broken = new ArrayList<>();
		for (K8sObject autoscaler : Manifests.ofKind(variant, "HorizontalPodAutoscaler")) {
			JsonNode target = autoscaler.spec().path("scaleTargetRef");
			Optional<K8sObject> workload = Manifests.workloads(variant).stream()
				.filter((candidate) -> candidate.kind().equals(text(target.path("kind")))
						&& candidate.name().equals(text(target.path("name"))))
				.findFirst();
			if (workload.isEmpty()) {
				broken.add(autoscaler + ": scaleTargetRef " + target + " does not exist");
				continue;
			}
			if (workload.get().spec().has("replicas")) {
				broken.add(workload.get() + ": sets replicas, which would fight " + autoscaler);
			}
			for (JsonNode metric : elements(autoscaler.spec().path("metrics"))) {
				String resource = text(metric.path("resource").path("name"));
				for (JsonNode container : workload.get().containers()) {
					if (container.path("resources").path("requests").path(resource).isMissingNode()) {
						broken.add(autoscaler + ": scales on " + resource + " but container " + text(container.path("name"))
								+ " of " + workload.get() + " requests none");
					}
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	static List<K8sObject> selectedWorkloads(Variant variant, K8sObject service) {
		JsonNode selector = service.spec().path("selector");
		return Manifests.workloads(variant).stream()
			.filter((workload) -> !selector.isEmpty() && K8sObject.stringMap(selector)
				.entrySet()
				.stream()
				.allMatch((entry) -> entry.getValue().equals(workload.podLabels().get(entry.getKey()))))
			.toList();
	}

	/** The Service with that name when it has a port with that number or name. */
	static Optional<K8sObject> servicePort(Variant variant, String name, JsonNode port) {
		return Manifests.ofKind(variant, "Service")
			.stream()
			.filter((service) -> service.name().equals(name))
			.filter((service) -> elements(service.spec().path("ports")).stream()
				.anyMatch((candidate) -> port.isNumber() ? candidate.path("port").asInt() == port.asInt()
						: text(candidate.path("name")).equals(text(port))))
			.findFirst();
	}

	/** The keys of the ConfigMap or Secret with that name, if it is rendered. */
	private static Optional<Set<String>> keys(Variant variant, String kind, String name) {
		return Manifests.ofKind(variant, kind)
			.stream()
			.filter((object) -> object.name().equals(name))
			.findFirst()
			.map((object) -> Stream.of("data", "stringData", "binaryData")
				.flatMap((field) -> object.json().path(field).propertyNames().stream())
				.collect(Collectors.toSet()));
	}

}
