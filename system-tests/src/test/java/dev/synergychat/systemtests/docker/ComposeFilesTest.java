package dev.synergychat.systemtests.docker;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** How the compose files are written, read as YAML without a Docker engine. */
class ComposeFilesTest {

	private static final YAMLMapper YAML = new YAMLMapper();

	/**
	 * Docker's docs say {@code extends} never shares {@code depends_on}, and Compose versions have differed on it, so
	 * a topology-3 service that extends one of topology 2's must state the same start order itself.
	 */
	@Test
	void servicesExtendingComposeYamlDeclareTheirOwnDependsOn() {
		JsonNode base = read("compose/compose.yaml").get("services");
		JsonNode services = read("compose/compose.nginx-tls.yaml").get("services");

		Map<String, Integer> checked = new TreeMap<>();
		for (Map.Entry<String, JsonNode> service : services.properties()) {
			JsonNode extended = service.getValue().path("extends");
			if (extended.isMissingNode()) {
				continue;
			}
			assertThat(extended.path("file").asString()).isEqualTo("compose.yaml");
			JsonNode inherited = base.get(extended.path("service").asString()).path("depends_on");
			if (!inherited.isMissingNode()) {
				assertThat(service.getValue().path("depends_on")).as(service.getKey() + " depends_on").isEqualTo(inherited);
				checked.put(service.getKey(), inherited.size());
			}
		}

		assertThat(checked).containsExactly(Map.entry("api", 2), Map.entry("crawler", 1), Map.entry("grafana", 1));
	}

	private static JsonNode read(String file) {
		return YAML.readTree(Commands.ROOT.resolve(file).toFile());
	}

}
