package dev.synergychat.systemtests.docker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.synergychat.systemtests.support.LightLane;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topology 2 as commands: {@code compose/docker-network.sh up}, quoted by docs/topology-2-docker-network.md, puts
 * the three containers on one user-defined network where api finds crawler by name. The test joins the stand-in
 * book server to that network under the name {@code books} before crawler starts, and publishes web and api on
 * free ports instead of 8080 and 8081.
 */
@LightLane
class DockerNetworkTopologyIT extends ChatThroughTopology {

	private static final String BOOKS = "synergychat-it-books";

	private final int webPort = Commands.freePort();

	private final int apiPort = Commands.freePort();

	@Override
	Chat start() {
		Commands.run("docker", "network", "create", "synergychat");
		Commands.run("docker", "run", "-d", "--name", BOOKS, "--network", "synergychat", "--network-alias", "books",
				LocalImages.BOOKS);
		Map<String, String> settings = new HashMap<>(LocalImages.composeVariables());
		settings.putAll(Map.of("WEB_HOST_PORT", String.valueOf(this.webPort), "API_HOST_PORT",
				String.valueOf(this.apiPort), "CRAWLER_BOOKS_URL", "http://books/books/", "CRAWLER_DELAY", "1s"));
		Commands.run(Duration.ofMinutes(2), settings, "compose/docker-network.sh", "up");
		return Chat.onLocalhost(this.webPort, this.apiPort);
	}

	@Override
	void stop() {
		// Removal of what a failed start never created fails; the checks below are what count.
		Commands.attempt("docker", "rm", "-f", BOOKS);
		Commands.attempt("compose/docker-network.sh", "down");
		assertNoContainerNamed("synergychat-web", "synergychat-api", "synergychat-crawler", BOOKS);
		assertThat(Commands.run("docker", "network", "ls", "-q", "--filter", "name=^synergychat$")).isBlank();
	}

	@Override
	String documentedApiUrl() {
		return "http://localhost:" + this.apiPort;
	}

	@Test
	void crawlerIsNotPublishedAndAnswersToItsNameOnTheNetwork() {
		Commands.Result port = Commands.attempt("docker", "port", "synergychat-crawler");

		assertThat(port.output()).isBlank();
		assertThat(Commands.run("docker", "inspect", "-f", "{{json .NetworkSettings.Networks}}",
				"synergychat-crawler"))
			.contains("\"synergychat\"")
			.contains("\"crawler\"");
	}

}
