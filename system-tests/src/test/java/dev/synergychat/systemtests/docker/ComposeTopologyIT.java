package dev.synergychat.systemtests.docker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.synergychat.systemtests.support.HeavyLane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Topology 2 with compose: {@code compose/compose.yaml} with PostgreSQL and Redis, as
 * docs/topology-2-docker-network.md runs it from a fresh clone: no {@code compose/.env}, so the database password is
 * the file's local default. The test adds the stand-in book server as one more service and publishes web and api on
 * free loopback ports.
 */
@HeavyLane
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
		ObservabilityProfile.start(PROJECT);
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
	@Order(Integer.MAX_VALUE)
	void theObservabilityProfilesPrometheusScrapesEveryServiceWithTheRulesLoaded() throws Exception {
		ObservabilityProfile.assertPrometheusScrapesEveryServiceWithTheRulesLoaded(PROJECT, PROMETHEUS_PORT);
	}

	/** What the page tells readers {@code docker compose ... port crawler 8080} prints: a port with no host address. */
	@Test
	void composePortShowsCrawlersPortWithoutAHostAddress() {
		assertThat(Commands.lines(PROJECT.compose("port", "crawler", "8080"))).containsExactly(":0");
	}

	/**
	 * The page's command for reading the JSON logs, run exactly as the page prints it, on this stack: compose takes
	 * the project name from COMPOSE_PROJECT_NAME before the file's {@code name:}, so the command needs no change to
	 * reach this test's project. Every JSON line becomes time, service, level and message, none of them missing.
	 * Compose 2.26 (Debian 12's) starts each line of {@code logs --no-log-prefix} with ESC [2K even into a pipe; the
	 * page's filter strips it, and without that this test gets no line at all.
	 */
	@Test
	void thePagesJqCommandTurnsTheJsonLogsIntoReadableLines() {
		String command = TopologyDocsTest.topologyTwoJsonLogCommand();
		Commands.requireTool("jq", "jq");
		Map<String, String> environment = new HashMap<>(PROJECT.variables());
		environment.put("COMPOSE_PROJECT_NAME", PROJECT.name());

		// pipefail: a failing docker compose fails here with its message instead of leaving jq no input. Once, in
		// CI on a busy machine, some lines were not in its output (web's ready line, api's lines around its restart),
		// for a reason not found since; the command runs again for up to 30 s before that counts as a failure, and a
		// failure shows the lines of the raw output that jq could not read, to say where they went.
		List<Pattern> expected = List.of(
				Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z web INFO SynergyChat web is ready on port 8080: .*"),
				Pattern.compile("\\S+ api INFO Started ApiApplication .*"),
				Pattern.compile("\\S+ crawler INFO Started CrawlerApplication .*"));
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Commands.Result readable = Commands.attempt(Duration.ofMinutes(1), environment, "bash", "-o", "pipefail",
				"-c", command);
		while (readable.exitCode() == 0 && !allMatched(expected, Commands.lines(readable.output()))
				&& System.nanoTime() < deadline) {
			Commands.pause(Duration.ofSeconds(2));
			readable = Commands.attempt(Duration.ofMinutes(1), environment, "bash", "-o", "pipefail", "-c", command);
		}

		assertThat(readable.exitCode()).as(command + "\n" + readable.errors()).isZero();
		List<String> lines = Commands.lines(readable.output());
		String unreadable = Commands.attempt(Duration.ofMinutes(1), environment, "bash", "-o", "pipefail", "-c",
				"docker compose -f compose/compose.yaml logs --no-log-prefix web api crawler | cat -v"
						+ " | grep -v '^\\^\\[\\[2K{.*}$' | cut -c1-400 | head -n 40")
			.output();
		assertThat(lines).as(command + "\n" + readable.errors() + "\nraw lines jq could not read:\n" + unreadable)
			.anySatisfy((line) -> assertThat(line).matches(expected.get(0)))
			.anySatisfy((line) -> assertThat(line).matches(expected.get(1)))
			.anySatisfy((line) -> assertThat(line).matches(expected.get(2)))
			.noneSatisfy((line) -> assertThat(line).startsWith("null "));
		// A message may span lines; each entry's first line has all four fields.
		assertThat(lines).filteredOn((line) -> line.matches("\\d{4}-\\d\\d-\\d\\dT.*"))
			.hasSizeGreaterThan(20)
			.allSatisfy((line) -> assertThat(line)
				.matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z (web|api|crawler) (TRACE|DEBUG|INFO|WARN|ERROR) .*"));
	}

	private static boolean allMatched(List<Pattern> patterns, List<String> lines) {
		return patterns.stream()
			.allMatch((pattern) -> lines.stream().anyMatch((line) -> pattern.matcher(line).matches()));
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
