package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose profile {@code observability} of a running topology: its Prometheus (the stand-in built from
 * Debian's package) scrapes web, api and crawler on their management ports and has loaded every alert rule.
 * Grafana is not started: Debian does not package it and no image can be pulled here, so the dashboard is checked
 * by {@code DashboardTest} and {@code DashboardQueriesIT} instead.
 */
final class ObservabilityProfile {

	/** Two scrape intervals of the profile's configuration, and room for a slow first scrape. */
	private static final Duration TARGETS_UP = Duration.ofSeconds(90);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ObservabilityProfile() {
	}

	/**
	 * Starts the profile's Prometheus beside a running stack, without waiting for it. A topology test calls this as
	 * it starts, so that Prometheus's first scrapes (spread over a 15 s interval) happen while the other tests run.
	 */
	static void start(ComposeProject project) {
		// Naming the service starts it without --profile; its dependencies are none.
		project.compose("up", "-d", "prometheus");
	}

	/** Checks the targets and rules of the Prometheus {@link #start} started, published on {@code port}. */
	static void assertPrometheusScrapesEveryServiceWithTheRulesLoaded(ComposeProject project, int port)
			throws Exception {
		long start = System.nanoTime();
		project.compose("up", "-d", "--wait", "--wait-timeout", "120", "prometheus");
		long healthy = System.nanoTime();
		URI prometheus = URI.create("http://127.0.0.1:" + port);

		Set<String> up = new TreeSet<>();
		Instant deadline = Instant.now().plus(TARGETS_UP);
		while (up.size() < 3 && Instant.now().isBefore(deadline)) {
			up.clear();
			for (JsonNode target : get(prometheus, "/api/v1/targets").path("data").path("activeTargets")) {
				if (target.path("health").asString().equals("up")) {
					up.add(target.path("labels").path("service").asString());
				}
			}
			Thread.sleep(250);
		}
		assertThat(up).as("services Prometheus scrapes successfully").containsExactly("api", "crawler", "web");
		System.out.printf("[figures] %s: Prometheus healthy after %d ms, every target up %d ms later%n",
				project.name(), (healthy - start) / 1_000_000, (System.nanoTime() - healthy) / 1_000_000);

		Set<String> rules = new TreeSet<>();
		get(prometheus, "/api/v1/rules").path("data").path("groups").forEach((group) -> group.path("rules")
			.forEach((rule) -> rules.add(rule.path("name").asString())));
		assertThat(rules).as("alert rules loaded").containsExactlyElementsOf(alertNames());
		assertThat(project.published("prometheus", 9090)).containsExactly("127.0.0.1:" + port);
	}

	private static Set<String> alertNames() throws IOException {
		List<String> lines = Files.readAllLines(Commands.ROOT.resolve("observability/prometheus/rules.yaml"));
		Set<String> names = new TreeSet<>();
		lines.stream()
			.map(String::strip)
			.filter((line) -> line.startsWith("- alert: "))
			.forEach((line) -> names.add(line.substring("- alert: ".length())));
		return names;
	}

	private static JsonNode get(URI prometheus, String path) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(prometheus.resolve(path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(response.body());
	}

}
