package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages for topologies 1 to 3 say what their assets do, without a Docker engine: the shared sections in the
 * shared order, a Mermaid diagram, the table of the three URLs with the values the scripts and compose files really
 * set, a link from the README, and the {@code docker} commands that the pages print as what the scripts run are
 * exactly the commands the scripts run with their defaults (recorded by a stand-in {@code docker} on the PATH).
 */
class TopologyDocsTest {

	/** The one command the README and the pages give for building every image. */
	static final String IMAGE_BUILD = "./mvnw package jib:dockerBuild -DskipTests";

	/** The same sections, in the same order, as the pages for topologies 4 and 5. */
	static final List<String> SECTIONS = List.of("## Diagram", "## The three URLs", "## Run it",
			"## Check that it works", "## Common mistakes", "## Clean up");

	static final List<Page> PAGES = List.of(
			new Page("docs/topology-1-docker-run.md", "http://localhost:8080", "http://localhost:8081",
					"http://host.docker.internal:8082"),
			new Page("docs/topology-2-docker-network.md", "http://localhost:8080", "http://localhost:8081",
					"http://crawler:8080"),
			new Page("docs/topology-3-compose-nginx-tls.md", "https://localhost", "/api", "http://crawler:8080"));

	/** The settings the scripts read; unset, so they run with the defaults the pages show. */
	static final List<String> SCRIPT_SETTINGS = List.of("WEB_HOST_PORT", "API_HOST_PORT", "CRAWLER_HOST_PORT",
			"CRAWLER_PUBLISH_ADDRESS", "SYNERGYCHAT_IMAGE_PREFIX", "SYNERGYCHAT_TAG", "CRAWLER_BOOKS_URL",
			"CRAWLER_DELAY");

	static final Pattern SHELL_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

	static final Pattern URL_ROW = Pattern.compile("(?m)^\\| (browser → web|browser → api|api → crawler) \\| ([^|]*) \\| `([^`]*)` \\|");

	@ParameterizedTest
	@FieldSource("PAGES")
	void pageHasTheSharedSectionsInOrder(Page page) {
		List<String> headings = page.text().lines().filter((line) -> line.startsWith("## ")).toList();

		assertThat(headings).containsExactlyElementsOf(SECTIONS);
	}

	@ParameterizedTest
	@FieldSource("PAGES")
	void pageDrawsItsDiagramInMermaid(Page page) {
		String diagram = page.section("## Diagram");

		assertThat(diagram).containsPattern("(?s)```mermaid\nflowchart LR\n.*browser.*web.*api.*crawler.*\n```");
	}

	@ParameterizedTest
	@FieldSource("PAGES")
	void pageTabulatesTheThreeUrlsWithTheirValues(Page page) {
		String table = page.section("## The three URLs");

		assertThat(table).contains("| who calls whom | variable | value | why |");
		List<List<String>> rows = new ArrayList<>();
		Matcher matcher = URL_ROW.matcher(table);
		while (matcher.find()) {
			rows.add(List.of(matcher.group(1), matcher.group(2), matcher.group(3)));
		}
		assertThat(rows).containsExactly(List.of("browser → web", "(the address you open)", page.entry()),
				List.of("browser → api", "`API_URL` on web", page.apiUrl()),
				List.of("api → crawler", "`CRAWLER_BASE_URL` on api", page.crawlerBaseUrl()));
	}

	@Test
	void readmeLinksTheThreePages() throws IOException {
		String readme = Files.readString(Commands.ROOT.resolve("README.md"));

		for (Page page : PAGES) {
			assertThat(readme).contains("(" + page.path() + ")");
		}
	}

	/**
	 * From a fresh clone: the README's "In containers" gives two commands, the image build of topology 1's page and
	 * compose up, and neither compose page asks for a file made by hand first.
	 */
	@Test
	void containersNeedTwoCommandsFromAFreshCloneAndNoFileMadeByHand() throws IOException {
		String readme = Files.readString(Commands.ROOT.resolve("README.md"));
		int start = readme.indexOf("\n## In containers\n");
		assertThat(start).as("an In containers section in README.md").isNotNegative();
		String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
		Matcher block = SHELL_BLOCK.matcher(section);
		assertThat(block.find()).isTrue();
		List<String> commands = block.group(1).lines().map((line) -> line.replaceAll("\\s+#.*", "").strip()).toList();

		assertThat(commands).containsExactly(IMAGE_BUILD,
				"docker compose -f compose/compose.yaml up -d --wait");
		assertThat(PAGES.get(0).section("## Run it")).contains(commands.get(0));
		assertThat(section).contains("open http://localhost:8080").contains("for local use");
		for (Page page : PAGES.subList(1, 3)) {
			assertThat(page.section("## Run it")).as(page.path())
				.doesNotContain("cp compose/.env.example")
				.doesNotContain("nginx/make-cert.sh\n");
		}
	}

