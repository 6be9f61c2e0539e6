package dev.synergychat.systemtests.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rendered object against the schema of its kind and version: Kubernetes 1.36 for the core kinds, Gateway
 * API v1, and GKE's networking.gke.io/v1 policies, each at a version the target serves. The last tests show that the
 * validator does reject what it must.
 */
class SchemaTest {

	static final List<Variant> VARIANTS = Variant.ALL;

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyRenderedObjectMatchesTheSchemaOfItsKindAndVersion(Variant variant) {
		List<K8sObject> objects = Manifests.render(variant);
		List<List<String>> errors = SchemaValidator.errors(objects.stream().map(K8sObject::json).toList());
		List<String> invalid = new ArrayList<>();
		for (int i = 0; i < objects.size(); i++) {
			if (!errors.get(i).isEmpty()) {
				invalid.add(objects.get(i) + ": " + String.join("; ", errors.get(i)));
			}
		}
		assertThat(objects).as("objects rendered for " + variant).hasSizeGreaterThan(20);
		assertThat(invalid).as("objects of " + variant + " that break their schema").isEmpty();
	}

	/**
	 * The Gateway API models are generated from the experimental channel, a superset of the standard channel that GKE
	 * and most installs serve; this keeps the routes to standard rule fields and filters.
	 */
	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void httpRoutesUseOnlyStandardChannelRuleFieldsAndFilters(Variant variant) {
		Set<String> standardRuleFields = Set.of("matches", "filters", "backendRefs", "timeouts");
		Set<String> standardFilters = Set.of("RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect",
				"URLRewrite", "RequestMirror");
		for (K8sObject route : Manifests.ofKind(variant, "HTTPRoute")) {
			for (JsonNode rule : K8sObject.elements(route.spec().path("rules"))) {
				assertThat(rule.propertyNames()).as(route + " rule fields").isSubsetOf(standardRuleFields);
				assertThat(K8sObject.elements(rule.path("filters"))).as(route + " filters")
					.allSatisfy((filter) -> assertThat(K8sObject.text(filter.path("type"))).isIn(standardFilters));
			}
		}
	}

	@Test
	void aMisspeltFieldIsRejectedAsUnknown() {
		ObjectNode deployment = copyOf(Variant.MINIKUBE, "Deployment", "api");
		container(deployment).put("imagePullPolcy", "Always");
		ObjectNode route = copyOf(Variant.MINIKUBE, "HTTPRoute", "web");
		((ObjectNode) route.path("spec").path("rules").get(0).path("backendRefs").get(0)).put("wieght", 1);
		ObjectNode healthCheck = copyOf(Variant.GKE, "HealthCheckPolicy", "api");
		((ObjectNode) healthCheck.path("spec").path("default").path("config").path("httpHealthCheck"))
			.put("requestpath", "/");

		assertThat(SchemaValidator.errors(List.of(deployment, route, healthCheck))).containsExactly(
				List.of("/spec/template/spec/containers/0/imagePullPolcy: unknown field"),
				List.of("/spec/rules/0/backendRefs/0/wieght: unknown field"),
				List.of("/spec/default/config/httpHealthCheck/requestpath: unknown field"));
	}

	@Test
	void aValueOfTheWrongTypeOrOutsideItsEnumIsRejected() {
		ObjectNode deployment = copyOf(Variant.MINIKUBE, "Deployment", "api");
		((ObjectNode) container(deployment).path("ports").get(0)).put("containerPort", "eighty");
		ObjectNode healthCheck = copyOf(Variant.GKE, "HealthCheckPolicy", "api");
		((ObjectNode) healthCheck.path("spec").path("default").path("config")).put("type", "HTTP3");

		List<List<String>> errors = SchemaValidator.errors(List.of(deployment, healthCheck));

		assertThat(errors.get(0)).singleElement().asString().contains("containerPort", "integer");
		assertThat(errors.get(1)).singleElement().asString().contains("config/type", "allowed values");
	}

	@Test
	void aKindWithoutAPublishedSchemaIsRejected() {
		ObjectNode widget = copyOf(Variant.MINIKUBE, "Deployment", "api");
		widget.put("apiVersion", "example.com/v1").put("kind", "Widget");

		assertThat(SchemaValidator.errors(List.of(widget)))
			.containsExactly(List.of("no schema for apiVersion example.com/v1 kind Widget"));
	}

