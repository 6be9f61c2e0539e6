package dev.synergychat.systemtests.docker;

import java.nio.file.Files;
import java.util.List;
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

	/**
	 * A fresh clone starts without a hand-made file: the database password has a default, which is acceptable only
	 * because PostgreSQL is published in neither file, and the file says it is for local use.
	 */
	@Test
	void theDefaultDatabasePasswordIsLocalOnlyAndPostgresqlIsNeverPublished() throws Exception {
		JsonNode base = read("compose/compose.yaml").get("services");
		String text = Files.readString(Commands.ROOT.resolve("compose/compose.yaml"));

		assertThat(base.path("postgres").path("environment").path("POSTGRES_PASSWORD").asString())
			.isEqualTo("${POSTGRES_PASSWORD:-synergychat-local-only}")
			.isEqualTo(base.path("api").path("environment").path("DATABASE_PASSWORD").asString());
		assertThat(text).contains("# For local use").doesNotContain("${POSTGRES_PASSWORD:?");
		for (String file : List.of("compose/compose.yaml", "compose/compose.nginx-tls.yaml")) {
			assertThat(read(file).path("services").path("postgres").has("ports")).as(file + " postgres ports")
				.isFalse();
		}
	}

	@Test
	void theLogFormatIsJsonUnlessTheUserSetsAnother() {
		JsonNode base = read("compose/compose.yaml").get("services");

		for (String service : List.of("web", "api", "crawler")) {
			assertThat(base.path(service).path("environment").path("LOG_FORMAT").asString()).as(service)
				.isEqualTo("${LOG_FORMAT:-json}");
		}
	}

	/**
	 * Topology 3's certificate: made by a one-shot job into the same volume nginx reads, before nginx starts, so
	 * nobody runs {@code nginx/make-cert.sh} by hand; {@code TLS_CERTS} swaps in a directory of one's own for both.
	 */
	@Test
	void nginxStartsAfterTheJobThatMakesItsCertificateInTheVolumeItReads() {
		JsonNode services = read("compose/compose.nginx-tls.yaml").get("services");
		JsonNode job = services.path("tls-cert");

		assertThat(job.path("image").asString()).isEqualTo(services.path("nginx").path("image").asString());
		assertThat(job.path("entrypoint").toString()).isEqualTo("[\"sh\",\"/make-cert.sh\",\"/certs\"]");
		assertThat(job.path("volumes").toString()).contains("../nginx/make-cert.sh:/make-cert.sh:ro")
			.contains("${TLS_CERTS:-tls-certs}:/certs");
		assertThat(job.path("network_mode").asString()).isEqualTo("none");
		assertThat(services.path("nginx").path("volumes").toString())
			.contains("${TLS_CERTS:-tls-certs}:/etc/nginx/certs:ro")
			.doesNotContain("../nginx/certs");
		assertThat(services.path("nginx").path("depends_on").path("tls-cert").path("condition").asString())
			.isEqualTo("service_completed_successfully");
		assertThat(read("compose/compose.nginx-tls.yaml").path("volumes").has("tls-certs")).isTrue();
	}

	private static JsonNode read(String file) {
		return YAML.readTree(Commands.ROOT.resolve(file).toFile());
	}

}