	/** Topology 2 can be started two ways; cleaning up is the one matching the start, not both. */
	@Test
	void topologyTwoCleansUpTheWayItWasStarted() {
		String cleanUp = PAGES.get(1).section("## Clean up");

		assertThat(cleanUp).containsSubsequence("If you ran the script:", "compose/docker-network.sh down",
				"If you used compose:", "docker compose -f compose/compose.yaml down");
	}

	/**
	 * compose sets LOG_FORMAT=json unless the user sets another; the page says how to read both. ComposeTopologyIT
	 * runs the jq command on a running stack.
	 */
	@Test
	void topologyTwoSaysHowToReadTheJsonLogs() {
		String compose = PAGES.get(1).section("## Run it");

		assertThat(compose).contains("docker compose -f compose/compose.yaml logs -f api")
			.contains("`LOG_FORMAT=text`");
		assertThat(topologyTwoJsonLogCommand()).isEqualTo("docker compose -f compose/compose.yaml logs "
				+ "--no-log-prefix web api crawler | jq -rR 'ltrimstr(\"\\u001b[2K\") | fromjson? | "
				+ "\"\\(.\"@timestamp\") \\(.service.name) "
				+ "\\(.log.level) \\(.message)\"'");
	}

	/** The one command of the topology 2 page that turns the JSON logs into readable lines, as the page prints it. */
	static String topologyTwoJsonLogCommand() {
		List<String> commands = new ArrayList<>();
		Matcher block = SHELL_BLOCK.matcher(PAGES.get(1).section("## Run it"));
		while (block.find()) {
			block.group(1).lines().filter((line) -> line.contains(" logs ") && line.contains("| jq ")).forEach(commands::add);
		}
		assertThat(commands).as("'docker compose ... logs ... | jq ...' in " + PAGES.get(1).path()).hasSize(1);
		return commands.getFirst();
	}

	@Test
	void topologyOneReadsTheOverallHealthStatusNotTheStartOfTheBody() {
		assertThat(PAGES.get(0).section("## Check that it works"))
			.contains("curl -s http://localhost:8081/health/ready | jq .status` prints `\"UP\"`")
			.doesNotContain("{\"status\":\"UP\"");
	}

	/**
	 * The stream's heartbeat interval is stated in the README, a topology page and the proxies' comments; each
	 * statement must be the interval api's application.yaml sets (they once said 15 s where the code said 10).
	 */
	@Test
	void everyStatedHeartbeatIntervalIsTheOneApiUses() throws IOException {
		String settings = Files.readString(Commands.ROOT.resolve("api/src/main/resources/application.yaml"));
		Matcher configured = Pattern.compile("(?m)^      heartbeat: (\\d+)s$").matcher(settings);
		assertThat(configured.find()).as("synergychat.api.stream.heartbeat in api's application.yaml").isTrue();
		Pattern statement = Pattern.compile("(?i)heartbeats?[^.\\n]{0,40}?every (\\d+) ?(?:s|seconds)\\b");

		List<String> statements = new ArrayList<>();
		for (String file : List.of("README.md", "docs/topology-4-minikube.md", "nginx/synergychat.conf.template",
				"k8s/overlays/minikube/app/gateway.yaml")) {
			Matcher matcher = statement.matcher(Files.readString(Commands.ROOT.resolve(file)));
			while (matcher.find()) {
				statements.add(file + ": " + matcher.group(1));
			}
		}

		assertThat(statements).hasSizeGreaterThanOrEqualTo(4)
			.allSatisfy((found) -> assertThat(found).endsWith(": " + configured.group(1)));
	}

	/**
	 * The one command that builds the images is the same in the README and the course page, and the course page loads
	 * every image the tests build into Minikube.
	 */
	@Test
	void theReadmeAndTheCoursePageBuildAllFiveImagesAsTheTestsDo() throws IOException {
		String readme = Files.readString(Commands.ROOT.resolve("README.md"));
		String course = Files.readString(Commands.ROOT.resolve("docs/course.md"));
		List<String> images = new ArrayList<>(LocalImages.SERVICES);
		images.addAll(LocalImages.COURSE_TOOLS);

		assertThat(readme).contains(IMAGE_BUILD)
			.contains("(docs/course.md)");
		assertThat(course).contains(IMAGE_BUILD)
			.contains("for image in " + String.join(" ", images) + "; do minikube image load");
	}

	@Test
	void topologyOneShowsExactlyTheCommandsItsScriptRuns(@TempDir Path bin) {
		List<String> run = runScript(bin, "compose/docker-run.sh");

		assertThat(run).hasSize(3);
		assertThat(PAGES.get(0).dockerCommands()).containsExactlyElementsOf(run);
	}

