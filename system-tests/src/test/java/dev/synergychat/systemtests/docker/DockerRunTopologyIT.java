package dev.synergychat.systemtests.docker;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.synergychat.systemtests.support.LightLane;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topology 1: {@code compose/docker-run.sh up}, the commands docs/topology-1-docker-run.md quotes, with the three
 * services published on the host and api reaching crawler back through the host.
 * <p>
 * Two departures from the doc's defaults, both because other programs share this machine: the host ports are free
 * ones chosen here, and crawler is published on the Docker bridge's gateway address (where api's calls through
 * {@code host.docker.internal} arrive) instead of on every interface. crawler reads the stand-in book server,
 * started on the default bridge and reached by its address.
 */
@LightLane
class DockerRunTopologyIT extends ChatThroughTopology {

	private static final String BOOKS = "synergychat-it-books";

	private final int webPort = Commands.freePort();

	private final int apiPort = Commands.freePort();

	private final int crawlerPort = Commands.freePort();

	@Override
	Chat start() {
		Commands.run("docker", "run", "-d", "--name", BOOKS, LocalImages.BOOKS);
		String books = Commands.run("docker", "inspect", "-f", "{{.NetworkSettings.IPAddress}}", BOOKS).strip();
		String gateway = Commands
			.run("docker", "network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Gateway}}")
			.strip();
		Map<String, String> settings = new HashMap<>(LocalImages.composeVariables());
		settings.putAll(Map.of("WEB_HOST_PORT", String.valueOf(this.webPort), "API_HOST_PORT",
				String.valueOf(this.apiPort), "CRAWLER_HOST_PORT", String.valueOf(this.crawlerPort),
				"CRAWLER_PUBLISH_ADDRESS", gateway, "CRAWLER_BOOKS_URL", "http://" + books + "/books/", "CRAWLER_DELAY",
				"1s"));
		Commands.run(Duration.ofMinutes(2), settings, "compose/docker-run.sh", "up");
		return Chat.onLocalhost(this.webPort, this.apiPort);
	}

	@Override
	void stop() {
		// Removal of what a failed start never created fails; the check below is what counts.
		Commands.attempt("compose/docker-run.sh", "down");
		Commands.attempt("docker", "rm", "-f", BOOKS);
		assertNoContainerNamed("synergychat-web", "synergychat-api", "synergychat-crawler", BOOKS);
	}

	@Override
	String documentedApiUrl() {
		return "http://localhost:" + this.apiPort;
	}

	@Test
	void apiAllowsThePageOriginAcrossOrigins() {
		String origin = "http://localhost:" + this.webPort;

		HttpResponse<String> preflight = chat().send(HttpRequest.newBuilder(URI.create(chat().api() + "/messages"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.build());

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(origin);
	}

	@Test
	void everyServiceIsPublishedOnTheHost() {
		assertThat(Commands.run("docker", "port", "synergychat-web", "8080")).contains("127.0.0.1:" + this.webPort);
		assertThat(Commands.run("docker", "port", "synergychat-api", "8080")).contains("127.0.0.1:" + this.apiPort);
		assertThat(Commands.run("docker", "port", "synergychat-crawler", "8080")).contains(":" + this.crawlerPort);
	}

}
