package dev.synergychat.systemtests.k8s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * One rendered Kubernetes object, with the accessors the checks share. {@link #toString()} is the name every
 * failure message uses, e.g. {@code Deployment synergychat/api}.
 */
record K8sObject(JsonNode json) {

	/** Kinds whose objects carry a pod template under spec.template. */
	static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet");

	String kind() {
		return text(this.json.path("kind"));
	}

	String apiVersion() {
		return text(this.json.path("apiVersion"));
	}

	String name() {
		return text(this.json.path("metadata").path("name"));
	}

	String namespace() {
		return text(this.json.path("metadata").path("namespace"));
	}

	JsonNode spec() {
		return this.json.path("spec");
	}

	Map<String, String> labels() {
		return stringMap(this.json.path("metadata").path("labels"));
	}

	boolean is(String kind) {
		return kind().equals(kind);
	}

	boolean isWorkload() {
		return WORKLOAD_KINDS.contains(kind());
	}

	/** The pod template of a Deployment or StatefulSet. */
	JsonNode podTemplate() {
		return spec().path("template");
	}

	JsonNode podSpec() {
		return podTemplate().path("spec");
	}

	Map<String, String> podLabels() {
		return stringMap(podTemplate().path("metadata").path("labels"));
	}

	List<JsonNode> containers() {
		return elements(podSpec().path("containers"));
	}

	@Override
	public String toString() {
		return kind() + " " + (namespace().isEmpty() ? "" : namespace() + "/") + name();
	}

	/** The text of a scalar node; empty for a missing or null node. */
	static String text(JsonNode node) {
		return (node.isMissingNode() || node.isNull()) ? "" : node.asString();
	}

	static List<JsonNode> elements(JsonNode array) {
		return array.isArray() ? List.copyOf(array.values()) : List.of();
	}

	static Map<String, String> stringMap(JsonNode object) {
		Map<String, String> map = new LinkedHashMap<>();
		object.forEachEntry((key, value) -> map.put(key, text(value)));
		return map;
	}

	/** True when a label selector (matchLabels and matchExpressions) selects {@code labels}. */
	static boolean selects(JsonNode selector, Map<String, String> labels) {
		boolean labelsMatch = stringMap(selector.path("matchLabels")).entrySet()
			.stream()
			.allMatch((entry) -> entry.getValue().equals(labels.get(entry.getKey())));
		return labelsMatch && elements(selector.path("matchExpressions")).stream().allMatch((expression) -> {
			String value = labels.get(text(expression.path("key")));
			List<String> values = elements(expression.path("values")).stream().map(K8sObject::text).toList();
			return switch (text(expression.path("operator"))) {
				case "In" -> value != null && values.contains(value);
				case "NotIn" -> value == null || !values.contains(value);
				case "Exists" -> value != null;
				case "DoesNotExist" -> value == null;
				default -> false;
			};
		});
	}

	/** Every container's named ports, as name to number. */
	Map<String, Integer> namedPorts() {
		Map<String, Integer> ports = new LinkedHashMap<>();
		containers().stream()
			.flatMap((container) -> elements(container.path("ports")).stream())
			.filter((port) -> port.has("name"))
			.forEach((port) -> ports.put(text(port.path("name")), port.path("containerPort").asInt()));
		return ports;
	}

	/** True when a Service port's targetPort (a name or a number) is a port some container declares. */
	boolean declaresPort(JsonNode targetPort) {
		Map<String, Integer> named = namedPorts();
		if (targetPort.isNumber()) {
			return containers().stream()
				.flatMap((container) -> elements(container.path("ports")).stream())
				.anyMatch((port) -> port.path("containerPort").asInt() == targetPort.asInt());
		}
		return named.containsKey(text(targetPort));
	}

	/** The pod's containers followed by its init containers. */
	Stream<JsonNode> containersAndInitContainers() {
		return Stream.concat(containers().stream(), elements(podSpec().path("initContainers")).stream());
	}

}
