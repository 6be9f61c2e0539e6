package dev.synergychat.systemtests.k8s;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;

/**
 * Evaluates rendered NetworkPolicies the way the Kubernetes NetworkPolicy API defines them: a pod selected by any
 * policy of a direction is isolated in that direction and accepts only what some rule of those policies allows; a
 * connection needs the sender's egress and the receiver's ingress. Peers are matched by pod and namespace selectors
 * and by ipBlock; ports by number or by the receiving container's port name.
 */
final class NetworkFlows {

	/**
	 * Something that sends or receives traffic: a pod (with a namespace) or an address outside the cluster (namespace
	 * empty).
	 */
	record Endpoint(String name, String namespace, Map<String, String> labels, String ip,
			Map<String, Integer> namedPorts) {

		boolean isPod() {
			return !this.namespace.isEmpty();
		}

		Map<String, String> namespaceLabels() {
			return Map.of("kubernetes.io/metadata.name", this.namespace);
		}

	}

	/** A protocol and port a connection is made to. */
	record Port(String protocol, int number) {

		@Override
		public String toString() {
			return this.protocol + "/" + this.number;
		}

	}

	private final String namespace;

	private final List<K8sObject> policies;

	/** The policies of one namespace, which decide only flows that start or end there. */
	NetworkFlows(String namespace, List<K8sObject> policies) {
		this.namespace = namespace;
		this.policies = policies;
	}

	/**
	 * Every allowed connection among these endpoints and ports that starts or ends in the namespace, as
	 * "from -> to PROTOCOL/port".
	 */
	Set<String> allowed(List<Endpoint> senders, List<Endpoint> receivers, List<Port> ports) {
		Set<String> allowed = new TreeSet<>();
		for (Endpoint from : senders) {
			for (Endpoint to : receivers) {
				for (Port port : ports) {
					boolean ours = from.namespace().equals(this.namespace) || to.namespace().equals(this.namespace);
					if (ours && from != to && permits("Egress", from, to, port) && permits("Ingress", to, from, port)) {
						allowed.add(from.name() + " -> " + to.name() + " " + port);
					}
				}
			}
		}
		return allowed;
	}

	/** Whether the policies of {@code subject} let it exchange traffic with {@code peer} in that direction. */
	private boolean permits(String direction, Endpoint subject, Endpoint peer, Port port) {
		List<K8sObject> isolating = this.policies.stream()
			.filter((policy) -> subject.isPod() && policy.namespace().equals(subject.namespace()))
			.filter((policy) -> K8sObject.selects(policy.spec().path("podSelector"), subject.labels()))
			.filter((policy) -> policyTypes(policy).contains(direction))
			.toList();
		if (isolating.isEmpty()) {
			return true;
		}
		Endpoint receiver = direction.equals("Ingress") ? subject : peer;
		String rules = direction.equals("Ingress") ? "ingress" : "egress";
		String peers = direction.equals("Ingress") ? "from" : "to";
		return isolating.stream()
			.flatMap((policy) -> elements(policy.spec().path(rules)).stream()
				.filter((rule) -> matchesPeers(policy, rule.path(peers), peer)
						&& matchesPorts(rule.path("ports"), receiver, port)))
			.findAny()
			.isPresent();
	}

	private static Set<String> policyTypes(K8sObject policy) {
		List<JsonNode> types = elements(policy.spec().path("policyTypes"));
		if (!types.isEmpty()) {
			return Set.copyOf(types.stream().map(K8sObject::text).toList());
		}
		return policy.spec().has("egress") ? Set.of("Ingress", "Egress") : Set.of("Ingress");
	}

	private static boolean matchesPeers(K8sObject policy, JsonNode peers, Endpoint endpoint) {
		if (peers.isMissingNode() || peers.isEmpty()) {
			return true;
		}
		return elements(peers).stream().anyMatch((peer) -> {
			if (peer.has("ipBlock")) {
				JsonNode block = peer.path("ipBlock");
				return contains(text(block.path("cidr")), endpoint.ip()) && elements(block.path("except")).stream()
					.noneMatch((except) -> contains(text(except), endpoint.ip()));
			}
			if (!endpoint.isPod()) {
				return false;
			}
			boolean namespaceMatches = peer.has("namespaceSelector")
					? K8sObject.selects(peer.path("namespaceSelector"), endpoint.namespaceLabels())
					: endpoint.namespace().equals(policy.namespace());
			boolean podMatches = !peer.has("podSelector") || K8sObject.selects(peer.path("podSelector"), endpoint.labels());
			return namespaceMatches && podMatches;
		});
	}

	private static boolean matchesPorts(JsonNode ports, Endpoint receiver, Port port) {
		if (ports.isMissingNode() || ports.isEmpty()) {
			return true;
		}
		return elements(ports).stream().anyMatch((rule) -> {
			String protocol = rule.has("protocol") ? text(rule.path("protocol")) : "TCP";
			if (!protocol.equals(port.protocol())) {
				return false;
			}
			if (!rule.has("port")) {
				return true;
			}
			JsonNode value = rule.path("port");
			int first = value.isNumber() ? value.asInt() : receiver.namedPorts().getOrDefault(text(value), -1);
			int last = rule.has("endPort") ? rule.path("endPort").asInt() : first;
			return port.number() >= first && port.number() <= last;
		});
	}

	/** Whether an IPv4 CIDR block contains the address. */
	static boolean contains(String cidr, String ip) {
		String[] parts = cidr.split("/");
		int prefix = Integer.parseInt(parts[1]);
		BigInteger mask = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE.shiftLeft(32 - prefix));
		return toNumber(parts[0]).and(mask).equals(toNumber(ip).and(mask));
	}

	private static BigInteger toNumber(String ip) {
		try {
			return new BigInteger(1, InetAddress.getByName(ip).getAddress());
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not an address: " + ip, ex);
		}
	}

}
