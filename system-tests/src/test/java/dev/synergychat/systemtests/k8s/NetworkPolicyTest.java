package dev.synergychat.systemtests.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.synergychat.systemtests.k8s.NetworkFlows.Endpoint;
import dev.synergychat.systemtests.k8s.NetworkFlows.Port;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NetworkPolicies of each variant allow exactly the flows SynergyChat uses (gateway → web and api, api →
 * crawler, api and crawler → Redis, api → PostgreSQL, crawler → HTTPS on the internet, every pod → DNS, Prometheus →
 * the apps' management port) and nothing else, among the variant's pods and the outside parties a cluster has: the gateway's proxies, cluster DNS, a pod of
 * another namespace, the cloud metadata server and a host on the internet.
 */
class NetworkPolicyTest {

	static final List<Variant> VARIANTS = Variant.ALL;

	static final List<Port> PORTS = List.of(new Port("TCP", 8080), new Port("TCP", 9090), new Port("TCP", 80),
			new Port("TCP", 443), new Port("TCP", 5432), new Port("TCP", 6379), new Port("TCP", 53), new Port("UDP", 53));

	static final Endpoint ENVOY_PROXY = new Endpoint("envoy-proxy", "envoy-gateway-system",
			Map.of("app.kubernetes.io/name", "envoy", "app.kubernetes.io/component", "proxy"), "10.96.1.10", Map.of());

	static final Endpoint INGRESS_NGINX = new Endpoint("ingress-nginx", "ingress-nginx",
			Map.of("app.kubernetes.io/name", "ingress-nginx", "app.kubernetes.io/component", "controller"), "10.96.1.11",
			Map.of());

	static final Endpoint GOOGLE_FRONT_END = new Endpoint("google-front-end", "", Map.of(), "35.191.7.20", Map.of());

	static final Endpoint GOOGLE_HEALTH_CHECKER = new Endpoint("google-health-checker", "", Map.of(), "130.211.2.5",
			Map.of());

	static final Endpoint PROMETHEUS = new Endpoint("prometheus", "monitoring",
			Map.of("app.kubernetes.io/name", "prometheus"), "10.96.1.14", Map.of());

	static final Endpoint MANAGED_PROMETHEUS = new Endpoint("managed-prometheus-collector", "gmp-system",
			Map.of("app.kubernetes.io/name", "collector"), "10.96.1.15", Map.of());

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
		List<Endpoint> senders = new ArrayList<>(pods);
		senders.addAll(List.of(ENVOY_PROXY, INGRESS_NGINX, GOOGLE_FRONT_END, GOOGLE_HEALTH_CHECKER, OTHER_POD,
				PROMETHEUS, MANAGED_PROMETHEUS));
		List<Endpoint> receivers = new ArrayList<>(pods);
		receivers.addAll(List.of(KUBE_DNS, OTHER_POD, METADATA_SERVER, NODE_LOCAL_DNS, INTERNET_HOST));

		NetworkFlows flows = new NetworkFlows("synergychat", Manifests.ofKind(variant, "NetworkPolicy"));

		assertThat(flows.allowed(senders, receivers, PORTS)).as("flows the NetworkPolicies of %s allow", variant)
			.containsExactlyElementsOf(expectedFlows(variant));
	}

	/**
	 * The check above tries a handful of ports; this one reads every rule, so a rule that opens all ports (no
	 * {@code ports}, a port entry without a port, a range) or a port no flow of its pods uses fails too.
	 */
	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyRuleOpensOnlyPortsOfTheFlowsOfItsPods(Variant variant) {
		assertThat(portProblems(variant, Manifests.ofKind(variant, "NetworkPolicy")))
			.as("rules of the NetworkPolicies of %s that open more than the expected flows", variant)
			.isEmpty();
	}

	@Test
	void aRuleWithoutPortsOrWithAPortOutsideTheFlowsIsReported() {
		ObjectNode allPorts = (ObjectNode) Manifests.find(Variant.MINIKUBE, "NetworkPolicy", "postgres").json().deepCopy();
		((ObjectNode) allPorts.path("spec").path("ingress").get(0)).remove("ports");
		ObjectNode otherPort = (ObjectNode) Manifests.find(Variant.MINIKUBE, "NetworkPolicy", "api").json().deepCopy();
		((ObjectNode) otherPort.path("spec").path("egress").get(1).path("ports").get(0)).put("port", 9090);
		ObjectNode wrongFlow = (ObjectNode) Manifests.find(Variant.MINIKUBE, "NetworkPolicy", "crawler").json().deepCopy();
		((ObjectNode) wrongFlow.path("spec").path("egress").get(0).path("ports").get(0)).put("port", "postgres");
		ObjectNode protocolOnly = (ObjectNode) Manifests.find(Variant.MINIKUBE, "NetworkPolicy", "dns").json().deepCopy();
		((ObjectNode) protocolOnly.path("spec").path("egress").get(0).path("ports").get(0)).remove("port");
		ObjectNode range = (ObjectNode) Manifests.find(Variant.MINIKUBE, "NetworkPolicy", "redis").json().deepCopy();
		((ObjectNode) range.path("spec").path("ingress").get(0).path("ports").get(0)).put("port", 6379).put("endPort", 6389);

		List<String> problems = portProblems(Variant.MINIKUBE, List.of(new K8sObject(allPorts), new K8sObject(otherPort),
				new K8sObject(wrongFlow), new K8sObject(protocolOnly), new K8sObject(range)));

		assertThat(problems).containsExactly(
				"NetworkPolicy synergychat/postgres ingress rule 0: no ports, so it allows every port",
				"NetworkPolicy synergychat/api egress rule 1: allows TCP/9090, which no expected flow of api uses",
				"NetworkPolicy synergychat/crawler egress rule 0: allows TCP/5432, which no expected flow of crawler uses",
				"NetworkPolicy synergychat/dns egress rule 0: a UDP entry without a port allows every UDP port",
				"NetworkPolicy synergychat/redis ingress rule 0: allows the range TCP/6379-6389");
	}

	@Test
	void withoutPoliciesEverythingIsAllowedSoTheCheckAboveCanFail() {
		List<Endpoint> pods = pods(Variant.MINIKUBE);

		Set<String> allowed = new NetworkFlows("synergychat", List.of()).allowed(pods, List.of(INTERNET_HOST), PORTS);

		assertThat(allowed).hasSize(pods.size() * PORTS.size()).contains("web -> internet-host TCP/5432");
	}

	/** Every flow SynergyChat uses in this variant, as "from -> to PROTOCOL/port" like NetworkFlows reports them. */
	private static Set<String> expectedFlows(Variant variant) {
		Set<String> expected = new TreeSet<>();
		for (Endpoint gateway : gateways(variant)) {
			expected.add(gateway.name() + " -> web TCP/8080");
			expected.add(gateway.name() + " -> api TCP/8080");
		}
		for (String app : List.of("web", "api", "crawler")) {
			expected.add(PROMETHEUS.name() + " -> " + app + " TCP/9090");
			expected.add(MANAGED_PROMETHEUS.name() + " -> " + app + " TCP/9090");
		}
		expected.addAll(Set.of("api -> crawler TCP/8080", "api -> redis TCP/6379", "crawler -> redis TCP/6379",
				"api -> postgres TCP/5432", "crawler -> internet-host TCP/443"));
		List<Endpoint> resolvers = (variant.topology() == Variant.Topology.GKE)
				? List.of(KUBE_DNS, METADATA_SERVER, NODE_LOCAL_DNS) : List.of(KUBE_DNS);
		for (Endpoint pod : pods(variant)) {
			for (Endpoint resolver : resolvers) {
				expected.add(pod.name() + " -> " + resolver.name() + " UDP/53");
				expected.add(pod.name() + " -> " + resolver.name() + " TCP/53");
			}
		}
		return expected;
	}

	/**
	 * For each rule of the policies, what it opens beyond the expected flows of the pods the policy selects: all ports,
	 * a port range, or a port (a number, or a name resolved on the variant's containers) that none of those pods'
	 * expected flows in that direction uses.
	 */
	private static List<String> portProblems(Variant variant, List<K8sObject> policies) {
		Set<String> expected = expectedFlows(variant);
		List<Endpoint> pods = pods(variant);
		List<String> problems = new ArrayList<>();
		for (K8sObject policy : policies) {
			List<String> subjects = pods.stream()
				.filter((pod) -> K8sObject.selects(policy.spec().path("podSelector"), pod.labels()))
				.map(Endpoint::name)
				.toList();
			for (String direction : List.of("ingress", "egress")) {
				List<JsonNode> rules = elements(policy.spec().path(direction));
				for (int i = 0; i < rules.size(); i++) {
					String where = policy + " " + direction + " rule " + i;
					List<JsonNode> ports = elements(rules.get(i).path("ports"));
					if (ports.isEmpty()) {
						problems.add(where + ": no ports, so it allows every port");
					}
					for (JsonNode port : ports) {
						String protocol = port.has("protocol") ? text(port.path("protocol")) : "TCP";
						if (!port.has("port")) {
							problems.add(where + ": a " + protocol + " entry without a port allows every " + protocol
									+ " port");
							continue;
						}
						if (port.has("endPort")) {
							problems.add(where + ": allows the range " + protocol + "/" + text(port.path("port")) + "-"
									+ text(port.path("endPort")));
							continue;
						}
						for (int number : portNumbers(pods, port.path("port"))) {
							String opened = protocol + "/" + number;
							boolean used = subjects.stream()
								.anyMatch((subject) -> expected.stream()
									.anyMatch((flow) -> flow.endsWith(" " + opened) && (direction.equals("ingress")
											? flow.contains(" -> " + subject + " ") : flow.startsWith(subject + " -> "))));
							if (!used) {
								problems.add(where + ": allows " + opened + ", which no expected flow of "
										+ String.join(", ", subjects) + " uses");
							}
						}
					}
				}
			}
		}
		return problems;
	}

	/** A port number, or every number a named port has on some container of the variant. */
	private static Set<Integer> portNumbers(List<Endpoint> pods, JsonNode port) {
		if (port.isNumber()) {
			return Set.of(port.asInt());
		}
		Set<Integer> numbers = new TreeSet<>();
		pods.stream()
			.map((pod) -> pod.namedPorts().get(text(port)))
			.filter((number) -> number != null)
			.forEach(numbers::add);
		return numbers.isEmpty() ? Set.of(-1) : numbers;
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
