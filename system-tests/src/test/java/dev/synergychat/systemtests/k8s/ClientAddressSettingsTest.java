package dev.synergychat.systemtests.k8s;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * api's rate limit counts per client, and which {@code X-Forwarded-For} entry is the client depends on the proxy in
 * front of it: Envoy and ingress-nginx append one entry, Google's load balancer two ({@code <client>, <load
 * balancer>}). Each variant sets the count for its proxy and trusts only where that proxy connects from.
 */
class ClientAddressSettingsTest {

	@Test
	void behindGooglesLoadBalancerApiTrustsItsRangesAndTwoHops() {
		for (Variant variant : List.of(Variant.GKE, Variant.GKE_TWO_CRAWLERS)) {
			Map<String, String> config = Manifests.configValues(variant, "api-config");

			assertThat(config).as(variant.name())
				.containsEntry("API_TRUSTED_PROXIES", "35.191.0.0/16,130.211.0.0/22")
				.containsEntry("API_TRUSTED_HOPS", "2");
		}
	}

	/** The proxies are pods, inside the default trusted private ranges; the hop count keeps forged entries out. */
	@Test
	void behindEnvoyOrIngressNginxApiTakesTheOneEntryTheProxyAppends() {
		for (Variant variant : List.of(Variant.MINIKUBE, Variant.MINIKUBE_TWO_CRAWLERS,
				Variant.MINIKUBE_INGRESS_NGINX)) {
			Map<String, String> config = Manifests.configValues(variant, "api-config");

			assertThat(config).as(variant.name())
				.containsEntry("API_TRUSTED_HOPS", "1")
				.doesNotContainKey("API_TRUSTED_PROXIES");
		}
	}

	@Test
	void everyVariantSetsAHopCount() {
		assertThat(Variant.ALL).allSatisfy((variant) -> assertThat(Manifests.configValue(variant, "api-config",
				"API_TRUSTED_HOPS")).as(variant.name()).matches("[12]"));
	}

}
