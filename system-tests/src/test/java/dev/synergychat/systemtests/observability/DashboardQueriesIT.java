package dev.synergychat.systemtests.observability;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.synergychat.systemtests.support.ChatClient;
import dev.synergychat.systemtests.support.ChatMessage;
import dev.synergychat.systemtests.support.LightLane;
import dev.synergychat.systemtests.support.LocalStack;
import dev.synergychat.systemtests.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query of the Grafana dashboard returns data from a real Prometheus (Debian's {@code prometheus}) that scraped
 * the three packaged services on their management ports while the test drove a little traffic: posts, a
 * {@code /stats} question, an open event stream, posts over the rate limit, page loads. api stores in a fresh
 * PostgreSQL database, so the connection-pool panel has data too. The same Prometheus loads the alert rules of
 * {@code observability/prometheus/rules.yaml}.
 */
@LightLane
class DashboardQueriesIT {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DATABASE = "dashboard_" + UUID.randomUUID().toString().replace("-", "");

	@TempDir
	static Path work;

	private static LocalStack stack;

	private static Process prometheus;

	private static URI prometheusUri;

	private static CompletableFuture<HttpResponse<Void>> stream;

	@BeforeAll
	static void startTheStackAndPrometheusAndDriveTraffic() throws Exception {
		createDatabase();
		stack = LocalStack.start(Map.of("DATABASE_URL", jdbcUrl(DATABASE), "API_RATE_LIMIT", "20"));
		prometheus = startPrometheus();
		driveTraffic();
	}

	@AfterAll
	static void stopEverything() throws Exception {
		if (stream != null) {
			stream.cancel(true);
		}
		if (prometheus != null) {
			prometheus.destroy();
			prometheus.waitFor(10, TimeUnit.SECONDS);
		}
		if (stack != null) {
			stack.close();
		}
		dropDatabase();
	}

	@Test
	void everyPanelQueryReturnsDataWithoutError() throws Exception {
		assertThat(panelFailures()).isEmpty();
	}

	/** Each panel query that fails or returns no data, with why. */
	private static List<String> panelFailures() throws Exception {
		List<String> failures = new ArrayList<>();
		for (Dashboard.Query query : Dashboard.read().queries()) {
			JsonNode answer = query(query.promql());
			if (!answer.path("status").asString().equals("success")) {
				failures.add(query + ": " + answer.path("error").asString() + " in " + query.promql());
			}
			else if (answer.path("data").path("result").isEmpty()) {
				failures.add(query + ": no data for " + query.promql());
			}
		}
		return failures;
	}

	@Test
	void prometheusLoadedEveryAlertRuleAndScrapesEveryService() throws Exception {
		JsonNode rules = get("/api/v1/rules").path("data").path("groups").path(0).path("rules");
		List<String> loaded = new ArrayList<>();
		rules.forEach((rule) -> loaded.add(rule.path("name").asString()));

		assertThat(loaded).containsExactlyInAnyOrderElementsOf(AlertRulesTest.alertNames());
		assertThat(rules).allSatisfy((rule) -> assertThat(rule.path("health").asString())
			.as(rule.path("name").asString())
			.isEqualTo("ok"));
		JsonNode up = query("up").path("data").path("result");
		assertThat(up).hasSize(3)
			.allSatisfy((target) -> assertThat(target.path("value").path(1).asString()).isEqualTo("1"));
	}

	private static void driveTraffic() throws Exception {
		ChatClient client = new ChatClient();
		URI api = stack.api().baseUri();
		stream = HTTP.sendAsync(HttpRequest.newBuilder(stack.api().uri("/messages/stream")).build(),
				HttpResponse.BodyHandlers.discarding());
		client.awaitSettledStats(stack.crawler().baseUri(), Duration.ofSeconds(60));
		ChatMessage question = client.post(api, "ann", "/stats keywords=love");
		client.awaitReply(api, question, Duration.ofSeconds(15));
		// Until api has refused a post and every panel has data (rate() needs a few scrapes of it), checked every
		// couple of seconds rather than after a fixed time; the test then asserts the same. The limit only keeps a
		// panel that never gets data from hanging the run.
		Instant until = Instant.now().plusSeconds(90);
		Instant nextCheck = Instant.now().plusSeconds(2);
		int posts = 0;
		boolean refused = false;
		while (Instant.now().isBefore(until)) {
			// Twenty posts a minute are allowed per client: the later ones are refused with 429 and counted.
			client.get(api.resolve("/messages"));
			String body = "{\"AuthorUsername\":\"bob\",\"Text\":\"post " + posts++ + "\"}";
			int status = HTTP.send(HttpRequest.newBuilder(api.resolve("/messages"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
			refused |= status == 429;
			client.get(stack.web().uri("/"));
			client.get(stack.crawler().uri("/stats?keywords=joy"));
			Thread.sleep(200);
			if (refused && Instant.now().isAfter(nextCheck)) {
				if (panelFailures().isEmpty()) {
					return;
				}
				nextCheck = Instant.now().plusSeconds(2);
			}
		}
	}

	private static Process startPrometheus() throws Exception {
		int port = ServiceProcess.freePort();
		Path config = work.resolve("prometheus.yml");
		StringBuilder targets = new StringBuilder();
		for (ServiceProcess service : stack.all()) {
			targets.append("      - targets: [\"127.0.0.1:").append(service.managementPort()).append("\"]\n")
				.append("        labels:\n          service: ").append(service.service().module()).append('\n');
		}
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: synergychat
				    static_configs:
				%s""".formatted(AlertRulesTest.RULES_DIRECTORY.resolve("rules.yaml"), targets));
		ProcessBuilder builder = new ProcessBuilder("prometheus", "--config.file=" + config,
				"--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("prometheus.log").toFile());
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new AssertionError("prometheus could not be started: install Prometheus 2.42 or newer (Debian: "
					+ "apt-get install prometheus; .ci/run does)", ex);
		}
		prometheusUri = URI.create("http://127.0.0.1:" + port);
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new AssertionError("prometheus exited: " + Files.readString(work.resolve("prometheus.log")));
			}
			try {
				if (HTTP.send(HttpRequest.newBuilder(prometheusUri.resolve("/-/ready")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return process;
				}
			}
			catch (IOException notYet) {
				// Still starting.
			}
			Thread.sleep(200);
		}
		throw new AssertionError(
				"prometheus was not ready within 30 s: " + Files.readString(work.resolve("prometheus.log")));
	}

	private static JsonNode query(String promql) throws Exception {
		return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
	}

	private static JsonNode get(String pathAndQuery) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUri + pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(response.body());
	}

	/** The admin URL the integration tests use; the build's CI sets it, see README's Tests section. */
	private static String adminUrl() {
		String url = System.getenv("SYNERGYCHAT_TEST_POSTGRES_URL");
		if (url == null || url.isBlank()) {
			throw new IllegalStateException("Set SYNERGYCHAT_TEST_POSTGRES_URL to a PostgreSQL server where tests may "
					+ "create databases (such as jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres)");
		}
		return url.strip();
	}

	/** The admin URL with its database replaced by {@code database}. */
	private static String jdbcUrl(String database) {
		String admin = adminUrl();
		int query = admin.indexOf('?');
		String base = (query < 0) ? admin : admin.substring(0, query);
		String parameters = (query < 0) ? "" : admin.substring(query);
		return base.substring(0, base.lastIndexOf('/') + 1) + database + parameters;
	}

	private static void createDatabase() throws SQLException {
		try (Connection connection = DriverManager.getConnection(adminUrl());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + DATABASE);
		}
	}

	private static void dropDatabase() throws SQLException {
		try (Connection connection = DriverManager.getConnection(adminUrl());
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
		}
	}

}
