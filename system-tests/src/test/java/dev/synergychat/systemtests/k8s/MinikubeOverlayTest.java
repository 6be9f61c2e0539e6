package dev.synergychat.systemtests.k8s;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topology 4: Minikube with Envoy Gateway, two host names on one Gateway, images loaded into Minikube; and the two
 * components that change it (ingress-nginx in place of the Gateway, two crawlers).
 */
class MinikubeOverlayTest {

	@Test
	void envoyGatewayServesThePageAndApiOnTheirOwnHostNamesOnPort80() {
		K8sObject gatewayClass = Manifests.find(Variant.MINIKUBE, "GatewayClass", "envoy-gateway");
		K8sObject gateway = Manifests.find(Variant.MINIKUBE, "Gateway", "synergychat");
		PublicRoutes routes = PublicRoutes.of(Variant.MINIKUBE);

		assertThat(text(gatewayClass.spec().path("controllerName")))
			.isEqualTo("gateway.envoyproxy.io/gatewayclass-controller");
		assertThat(gatewayClass.namespace()).as("namespace of the cluster-scoped GatewayClass").isEmpty();
		assertThat(text(gateway.spec().path("gatewayClassName"))).isEqualTo("envoy-gateway");
		assertThat(elements(gateway.spec().path("listeners"))).singleElement()
			.satisfies((listener) -> assertThat(listener.path("port").asInt()).isEqualTo(80));
		assertThat(routes.originServing("web-service")).isEqualTo("http://synergychat.internal");
		assertThat(routes.backendFor("http://synergychatapi.internal/messages")).hasValue("api-service");
		assertThat(routes.backendFor("http://synergychat.internal/messages")).hasValue("web-service");
	}

	@Test
	void theBrowserIsGivenApisPublicHostAndApiAsksCrawlerByServiceName() {
		assertThat(Manifests.configValue(Variant.MINIKUBE, "web-config", "API_URL"))
			.isEqualTo("http://synergychatapi.internal");
		assertThat(Manifests.configValue(Variant.MINIKUBE, "api-config", "CRAWLER_BASE_URL"))
			.isEqualTo("http://crawler-service");
		assertThat(Manifests.configValue(Variant.MINIKUBE, "api-config", "API_CORS_ALLOWED_ORIGINS"))
			.isEqualTo("http://synergychat.internal");
	}

	@Test
	void theEventStreamRouteOutlastsEnvoysDefaultTimeout() {
		K8sObject route = Manifests.find(Variant.MINIKUBE, "HTTPRoute", "api");

		assertThat(elements(route.spec().path("rules"))).anySatisfy((rule) -> {
			assertThat(text(rule.path("matches").path(0).path("path").path("value"))).isEqualTo("/messages/stream");
			assertThat(text(rule.path("timeouts").path("request"))).isEqualTo("1h");
		});
	}

	@Test
	void appImagesAreTheOnesLoadedIntoMinikubeAndAreNeverPulled() {
		List<String> policies = Manifests.workloads(Variant.MINIKUBE)
			.stream()
			.filter((workload) -> ProductionChecklistTest.APPS.contains(workload.name()))
			.map((workload) -> text(workload.containers().getFirst().path("image")) + " "
					+ text(workload.containers().getFirst().path("imagePullPolicy")))
			.toList();

		assertThat(policies).containsExactlyInAnyOrder("synergychat-web:1.0.0-SNAPSHOT Never",
				"synergychat-api:1.0.0-SNAPSHOT Never", "synergychat-crawler:1.0.0-SNAPSHOT Never");
	}

	@Test
	void ingressNginxReplacesTheGatewayAndMovesPageAndApiToHttps() {
		Variant variant = Variant.MINIKUBE_INGRESS_NGINX;
		PublicRoutes routes = PublicRoutes.of(variant);

		assertThat(Manifests.ofKind(variant, "Gateway")).isEmpty();
		assertThat(Manifests.ofKind(variant, "GatewayClass")).isEmpty();
		assertThat(Manifests.ofKind(variant, "HTTPRoute")).isEmpty();
		assertThat(Manifests.ofKind(variant, "Ingress")).extracting(K8sObject::toString)
			.containsExactlyInAnyOrder("Ingress synergychat/web", "Ingress synergychat/api");
		assertThat(Manifests.ofKind(variant, "Ingress")).allSatisfy((ingress) -> assertThat(ingress.json()
			.path("metadata")
			.path("annotations")
			.has("cert-manager.io/cluster-issuer")).as(ingress + " asks cert-manager for a certificate").isTrue());
		assertThat(routes.originServing("web-service")).isEqualTo("https://synergychat.internal");
		assertThat(Manifests.configValue(variant, "web-config", "API_URL"))
			.isEqualTo("https://synergychatapi.internal");
	}

	@Test
	void theCourseComponentRunsTwoCrawlersSharingRedis() {
		for (Variant variant : List.of(Variant.MINIKUBE_TWO_CRAWLERS, Variant.GKE_TWO_CRAWLERS)) {
			K8sObject crawler = Manifests.find(variant, "Deployment", "crawler");

			assertThat(crawler.spec().path("replicas").asInt()).as(crawler + " replicas in " + variant).isEqualTo(2);
			assertThat(Manifests.configValue(variant, "crawler-config", "REDIS_URL"))
				.isEqualTo("redis://redis-service:6379");
		}
		assertThat(Manifests.find(Variant.MINIKUBE, "Deployment", "crawler").spec().path("replicas").asInt())
			.isEqualTo(1);
	}

}
