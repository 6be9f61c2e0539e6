package dev.synergychat.systemtests.docker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Topology 2 with compose: {@code compose/compose.yaml} with PostgreSQL and Redis, as
 * docs/topology-2-docker-network.md runs it from a fresh clone: no {@code compose/.env}, so the database password is
 * the file's local default. The test adds the stand-in book server as one more service and publishes web and api on
 * free loopback ports.
 */
class ComposeTopologyIT extends ChatThroughTopology {

	private static final int WEB_PORT = Commands.freePort();

	private static final int API_PORT = Commands.freePort();

	private static final int PROMETHEUS_PORT = Commands.freePort();

	private static final ComposeProject PROJECT = new ComposeProject("synergychat-it-network",
			List.of("compose/compose.yaml", "system-tests/src/test/images/books/compose.topology-2.yaml"),
			settings());

	private static Map<String, String> settings() {
		Map<String, String> settings = new HashMap<>(LocalImages.composeVariables());
		settings.putAll(Map.of("WEB_PUBLISH", "127.0.0.1:" + WEB_PORT, "API_PUBLISH", "127.0.0.1:" + API_PORT, "API_URL",
				"http://localhost:" + API_PORT, "WEB_ORIGIN", "http://localhost:" + WEB_PORT, "CRAWLER_BOOKS_URL",
				"http://books/books/", "CRAWLER_DELAY", "1s", "PROMETHEUS_PUBLISH",
				"127.0.0.1:" + PROMETHEUS_PORT));
		return settings;
	}

	@Override
	Chat start() {
		PROJECT.up();
		return Chat.onLocalhost(WEB_PORT, API_PORT);
	}

	@Override
	void stop() {
		PROJECT.down();
	}

	@Override
	String documentedApiUrl() {
		return "http://localhost:" + API_PORT;
	}

	@Test
	void onlyWebAndApiArePublished() {
		assertThat(PROJECT.publishedStackPorts()).containsOnly(entry("web:8080", List.of("127.0.0.1:" + WEB_PORT)),
				entry("api:8080", List.of("127.0.0.1:" + API_PORT)));
	}

	/** {@code docker compose --profile observability}: see {@link ObservabilityProfile}. */
	@Test
	void theObservabilityProfilesPrometheusScrapesEveryServiceWithTheRulesLoaded() throws Exception {
		ObservabilityProfile.assertPrometheusScrapesEveryServiceWithTheRulesLoaded(PROJECT, PROMETHEUS_PORT);
	}

	/** What the page tells readers {@code docker compose ... port crawler 8080} prints: a port with no host address. */
	@Test
	void composePortShowsCrawlersPortWithoutAHostAddress() {
		assertThat(Commands.lines(PROJECT.compose("port", "crawler", "8080"))).containsExactly(":0");
	}

	@Test
	void messagesAreKeptInPostgresqlAcrossAnApiRestart() {
		String text = "kept across a restart " + UUID.randomUUID();
		long id = chat().post("docker-it", text);

		PROJECT.restart("api");
		chat().awaitReady(Duration.ofMinutes(2));

		assertThat(chat().messages(100)).anySatisfy((message) -> {
			assertThat(message).containsEntry("Text", text);
			assertThat(((Number) message.get("Id")).longValue()).isEqualTo(id);
		});
	}

}
