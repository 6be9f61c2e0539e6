package dev.synergychat.systemtests.docker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topology 2 with compose: {@code compose/compose.yaml} with PostgreSQL and Redis, as
 * docs/topology-2-docker-network.md runs it from a fresh clone: no {@code compose/.env}, so the database password is
 * the file's local default. The test adds the stand-in book server as one more service and publishes web and api on
 * free loopback ports.
 */
class ComposeTopologyIT extends ChatThroughTopology {

	private static final int WEB_PORT = Commands.freePort();

	private static final int API_PORT = Commands.freePort();

	private static final ComposeProject PROJECT = new ComposeProject("synergychat-it-network",
			List.of("compose/compose.yaml", "system-tests/src/test/images/books/compose.topology-2.yaml"),
			settings());

	private static Map<String, String> settings() {
		Map<String, String> settings = new HashMap<>(LocalImages.composeVariables());
		settings.putAll(Map.of("WEB_PUBLISH", "127.0.0.1:" + WEB_PORT, "API_PUBLISH", "127.0.0.1:" + API_PORT, "API_URL",
				"http://localhost:" + API_PORT, "WEB_ORIGIN", "http://localhost:" + WEB_PORT, "CRAWLER_BOOKS_URL",
				"http://books/books/", "CRAWLER_DELAY", "1s"));
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
		assertThat(PROJECT.published("web", 8080)).containsExactly("127.0.0.1:" + WEB_PORT);
		assertThat(PROJECT.published("api", 8080)).containsExactly("127.0.0.1:" + API_PORT);
		assertThat(PROJECT.published("crawler", 8080)).isEmpty();
		assertThat(PROJECT.published("postgres", 5432)).isEmpty();
		assertThat(PROJECT.published("redis", 6379)).isEmpty();
	}

	/** What the page tells readers {@code docker compose ... port crawler 8080} prints: a port with no host address. */
	@Test
	void composePortShowsCrawlersPortWithoutAHostAddress() {
		assertThat(Commands.lines(PROJECT.compose("port", "crawler", "8080"))).containsExactly(":0");
	}

	/**
	 * The services log JSON by default, and the page's command turns it into readable lines: run as printed there,
	 * with only this test's project name and book server added.
	 */
	@Test
	void thePagesLogCommandPrintsReadableLinesFromTheJsonLogs() {
		String documented = TopologyDocsTest.PAGES.get(1)
			.text()
			.lines()
			.filter((line) -> line.startsWith("docker compose -f compose/compose.yaml logs") && line.contains("| jq"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no 'docker compose ... logs ... | jq' line in the topology 2 page"));
		String command = documented.replace("docker compose -f compose/compose.yaml",
				"docker compose --project-name " + PROJECT.name() + " -f compose/compose.yaml -f "
						+ PROJECT.files().get(1));

		String raw = PROJECT.compose("logs", "--no-log-prefix", "web");
		// pipefail: a failing docker compose must fail here with its message, not leave jq an empty input.
		Commands.Result readable = Commands.attempt(Duration.ofMinutes(1), PROJECT.variables(), "bash", "-o",
				"pipefail", "-c", command);

		assertThat(raw).contains("\"message\":\"SynergyChat web is ready");
		assertThat(readable.exitCode()).as(command + "\n" + readable.errors()).isZero();
		assertThat(readable.output().lines()).as(command + "\n" + readable.errors()).anySatisfy((line) -> assertThat(line)
			.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ web INFO SynergyChat web is ready on port 8080: .*"));
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
