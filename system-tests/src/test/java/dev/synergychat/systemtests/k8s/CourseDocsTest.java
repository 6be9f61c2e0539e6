package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/course.md against what it deploys: the exercises in the course's order, and every object, label, container
 * and ConfigMap key its commands name exists in the variant it tells the reader to apply (the Minikube overlay with
 * course-exercises), so a command never fails for a name that the manifests do not have. Which combinations it
 * writes and which k8s/ paths it names, DocsTest checks with the other pages.
 */
class CourseDocsTest {

	static final Variant VARIANT = Variant.MINIKUBE_COURSE_EXERCISES;

	static final List<String> SECTIONS = List.of("## Set up", "## 1. Pods and Deployments, and scaling replicas",
			"## 2. Self-healing", "## 3. ConfigMaps", "## 4. Services and the three URLs", "## 5. The Gateway",
			"## 6. Persistence", "## 7. Namespaces", "## 8. Resources and limits", "## 9. Autoscaling",
			"## 10. Rolling update and `kubectl rollout undo`", "## 11. Blue/green", "## Clean up",
			"## Bring your own course manifests");

	/** The page's own commands create these (the green Deployment of the blue/green exercise). */
	static final Set<String> MADE_BY_THE_PAGE = Set.of("Deployment api-green");

	static final Map<String, String> KINDS = Map.of("deployment", "Deployment", "hpa", "HorizontalPodAutoscaler",
			"configmap", "ConfigMap", "service", "Service", "pvc", "PersistentVolumeClaim", "httproute", "HTTPRoute",
			"gateway", "Gateway", "gatewayclass", "GatewayClass");

	/** A kind and a name in a kubectl command: "deployment/api", "hpa testcpu", "pvc api-db". */
	static final Pattern OBJECT = Pattern
		.compile("(?<![\\w.-])(deployment|hpa|configmap|service|pvc|httproute|gateway|gatewayclass)[/ ]([a-z][a-z0-9-]*)");

	static final Pattern LABEL = Pattern.compile("-l app\\.kubernetes\\.io/name=([a-z0-9-]+)");

	static final Pattern SET_IMAGE = Pattern
		.compile("kubectl set image deployment/([a-z0-9-]+) -n synergychat ([a-z0-9-]+)=");

	static final Pattern PATCHED_CONTAINER = Pattern
		.compile("kubectl patch deployment ([a-z0-9-]+) .*\"containers\":\\[\\{\"name\":\"([a-z0-9-]+)\"");

	static final Pattern PATCHED_KEY = Pattern
		.compile("kubectl patch configmap ([a-z0-9-]+) -n synergychat -p '\\{\"data\":\\{\"([A-Z_]+)\"");

	static final Pattern SHELL_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

	@Test
	void theExercisesComeInTheCoursesOrderAndThePageEndsWithBringYourOwnManifests() {
		assertThat(page().lines().filter((line) -> line.startsWith("## ")).toList()).containsExactlyElementsOf(SECTIONS);
	}

	@Test
	void everyObjectTheCommandsNameIsRendered() {
		List<String> missing = new ArrayList<>();
		for (String command : commands()) {
			Matcher matcher = OBJECT.matcher(command);
			while (matcher.find()) {
				String kind = KINDS.get(matcher.group(1));
				String name = matcher.group(2);
				boolean rendered = Manifests.ofKind(VARIANT, kind).stream().anyMatch((object) -> object.name().equals(name));
				if (!rendered && !MADE_BY_THE_PAGE.contains(kind + " " + name)) {
					missing.add(kind + " " + name + " in: " + command);
				}
			}
		}
		assertThat(commands()).as("kubectl commands of docs/course.md").hasSizeGreaterThan(40);
		assertThat(missing).isEmpty();
	}

