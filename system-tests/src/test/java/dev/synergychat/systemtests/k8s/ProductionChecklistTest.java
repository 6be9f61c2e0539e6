package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production checklist of issue 5, for every workload of every variant: resources, probes, graceful shutdown,
 * rollout settings, the security block, labels and scrape annotations. Probes and the pause before stopping apply to
 * workloads that serve something; the course's tools serve nothing (see {@link #servesNothing}).
 */
class ProductionChecklistTest {

	static final List<Variant> VARIANTS = Variant.ALL;

	/** The three SynergyChat services, whose probes, port and scrape endpoint the shared contract fixes. */
	static final Set<String> APPS = Set.of("web", "api", "crawler");

	/**
	 * What Redis (flushing its append-only file) and PostgreSQL (a fast shutdown and checkpoint) are given to stop:
	 * neither sets a limit that a test could read.
	 */
	static final int DATA_STORE_SHUTDOWN_SECONDS = 20;

	private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{SHUTDOWN_DRAIN:([^}]+)}");

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyContainerRequestsAndLimitsCpuMemoryAndEphemeralStorage(Variant variant) {
		List<String> missing = new ArrayList<>();
		forEachContainer(variant, (workload, container) -> {
			for (String kind : List.of("requests", "limits")) {
				for (String resource : List.of("cpu", "memory", "ephemeral-storage")) {
					if (container.path("resources").path(kind).path(resource).isMissingNode()) {
						missing.add(workload + " container " + text(container.path("name")) + ": no " + resource + " in "
								+ kind);
					}
				}
			}
		});
		assertThat(missing).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyContainerHasStartupLivenessAndReadinessProbesAndTheAppsUseTheirHealthEndpoints(Variant variant) {
		List<String> wrong = new ArrayList<>();
		forEachContainer(variant, (workload, container) -> {
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				if (container.path(probe).isMissingNode() && !servesNothing(workload)) {
					wrong.add(workload + ": no " + probe);
				}
			}
			if (APPS.contains(workload.name())) {
				expect(wrong, workload + " livenessProbe path",
						text(container.path("livenessProbe").path("httpGet").path("path")), "/health/live");
				expect(wrong, workload + " readinessProbe path",
						text(container.path("readinessProbe").path("httpGet").path("path")), "/health/ready");
				expect(wrong, workload + " port http", String.valueOf(workload.namedPorts().get("http")), "8080");
				expect(wrong, workload + " port management", String.valueOf(workload.namedPorts().get("management")),
						"9090");
			}
		});
		assertThat(wrong).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyPodPausesBeforeStoppingAndGetsTimeToShutDownGracefully(Variant variant) {
		List<String> wrong = new ArrayList<>();
		forEachContainer(variant, (workload, container) -> {
			if (servesNothing(workload)) {
				return;
			}
			int pause = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt(0);
			int grace = workload.podSpec().path("terminationGracePeriodSeconds").asInt(30);
			long shutdown = APPS.contains(workload.name()) ? appShutdownSeconds(workload.name())
					: DATA_STORE_SHUTDOWN_SECONDS;
			if (pause <= 0) {
				wrong.add(workload + ": no preStop sleep, so endpoints may still route to a stopping pod");
			}
			if (grace <= pause + shutdown) {
				wrong.add(workload + ": terminationGracePeriodSeconds " + grace + " leaves no room for a " + pause
						+ " s pause and a " + shutdown + " s shutdown");
			}
		});
		assertThat(wrong).isEmpty();
	}

	/** The check above reads each app's own setting: these are the values it compares the grace periods with. */
	@Test
	void theAppsShutdownLimitsAreReadFromTheirApplicationYaml() {
		for (String app : APPS) {
			assertThat(appShutdownSeconds(app)).as(app + " drain plus spring.lifecycle.timeout-per-shutdown-phase in seconds")
				.isEqualTo(25);
		}
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyWorkloadRollsOutOnePodAtATimeAndKeepsHistoryForUndo(Variant variant) {
		List<String> wrong = new ArrayList<>();
		for (K8sObject workload : Manifests.workloads(variant)) {
			if (workload.spec().path("revisionHistoryLimit").asInt(0) < 2) {
				wrong.add(workload + ": revisionHistoryLimit below 2 leaves nothing for kubectl rollout undo");
			}
			if (workload.is("Deployment")) {
				JsonNode strategy = workload.spec().path("strategy");
				expect(wrong, workload + " strategy", text(strategy.path("type")), "RollingUpdate");
				expect(wrong, workload + " maxSurge", text(strategy.path("rollingUpdate").path("maxSurge")), "1");
				expect(wrong, workload + " maxUnavailable", text(strategy.path("rollingUpdate").path("maxUnavailable")),
						"0");
			}
		}
		assertThat(wrong).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyPodRunsLockedDown(Variant variant) {
		List<String> wrong = new ArrayList<>();
		for (K8sObject workload : Manifests.workloads(variant)) {
			JsonNode pod = workload.podSpec();
			JsonNode podSecurity = pod.path("securityContext");
			expect(wrong, workload + " automountServiceAccountToken", text(pod.path("automountServiceAccountToken")),
					"false");
			expect(wrong, workload + " runAsNonRoot", text(podSecurity.path("runAsNonRoot")), "true");
			expect(wrong, workload + " seccompProfile", text(podSecurity.path("seccompProfile").path("type")),
					"RuntimeDefault");
			if (podSecurity.path("runAsUser").asInt(0) <= 0) {
				wrong.add(workload + ": runAsUser is not a numeric non-root user");
			}
			for (JsonNode container : workload.containers()) {
				JsonNode security = container.path("securityContext");
				String name = workload + " container " + text(container.path("name"));
				expect(wrong, name + " allowPrivilegeEscalation", text(security.path("allowPrivilegeEscalation")), "false");
				expect(wrong, name + " readOnlyRootFilesystem", text(security.path("readOnlyRootFilesystem")), "true");
				expect(wrong, name + " capabilities.drop", security.path("capabilities").path("drop").toString(),
						"[\"ALL\"]");
				if (!security.path("capabilities").path("add").isMissingNode()) {
					wrong.add(name + ": adds capabilities");
				}
			}
			if (APPS.contains(workload.name()) && !mountsEmptyDirAt(workload, "/tmp")) {
				wrong.add(workload + ": no emptyDir at /tmp, the one writable path of the image");
			}
		}
		assertThat(wrong).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyWorkloadCarriesTheRecommendedLabelsAndTheAppsAreScraped(Variant variant) {
		List<String> wrong = new ArrayList<>();
		for (K8sObject workload : Manifests.workloads(variant)) {
			for (Map<String, String> labels : List.of(workload.labels(), workload.podLabels())) {
				expect(wrong, workload + " label app.kubernetes.io/name", labels.get("app.kubernetes.io/name"),
						workload.name());
				expect(wrong, workload + " label app.kubernetes.io/part-of", labels.get("app.kubernetes.io/part-of"),
						"synergychat");
				if (labels.get("app.kubernetes.io/component") == null) {
					wrong.add(workload + ": no app.kubernetes.io/component label");
				}
			}
			expect(wrong, workload + " selector", workload.spec().path("selector").path("matchLabels").toString(),
					"{\"app.kubernetes.io/name\":\"" + workload.name() + "\"}");
			if (APPS.contains(workload.name())) {
				Map<String, String> annotations = K8sObject
					.stringMap(workload.podTemplate().path("metadata").path("annotations"));
				expect(wrong, workload + " prometheus.io/scrape", annotations.get("prometheus.io/scrape"), "true");
				expect(wrong, workload + " prometheus.io/port", annotations.get("prometheus.io/port"), "9090");
				expect(wrong, workload + " prometheus.io/path", annotations.get("prometheus.io/path"), "/metrics");
			}
		}
		assertThat(wrong).isEmpty();
	}

	/**
	 * How long the app takes at most to stop, from its own application.yaml: the drain during which readiness
	 * answers 503 ({@code synergychat.shutdown.drain}, the default of its {@code ${SHUTDOWN_DRAIN:...}}) plus
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}, in whole seconds up.
	 */
	static long appShutdownSeconds(String app) {
		Path file = Manifests.ROOT.resolve(app).resolve("src/main/resources/application.yaml");
		JsonNode settings;
		try {
			settings = YAML.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		JsonNode timeout = settings.path("spring").path("lifecycle").path("timeout-per-shutdown-phase");
		if (timeout.isMissingNode() || timeout.isNull()) {
			throw new AssertionError(Manifests.ROOT.relativize(file)
					+ " sets no spring.lifecycle.timeout-per-shutdown-phase, so the app's shutdown time is Spring's default");
		}
		String drain = text(settings.path("synergychat").path("shutdown").path("drain"));
		Matcher placeholder = PLACEHOLDER_DEFAULT.matcher(drain);
		if (!placeholder.matches()) {
			throw new AssertionError(Manifests.ROOT.relativize(file)
					+ " maps synergychat.shutdown.drain as \"" + drain + "\", not as ${SHUTDOWN_DRAIN:<default>}");
		}
		Duration duration = DurationStyle.detectAndParse(text(timeout))
			.plus(DurationStyle.detectAndParse(placeholder.group(1)));
		return duration.toSeconds() + ((duration.getNano() > 0) ? 1 : 0);
	}

	/**
	 * Whether no container of the workload declares a port, as the course's tools (course-exercises): nothing routes
	 * to them, so there is no readiness to report and no endpoint removal to wait for before stopping, and a probe
	 * would need a server that they do not have.
	 */
	static boolean servesNothing(K8sObject workload) {
		return workload.containers().stream().allMatch((container) -> elements(container.path("ports")).isEmpty());
	}

	private static boolean mountsEmptyDirAt(K8sObject workload, String path) {
		return workload.containers()
			.stream()
			.flatMap((container) -> elements(container.path("volumeMounts")).stream())
			.filter((mount) -> text(mount.path("mountPath")).equals(path))
			.anyMatch((mount) -> elements(workload.podSpec().path("volumes")).stream()
				.anyMatch((volume) -> text(volume.path("name")).equals(text(mount.path("name")))
						&& volume.has("emptyDir")));
	}

	private static void expect(List<String> wrong, String what, String actual, String expected) {
		if (!expected.equals(actual)) {
			wrong.add(what + " is " + actual + ", expected " + expected);
		}
	}

	private static void forEachContainer(Variant variant, BiConsumer<K8sObject, JsonNode> check) {
		for (K8sObject workload : Manifests.workloads(variant)) {
			workload.containers().forEach((container) -> check.accept(workload, container));
		}
	}

}