	/**
	 * kubernetes-models also ships the schemas of versions Kubernetes removed long ago, under which these objects are
	 * valid; the cluster would refuse them with "no matches for kind".
	 */
	@Test
	void aVersionKubernetes136NoLongerServesIsRejected() {
		ObjectNode budget = copyOf(Variant.MINIKUBE, "PodDisruptionBudget", "api");
		budget.put("apiVersion", "policy/v1beta1");
		ObjectNode autoscaler = copyOf(Variant.MINIKUBE, "HorizontalPodAutoscaler", "api");
		autoscaler.put("apiVersion", "autoscaling/v2beta2");
		ObjectNode deployment = copyOf(Variant.MINIKUBE, "Deployment", "api");
		deployment.put("apiVersion", "apps/v1beta2");
		ObjectNode ingress = copyOf(Variant.MINIKUBE_INGRESS_NGINX, "Ingress", "web");
		ingress.put("apiVersion", "networking.k8s.io/v1beta1");

		assertThat(SchemaValidator.errors(List.of(budget, autoscaler, deployment, ingress))).containsExactly(
				List.of("apiVersion policy/v1beta1 kind PodDisruptionBudget is not served by Kubernetes 1.36: "
						+ "use policy/v1"),
				List.of("apiVersion autoscaling/v2beta2 kind HorizontalPodAutoscaler is not served by Kubernetes 1.36: "
						+ "use autoscaling/v2"),
				List.of("apiVersion apps/v1beta2 kind Deployment is not served by Kubernetes 1.36: use apps/v1"),
				List.of("apiVersion networking.k8s.io/v1beta1 kind Ingress is not served by Kubernetes 1.36: "
						+ "use networking.k8s.io/v1"));
	}

	/** The Gateway API package has v1beta1 and alpha versions of these kinds, the GKE package alpha policies. */
	@Test
	void gatewayApiKindsMustBeV1AndGkePoliciesNetworkingGkeIoV1() {
		ObjectNode route = copyOf(Variant.MINIKUBE, "HTTPRoute", "web");
		route.put("apiVersion", "gateway.networking.k8s.io/v1beta1");
		ObjectNode gateway = copyOf(Variant.GKE, "Gateway", "synergychat");
		gateway.put("apiVersion", "gateway.networking.k8s.io/v1beta1");
		ObjectNode healthCheck = copyOf(Variant.GKE, "HealthCheckPolicy", "api");
		healthCheck.put("apiVersion", "networking.gke.io/v1beta1");
		ObjectNode lbPolicy = copyOf(Variant.GKE, "GCPBackendPolicy", "api");
		lbPolicy.put("apiVersion", "networking.gke.io/v1alpha1").put("kind", "LBPolicy");
		lbPolicy.remove("spec");

		assertThat(SchemaValidator.errors(List.of(route, gateway, healthCheck, lbPolicy))).containsExactly(
				List.of("apiVersion gateway.networking.k8s.io/v1beta1 kind HTTPRoute: Gateway API kinds must be "
						+ "gateway.networking.k8s.io/v1"),
				List.of("apiVersion gateway.networking.k8s.io/v1beta1 kind Gateway: Gateway API kinds must be "
						+ "gateway.networking.k8s.io/v1"),
				List.of("apiVersion networking.gke.io/v1beta1 kind HealthCheckPolicy: GKE networking kinds must be "
						+ "networking.gke.io/v1"),
				List.of("apiVersion networking.gke.io/v1alpha1 kind LBPolicy: GKE networking kinds must be "
						+ "networking.gke.io/v1"));
	}

	/** Proves the version checks above reject for the version alone: the same objects at their served versions pass. */
	@Test
	void theSameObjectsAtTheirServedVersionsAreValid() {
		List<JsonNode> objects = List.of(copyOf(Variant.MINIKUBE, "PodDisruptionBudget", "api"),
				copyOf(Variant.MINIKUBE, "HorizontalPodAutoscaler", "api"), copyOf(Variant.MINIKUBE, "HTTPRoute", "web"),
				copyOf(Variant.GKE, "HealthCheckPolicy", "api"));

		assertThat(SchemaValidator.errors(objects)).containsExactly(List.of(), List.of(), List.of(), List.of());
	}

	private static ObjectNode copyOf(Variant variant, String kind, String name) {
		return (ObjectNode) Manifests.find(variant, kind, name).json().deepCopy();
	}

	private static ObjectNode container(JsonNode deployment) {
		return (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
	}

}
