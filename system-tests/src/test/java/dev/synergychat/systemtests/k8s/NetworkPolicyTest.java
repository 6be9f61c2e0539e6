package dev.synergychat.systemtests.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.synergychat.systemtests.k8s.NetworkFlows.Endpoint;
import dev.synergychat.systemtests.k8s.NetworkFlows.Port;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NetworkPolicies of each variant allow exactly the flows SynergyChat uses (gateway → web and api, api →
 * crawler, api and crawler → Redis, api → PostgreSQL, crawler → HTTPS on the internet, every pod → DNS) and nothing
 * else, among the variant's pods and the outside parties a cluster has: the gateway's proxies, cluster DNS, a pod of
 * another namespace, the cloud metadata server and a host on the internet.
 */
class NetworkPolicyTest {

	static final List<Variant> VARIANTS = Variant.ALL;

	static final List<Port> PORTS = List.of(new Port("TCP", 8080), new Port("TCP", 80), new Port("TCP", 443),
			new Port("TCP", 5432), new Port("TCP", 6379), new Port("TCP", 53), new Port("UDP", 53));

	static final Endpoint ENVOY_PROXY = new Endpoint("envoy-proxy", "envoy-gateway-system",
			Map.of("app.kubernetes.io/name", "envoy", "app.kubernetes.io/component", "proxy"), "10.96.1.10", Map.of());

	static final Endpoint INGRESS_NGINX = new Endpoint("ingress-nginx", "ingress-nginx",
			Map.of("app.kubernetes.io/name", "ingress-nginx", "app.kubernetes.io/component", "controller"), "10.96.1.11",
			Map.of());

	static final Endpoint GOOGLE_FRONT_END = new Endpoint("google-front-end", "", Map.of(), "35.191.7.20", Map.of());

	static final Endpoint GOOGLE_HEALTH_CHECKER = new Endpoint("google-health-checker", "", Map.of(), "130.211.2.5",
			Map.of());

	static final Endpoint KUBE_DNS = new Endpoint("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"),
			"10.96.1.12", Map.of());

	static final Endpoint OTHER_POD = new Endpoint("other-namespace-pod", "default", Map.of("app", "other"),
			"10.96.1.13", Map.of("http", 8080));

	static final Endpoint METADATA_SERVER = new Endpoint("metadata-server", "", Map.of(), "169.254.169.254", Map.of());

	static final Endpoint NODE_LOCAL_DNS = new Endpoint("node-local-dns", "", Map.of(), "169.254.20.10", Map.of());

	static final Endpoint INTERNET_HOST = new Endpoint("internet-host", "", Map.of(), "93.184.215.14", Map.of());

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void policiesAllowExactlyTheFlowsTheAppUses(Variant variant) {
		List<Endpoint> pods = pods(variant);
		List<Endpoint> gateways = gateways(variant);
		List<Endpoint> senders = new ArrayList<>(pods);
		senders.addAll(List.of(ENVOY_PROXY, INGRESS_NGINX, GOOGLE_FRONT_END, GOOGLE_HEALTH_CHECKER, OTHER_POD));
		List<Endpoint> receivers = new ArrayList<>(pods);
		receivers.addAll(List.of(KUBE_DNS, OTHER_POD, METADATA_SERVER, NODE_LOCAL_DNS, INTERNET_HOST));

		Set<String> expected = new TreeSet<>();
		for (Endpoint gateway : gateways) {
			expected.add(gateway.name() + " -> web TCP/8080");
			expected.add(gateway.name() + " -> api TCP/8080");
		}
		expected.addAll(Set.of("api -> crawler TCP/8080", "api -> redis TCP/6379", "crawler -> redis TCP/6379",
				"api -> postgres TCP/5432", "crawler -> internet-host TCP/443"));
		List<Endpoint> resolvers = (variant.topology() == Variant.Topology.GKE)
				? List.of(KUBE_DNS, METADATA_SERVER, NODE_LOCAL_DNS) : List.of(KUBE_DNS);
		for (Endpoint pod : pods) {
			for (Endpoint resolver : resolvers) {
				expected.add(pod.name() + " -> " + resolver.name() + " UDP/53");
				expected.add(pod.name() + " -> " + resolver.name() + " TCP/53");
			}
		}

		NetworkFlows flows = new NetworkFlows("synergychat", Manifests.ofKind(variant, "NetworkPolicy"));

		assertThat(flows.allowed(senders, receivers, PORTS)).as("flows the NetworkPolicies of %s allow", variant)
			.containsExactlyElementsOf(expected);
	}

	@Test
	void withoutPoliciesEverythingIsAllowedSoTheCheckAboveCanFail() {
		List<Endpoint> pods = pods(Variant.MINIKUBE);

		Set<String> allowed = new NetworkFlows("synergychat", List.of()).allowed(pods, List.of(INTERNET_HOST), PORTS);

		assertThat(allowed).hasSize(pods.size() * PORTS.size()).contains("web -> internet-host TCP/5432");
	}

	/** Who reaches web and api from outside the namespace in this variant. */
	private static List<Endpoint> gateways(Variant variant) {
		if (variant.uses("ingress-nginx")) {
			return List.of(INGRESS_NGINX);
		}
		return (variant.topology() == Variant.Topology.GKE) ? List.of(GOOGLE_FRONT_END, GOOGLE_HEALTH_CHECKER)
				: List.of(ENVOY_PROXY);
	}

	/** One endpoint per workload, with its pod labels, named ports and an address in the pod range. */
	private static List<Endpoint> pods(Variant variant) {
		List<Endpoint> pods = new ArrayList<>();
		List<K8sObject> workloads = Manifests.workloads(variant);
		for (int i = 0; i < workloads.size(); i++) {
			K8sObject workload = workloads.get(i);
			pods.add(new Endpoint(workload.name(), workload.namespace(), workload.podLabels(), "10.8.0." + (i + 10),
					workload.namedPorts()));
		}
		return pods;
	}

}