	@Test
	void topologyTwoShowsExactlyTheCommandsItsScriptRuns(@TempDir Path bin) {
		List<String> run = runScript(bin, "compose/docker-network.sh");

		// The script first asks whether the network is there (the stand-in docker says no); the page shows what
		// it then does.
		assertThat(run.getFirst()).isEqualTo("docker network inspect synergychat");
		assertThat(PAGES.get(1).dockerCommands()).containsExactlyElementsOf(run.subList(1, run.size()));
	}

	@Test
	void theUrlsInTheTablesAreTheOnesTheScriptsAndComposeFilesSet(@TempDir Path bin) throws IOException {
		List<String> topologyOne = runScript(bin.resolve("1"), "compose/docker-run.sh");
		List<String> topologyTwo = runScript(bin.resolve("2"), "compose/docker-network.sh");
		String compose = Files.readString(Commands.ROOT.resolve("compose/compose.yaml"));
		String composeTls = Files.readString(Commands.ROOT.resolve("compose/compose.nginx-tls.yaml"));

		assertThat(String.join("\n", topologyOne)).contains("-p 127.0.0.1:8080:8080")
			.contains("-e API_URL=" + PAGES.get(0).apiUrl() + " ")
			.contains("-e CRAWLER_BASE_URL=" + PAGES.get(0).crawlerBaseUrl() + " ");
		assertThat(String.join("\n", topologyTwo)).contains("-p 127.0.0.1:8080:8080")
			.contains("-e API_URL=" + PAGES.get(1).apiUrl() + " ")
			.contains("-e CRAWLER_BASE_URL=" + PAGES.get(1).crawlerBaseUrl() + " ");
		assertThat(compose).contains("API_URL: ${API_URL:-" + PAGES.get(1).apiUrl() + "}")
			.contains("CRAWLER_BASE_URL: " + PAGES.get(1).crawlerBaseUrl() + "\n");
		assertThat(composeTls).contains("API_URL: " + PAGES.get(2).apiUrl() + "\n")
			.contains("HTTPS_PORT: ${HTTPS_PORT:-443}");
	}

	/**
	 * Runs {@code script up} with a stand-in {@code docker} first on the PATH, which records each command line and
	 * answers "no such network" to {@code docker network inspect}; returns the recorded commands.
	 */
	private static List<String> runScript(Path bin, String script) {
		try {
			Files.createDirectories(bin);
			Path log = bin.resolve("docker.log");
			Path docker = bin.resolve("docker");
			Files.writeString(docker, """
					#!/bin/sh
					echo "docker $*" >> "$DOCKER_LOG"
					if [ "$1 $2" = "network inspect" ]; then exit 1; fi
					""");
			Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
			ProcessBuilder builder = new ProcessBuilder(script, "up").directory(Commands.ROOT.toFile())
				.redirectErrorStream(true);
			Map<String, String> environment = builder.environment();
			SCRIPT_SETTINGS.forEach(environment::remove);
			environment.put("PATH", bin + ":" + environment.get("PATH"));
			environment.put("DOCKER_LOG", log.toString());
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes());
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as(script + " up:\n" + output).isZero();
			return Files.readAllLines(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A topology page and the three URLs it documents.
	 *
	 * @param path the page, from the repository root
	 * @param entry the address the user opens
	 * @param apiUrl web's {@code API_URL}
	 * @param crawlerBaseUrl api's {@code CRAWLER_BASE_URL}
	 */
	record Page(String path, String entry, String apiUrl, String crawlerBaseUrl) {

		String text() {
			try {
				return Files.readString(Commands.ROOT.resolve(this.path));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** From the heading to the next section's heading. */
		String section(String heading) {
			String text = text();
			int start = text.indexOf("\n" + heading + "\n");
			assertThat(start).as(heading + " in " + this.path).isNotNegative();
			int end = text.indexOf("\n## ", start + 1);
			return text.substring(start, (end < 0) ? text.length() : end);
		}

		/**
		 * The {@code docker run} and {@code docker network} commands in the page's shell blocks, each joined onto one
		 * line with single spaces.
		 */
		List<String> dockerCommands() {
			List<String> commands = new ArrayList<>();
			Matcher block = SHELL_BLOCK.matcher(text());
			while (block.find()) {
				for (String line : block.group(1).replace("\\\n", " ").split("\n")) {
					String command = line.strip().replaceAll("\\s+", " ");
					if (command.startsWith("docker run ") || command.startsWith("docker network ")) {
						commands.add(command);
					}
				}
			}
			return commands;
		}

		@Override
		public String toString() {
			return this.path;
		}

	}

}
