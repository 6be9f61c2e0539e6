package dev.synergychat.systemtests.k8s;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each component under k8s/components promises in its README, checked in every variant that renders it: the
 * autoscalers, the disruption budgets, PostgreSQL with its Secret, Redis with its URL and the course's exercises.
 */
class ComponentsTest {

	static final List<Variant> VARIANTS = Variant.ALL;

	/** The workloads the pdb component's README gives a budget: the three services. */
	static final List<String> BUDGETED = List.of("web", "api", "crawler");

	@Test
	void everyVariantRendersTheComponentsTheseChecksCover() {
		for (Variant variant : VARIANTS) {
			assertThat(List.of("hpa", "pdb", "postgres", "redis")).as("components rendered by " + variant)
				.allMatch(variant::renders);
		}
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void theHpaComponentScalesWebAndApiOnCpuAndMemoryWithScaleUpAndScaleDownBehaviour(Variant variant) {
		List<K8sObject> autoscalers = Manifests.ofKind(variant, "HorizontalPodAutoscaler")
			.stream()
			.filter((autoscaler) -> !autoscaler.name().equals("testcpu"))
			.toList();

		assertThat(Manifests.ofKind(variant, "HorizontalPodAutoscaler")).extracting(K8sObject::toString)
			.as("HorizontalPodAutoscalers of " + variant)
			.containsExactlyInAnyOrderElementsOf(variant.renders("course-exercises")
					? List.of("HorizontalPodAutoscaler synergychat/web", "HorizontalPodAutoscaler synergychat/api",
							"HorizontalPodAutoscaler synergychat/testcpu")
					: List.of("HorizontalPodAutoscaler synergychat/web", "HorizontalPodAutoscaler synergychat/api"));
		for (K8sObject autoscaler : autoscalers) {
			JsonNode spec = autoscaler.spec();
			JsonNode behavior = spec.path("behavior");
			assertThat(autoscaler.apiVersion()).as(autoscaler + " apiVersion").isEqualTo("autoscaling/v2");
			assertThat(text(spec.path("scaleTargetRef").path("apiVersion")) + " "
					+ text(spec.path("scaleTargetRef").path("kind")) + " " + text(spec.path("scaleTargetRef").path("name")))
				.as(autoscaler + " scaleTargetRef")
				.isEqualTo("apps/v1 Deployment " + autoscaler.name());
			assertThat(elements(spec.path("metrics"))).as(autoscaler + " metrics")
				.extracting((metric) -> text(metric.path("type")) + " " + text(metric.path("resource").path("name")) + " "
						+ text(metric.path("resource").path("target").path("type")))
				.containsExactlyInAnyOrder("Resource cpu Utilization", "Resource memory Utilization");
			assertThat(spec.path("minReplicas").asInt()).as(autoscaler + " minReplicas, which the budget of one pod "
					+ "down relies on").isGreaterThanOrEqualTo(2);
			assertThat(spec.path("maxReplicas").asInt()).as(autoscaler + " maxReplicas")
				.isGreaterThan(spec.path("minReplicas").asInt());
			for (String direction : List.of("scaleUp", "scaleDown")) {
				assertThat(elements(behavior.path(direction).path("policies"))).as(autoscaler + " behavior." + direction
						+ ".policies")
					.isNotEmpty()
					.allSatisfy((policy) -> assertThat(policy.path("periodSeconds").asInt()).isPositive());
			}
			assertThat(behavior.path("scaleDown").path("stabilizationWindowSeconds").asInt())
				.as(autoscaler + " scaleDown stabilization window, longer than scaleUp's so a lull does not drop pods")
				.isGreaterThan(behavior.path("scaleUp").path("stabilizationWindowSeconds").asInt(0));
		}
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void thePdbComponentGivesEachServiceOneBudgetSelectingOnlyItsPodsThatNeverBlocksADrain(Variant variant) {
		List<K8sObject> budgets = Manifests.ofKind(variant, "PodDisruptionBudget");
		List<String> wrong = new ArrayList<>();

		assertThat(budgets).extracting(K8sObject::name).as("PodDisruptionBudgets of " + variant)
			.containsExactlyInAnyOrderElementsOf(BUDGETED);
		for (K8sObject budget : budgets) {
			List<String> selected = Manifests.workloads(variant)
				.stream()
				.filter((workload) -> K8sObject.selects(budget.spec().path("selector"), workload.podLabels()))
				.map(K8sObject::name)
				.toList();
			if (!budget.apiVersion().equals("policy/v1")) {
				wrong.add(budget + ": apiVersion " + budget.apiVersion() + ", expected policy/v1");
			}
			if (!selected.equals(List.of(budget.name()))) {
				wrong.add(budget + ": selects the pods of " + selected + ", expected those of " + budget.name() + " only");
				continue;
			}
			int fewestPods = fewestReplicas(variant, Manifests.find(variant, "Deployment", budget.name()));
			JsonNode spec = budget.spec();
			if (spec.has("minAvailable") == spec.has("maxUnavailable")) {
				wrong.add(budget + ": sets " + (spec.has("minAvailable") ? "both" : "neither")
						+ " of minAvailable and maxUnavailable");
			}
			else if (spec.has("minAvailable") && spec.path("minAvailable").asInt() >= fewestPods) {
				wrong.add(budget + ": minAvailable " + text(spec.path("minAvailable")) + " with as few as " + fewestPods
						+ " pods lets no pod be evicted, so every node drain blocks");
			}
			else if (spec.has("maxUnavailable") && spec.path("maxUnavailable").asInt() < 1) {
				wrong.add(budget + ": maxUnavailable " + text(spec.path("maxUnavailable")) + " blocks every node drain");
			}
		}
		assertThat(wrong).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void databaseUrlReachesApiFromTheGeneratedSecretAndNeverFromAConfigMap(Variant variant) {
		K8sObject api = Manifests.find(variant, "Deployment", "api");
		JsonNode container = api.containers().getFirst();
		List<String> wrong = new ArrayList<>();

		for (String variable : List.of("DATABASE_URL", "DATABASE_USERNAME", "DATABASE_PASSWORD")) {
			List<JsonNode> definitions = elements(container.path("env")).stream()
				.filter((env) -> text(env.path("name")).equals(variable))
				.toList();
			JsonNode reference = definitions.isEmpty() ? null : definitions.getFirst().path("valueFrom").path("secretKeyRef");
			if (definitions.size() != 1 || reference.isMissingNode() || definitions.getFirst().has("value")) {
				wrong.add(api + ": " + variable + " is not read from a Secret with secretKeyRef (" + definitions + ")");
			}
			else if (!text(reference.path("name")).startsWith("postgres-credentials-")) {
				wrong.add(api + ": " + variable + " reads Secret " + text(reference.path("name"))
						+ ", not the one generated as postgres-credentials");
			}
		}
		for (K8sObject configMap : Manifests.ofKind(variant, "ConfigMap")) {
			if (configMap.json().path("data").has("DATABASE_URL")) {
				wrong.add(configMap + ": holds DATABASE_URL, which belongs in the Secret");
			}
		}
		assertThat(wrong).isEmpty();

		String secretName = text(elements(container.path("env")).stream()
			.filter((env) -> text(env.path("name")).equals("DATABASE_URL"))
			.findFirst()
			.orElseThrow()
			.path("valueFrom")
			.path("secretKeyRef")
			.path("name"));
		K8sObject secret = Manifests.find(variant, "Secret", secretName);
		URI url = URI.create(decoded(secret, "DATABASE_URL"));
		Optional<K8sObject> service = CrossReferenceTest.servicePort(variant, url.getHost(),
				IntNode.valueOf(url.getPort()));

		assertThat(url.getScheme() + "://" + url.getHost() + ":" + url.getPort() + url.getPath())
			.as("DATABASE_URL in " + secret)
			.isEqualTo("postgresql://postgres-service:5432/synergychat");
		assertThat(service).as("Service and port named by DATABASE_URL in " + secret).isPresent();
		assertThat(CrossReferenceTest.selectedWorkloads(variant, service.get())).extracting(K8sObject::name)
			.as("pods behind " + service.get())
			.containsExactly("postgres");
		assertThat(decoded(secret, "POSTGRES_PASSWORD")).as("POSTGRES_PASSWORD in " + secret).hasSizeGreaterThan(20);
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void redisUrlIsInTheApiAndCrawlerConfigMapsWhereverTheRedisComponentIsUsed(Variant variant) {
		for (String configMap : List.of("api-config", "crawler-config")) {
			String url = Manifests.configValues(variant, configMap).get("REDIS_URL");
			if (!variant.renders("redis")) {
				assertThat(url).as("REDIS_URL in ConfigMap " + configMap + " of " + variant + ", which has no Redis")
					.isNull();
				continue;
			}
			assertThat(url).as("REDIS_URL in ConfigMap " + configMap + " of " + variant)
				.isEqualTo("redis://redis-service:6379");
		}
		if (variant.renders("redis")) {
			K8sObject service = CrossReferenceTest
				.servicePort(variant, "redis-service", IntNode.valueOf(6379))
				.orElseThrow(() -> new AssertionError(variant + " has no Service redis-service with port 6379"));
			assertThat(CrossReferenceTest.selectedWorkloads(variant, service)).extracting(K8sObject::name)
				.as("pods behind " + service)
				.containsExactly("redis");
		}
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void postgresKeepsItsDataOnAClaimTemplateItMountsAndIsGovernedByAHeadlessService(Variant variant) {
		K8sObject postgres = Manifests.find(variant, "StatefulSet", "postgres");
		List<JsonNode> claims = elements(postgres.spec().path("volumeClaimTemplates"));
		String serviceName = text(postgres.spec().path("serviceName"));
		K8sObject service = Manifests.find(variant, "Service", serviceName);

		assertThat(claims).as(postgres + " volumeClaimTemplates").singleElement().satisfies((claim) -> {
			assertThat(text(claim.path("metadata").path("name"))).as(postgres + " claim template name").isEqualTo("data");
			assertThat(claim.path("spec").path("accessModes").toString()).as(postgres + " claim access modes")
				.isEqualTo("[\"ReadWriteOnce\"]");
			assertThat(Quantities.bytes(text(claim.path("spec").path("resources").path("requests").path("storage"))))
				.as(postgres + " claim storage request")
				.isGreaterThanOrEqualTo(1024L * 1024 * 1024);
		});
		assertThat(elements(postgres.containers().getFirst().path("volumeMounts")))
			.as(postgres + " container postgres volumeMounts")
			.anySatisfy((mount) -> assertThat(text(mount.path("name")) + " at " + text(mount.path("mountPath")))
				.isEqualTo("data at /var/lib/postgresql"));
		assertThat(elements(postgres.podSpec().path("volumes"))).as(postgres + " pod volumes, which would shadow the claim")
			.noneSatisfy((volume) -> assertThat(text(volume.path("name"))).isEqualTo("data"));
		assertThat(serviceName).as(postgres + " serviceName").isEqualTo("postgres-service");
		assertThat(text(service.spec().path("clusterIP"))).as(service + " clusterIP (headless)").isEqualTo("None");
		assertThat(CrossReferenceTest.selectedWorkloads(variant, service)).extracting(K8sObject::name)
			.as("pods behind " + service)
			.containsExactly("postgres");
	}

	/**
	 * What testram's JVM uses besides the memory it holds, with margin: CourseToolImagesIT prints the measured figure
	 * (the container's use while holding).
	 */
	static final long TESTRAM_JVM_BYTES = 64L * 1024 * 1024;

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void theCourseExercisesRunTestcpuUnderAnAutoscalerAndTestramWithMegabytesFromAConfigMap(Variant variant) {
		if (!variant.renders("course-exercises")) {
			assertThat(Manifests.workloads(variant)).extracting(K8sObject::name)
				.as("workloads of " + variant + ", which has no course-exercises")
				.doesNotContain("testcpu", "testram");
			return;
		}
		K8sObject testcpu = Manifests.find(variant, "Deployment", "testcpu");
		K8sObject autoscaler = Manifests.find(variant, "HorizontalPodAutoscaler", "testcpu");
		JsonNode cpuContainer = testcpu.containers().getFirst();
		JsonNode spec = autoscaler.spec();

		assertThat(text(cpuContainer.path("image"))).isEqualTo("synergychat-testcpu:1.0.0-SNAPSHOT");
		assertThat(autoscaler.apiVersion()).isEqualTo("autoscaling/v2");
		assertThat(text(spec.path("scaleTargetRef").path("apiVersion")) + " " + text(spec.path("scaleTargetRef").path("kind"))
				+ " " + text(spec.path("scaleTargetRef").path("name")))
			.isEqualTo("apps/v1 Deployment testcpu");
		assertThat(elements(spec.path("metrics"))).singleElement()
			.satisfies((metric) -> assertThat(text(metric.path("resource").path("name")) + " "
					+ text(metric.path("resource").path("target").path("type"))).isEqualTo("cpu Utilization"));
		assertThat(spec.path("maxReplicas").asInt()).isGreaterThan(spec.path("minReplicas").asInt(1));
		double request = Quantities.cpu(text(cpuContainer.path("resources").path("requests").path("cpu")));
		double limit = Quantities.cpu(text(cpuContainer.path("resources").path("limits").path("cpu")));
		assertThat(limit / request * 100).as("the CPU testcpu reaches at its limit, in %% of its request, against the "
				+ "autoscaler's target, which it must exceed to scale")
			.isGreaterThan(elements(spec.path("metrics")).getFirst()
				.path("resource")
				.path("target")
				.path("averageUtilization")
				.asInt());

		K8sObject testram = Manifests.find(variant, "Deployment", "testram");
		JsonNode ramContainer = testram.containers().getFirst();
		JsonNode megabytes = elements(ramContainer.path("env")).stream()
			.filter((env) -> text(env.path("name")).equals("MEGABYTES"))
			.findFirst()
			.orElseThrow(() -> new AssertionError(testram + " sets no MEGABYTES"))
			.path("valueFrom")
			.path("configMapKeyRef");
		String held = Manifests.configValue(variant, text(megabytes.path("name")), text(megabytes.path("key")));
		long memoryLimit = Quantities.bytes(text(ramContainer.path("resources").path("limits").path("memory")));

		assertThat(text(ramContainer.path("image"))).isEqualTo("synergychat-testram:1.0.0-SNAPSHOT");
		assertThat(text(megabytes.path("name")) + " " + text(megabytes.path("key"))).as(testram + " MEGABYTES source")
			.isEqualTo("testram-config MEGABYTES");
		assertThat(held).as("MEGABYTES in ConfigMap testram-config").matches("[1-9][0-9]*");
		assertThat(Quantities.bytes(text(ramContainer.path("resources").path("requests").path("memory"))))
			.as(testram + " memory request, equal to the limit the exercise crosses")
			.isEqualTo(memoryLimit);
		assertThat(Long.parseLong(held) * 1024 * 1024 + TESTRAM_JVM_BYTES)
			.as("what testram uses with the ConfigMap's MEGABYTES, which must fit its memory limit until the exercise "
					+ "raises it")
			.isLessThanOrEqualTo(memoryLimit);
	}

	/** The fewest pods a Deployment runs: its autoscaler's minimum, else its replicas (1 when unset). */
	private static int fewestReplicas(Variant variant, K8sObject deployment) {
		return Manifests.ofKind(variant, "HorizontalPodAutoscaler")
			.stream()
			.filter((autoscaler) -> text(autoscaler.spec().path("scaleTargetRef").path("name")).equals(deployment.name()))
			.map((autoscaler) -> autoscaler.spec().path("minReplicas").asInt(1))
			.findFirst()
			.orElse(deployment.spec().path("replicas").asInt(1));
	}

	private static String decoded(K8sObject secret, String key) {
		Map<String, String> data = K8sObject.stringMap(secret.json().path("data"));
		if (!data.containsKey(key)) {
			throw new AssertionError(secret + " has no key " + key);
		}
		return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
	}

}