	@Test
	void everyLabelSelectorSelectsTheNamedPods() {
		List<String> missing = new ArrayList<>();
		for (String command : commands()) {
			Matcher matcher = LABEL.matcher(command);
			while (matcher.find()) {
				String name = matcher.group(1);
				if (Manifests.workloads(VARIANT).stream()
					.noneMatch((workload) -> name.equals(workload.podLabels().get("app.kubernetes.io/name")))) {
					missing.add("no pods labelled app.kubernetes.io/name=" + name + " for: " + command);
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void everyContainerAndConfigMapKeyTheCommandsChangeExists() {
		List<String> missing = new ArrayList<>();
		int checked = 0;
		for (String command : commands()) {
			for (Pattern pattern : List.of(SET_IMAGE, PATCHED_CONTAINER)) {
				Matcher matcher = pattern.matcher(command);
				if (matcher.find()) {
					checked++;
					K8sObject deployment = Manifests.find(VARIANT, "Deployment", matcher.group(1));
					if (deployment.containers().stream().noneMatch((c) -> text(c.path("name")).equals(matcher.group(2)))) {
						missing.add(deployment + " has no container " + matcher.group(2) + " for: " + command);
					}
				}
			}
			Matcher key = PATCHED_KEY.matcher(command);
			if (key.find()) {
				checked++;
				if (!Manifests.configValues(VARIANT, key.group(1)).containsKey(key.group(2))) {
					missing.add("ConfigMap " + key.group(1) + " has no key " + key.group(2) + " for: " + command);
				}
			}
		}
		assertThat(checked).as("commands that change a container or a ConfigMap key").isGreaterThanOrEqualTo(5);
		assertThat(missing).isEmpty();
	}

	/**
	 * The figures the page quotes from the manifests: testram's MEGABYTES and memory limit, testcpu's CPU limit, the
	 * api autoscaler's range and target, the claim the persistence exercise mounts, and the pods' fsGroup.
	 */
	@Test
	void theFiguresThePageQuotesAreTheManifests() {
		// Compared with lines unwrapped: where the page breaks a sentence is no part of what it says.
		String page = page().replaceAll("\\s+", " ");
		JsonNode testram = Manifests.find(VARIANT, "Deployment", "testram").containers().getFirst().path("resources");
		JsonNode testcpu = Manifests.find(VARIANT, "Deployment", "testcpu").containers().getFirst().path("resources");
		JsonNode apiScaler = Manifests.find(VARIANT, "HorizontalPodAutoscaler", "api").spec();
		JsonNode apiCpuTarget = elements(apiScaler.path("metrics")).stream()
			.filter((metric) -> text(metric.path("resource").path("name")).equals("cpu"))
			.findFirst()
			.orElseThrow();
		String megabytes = Manifests.configValue(VARIANT, "testram-config", "MEGABYTES");
		Optional<K8sObject> claim = Manifests.ofKind(VARIANT, "PersistentVolumeClaim")
			.stream()
			.filter((object) -> object.name().equals("api-db"))
			.findFirst();

		assertThat(page).contains("`MEGABYTES` MiB, " + megabytes + " from the ConfigMap `testram-config`")
			.contains("testram: holding " + megabytes + " MiB")
			.contains("under a " + text(testram.path("limits").path("memory")) + " limit")
			.contains("its limit is " + text(testcpu.path("limits").path("cpu")))
			.contains("its whole " + text(testcpu.path("limits").path("cpu")) + " limit")
			.contains("autoscaler from " + apiScaler.path("minReplicas").asInt() + " to " + apiScaler.path("maxReplicas").asInt()
					+ " pods")
			.contains("above its `" + apiCpuTarget.path("resource").path("target").path("averageUtilization").asInt() + "%`");
		assertThat(claim).as("the claim the persistence exercise mounts").isPresent();
		assertThat(Manifests.find(VARIANT, "Deployment", "api").podSpec().path("securityContext").path("fsGroup").asInt())
			.as("api's fsGroup, which the page quotes")
			.isEqualTo(65532);
		assertThat(page).contains("securityContext.fsGroup: 65532").contains("securityContext: fsGroup: 65532 ```");
	}

	private static List<String> commands() {
		List<String> commands = new ArrayList<>();
		Matcher block = SHELL_BLOCK.matcher(page());
		while (block.find()) {
			// A command continued with a backslash is one command.
			block.group(1).replace("\\\n", " ").lines().filter((line) -> line.contains("kubectl ")).forEach(commands::add);
		}
		Matcher inline = Pattern.compile("`(kubectl [^`]+)`").matcher(page());
		while (inline.find()) {
			commands.add(inline.group(1));
		}
		return commands;
	}

	private static String page() {
		try {
			return Files.readString(DocsTest.COURSE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
