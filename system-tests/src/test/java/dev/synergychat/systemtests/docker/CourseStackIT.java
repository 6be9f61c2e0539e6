package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import dev.synergychat.systemtests.support.HeavyLane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The course's own setups with only the image names swapped, as a student runs them: crawler with
 * {@code CRAWLER_DB_PATH} on a bind mount that Docker creates (so it belongs to root), api on {@code API_PORT=8080}
 * asking {@code http://crawler:8080}, and web with {@code API_URL=/api/} behind an nginx that forwards
 * {@code /api/} to api the way the course's configuration does. Beside that stack: an api whose
 * {@code API_DB_FILEPATH} volume belongs to root, and an api with the crash switch on under
 * {@code --restart=on-failure}. All images run as their non-root user, as they ship. docs/course.md ("Bring your own
 * course manifests") quotes the warning api logs behind that nginx.
 */
@TestInstance(Lifecycle.PER_CLASS)
@HeavyLane
class CourseStackIT {

	private static final String PREFIX = "synergychat-course-";

	private static final String NETWORK = PREFIX + "net";

	private static final String PERSIST_VOLUME = PREFIX + "persist";

	private static final String CRAWLER_DB_PATH = "/var/lib/synergychat/crawler/db";

	/** The user the Jib images run as (see the root pom). */
	private static final String IMAGE_USER = "65532:65532";

	/** The course's nginx configuration for the api path, and the page from web for everything else. */
	private static final String NGINX_CONF = """
			server {
			  listen 80;
			  location /api/ {
			    proxy_pass http://api:8080/;
			  }
			  location / {
			    proxy_pass http://web:8080;
			  }
			}
			""";

	private final int nginxPort = Commands.freePort();

	private final int persistPort = Commands.freePort();

	/** The persist api's management port, published here only so the test can read the reason readiness gives. */
	private final int persistManagementPort = Commands.freePort();

	private final int crashPort = Commands.freePort();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Path hostDirectory;

	private Chat chat;

	@BeforeAll
	void start() throws IOException {
		LocalImages.build();
		this.hostDirectory = Files.createTempDirectory("synergychat-course");
		Path nginxConf = Files.writeString(this.hostDirectory.resolve("default.conf"), NGINX_CONF);
		docker("network", "create", NETWORK);
		docker("run", "-d", "--name", PREFIX + "books", "--network", NETWORK, "--network-alias", "books",
				LocalImages.BOOKS);
		// The course's compose file: ./crawler-db:/var/lib/synergychat/crawler/db, a host folder that does not exist.
		docker("run", "-d", "--name", PREFIX + "crawler", "--network", NETWORK, "--network-alias", "crawler", "-e",
				"CRAWLER_DB_PATH=" + CRAWLER_DB_PATH, "-e", "CRAWLER_BOOKS_URL=http://books/books/", "-e",
				"CRAWLER_DELAY=1s", "-v", crawlerDb() + ":" + CRAWLER_DB_PATH, LocalImages.service("crawler"));
		docker("run", "-d", "--name", PREFIX + "api", "--network", NETWORK, "--network-alias", "api", "-e",
				"API_PORT=8080", "-e", "CRAWLER_BASE_URL=http://crawler:8080", LocalImages.service("api"));
		docker("run", "-d", "--name", PREFIX + "web", "--network", NETWORK, "--network-alias", "web", "-e",
				"API_URL=/api/", LocalImages.service("web"));
		docker("run", "-d", "--name", PREFIX + "nginx", "--network", NETWORK, "-p", "127.0.0.1:" + this.nginxPort + ":80",
				"-v", nginxConf + ":/etc/nginx/conf.d/default.conf:ro", LocalImages.NGINX);
		// A fresh named volume belongs to root, as a fresh cloud disk does.
		docker("run", "-d", "--name", PREFIX + "persist", "-p", "127.0.0.1:" + this.persistPort + ":8080", "-p",
				"127.0.0.1:" + this.persistManagementPort + ":9090", "-e",
				"API_DB_FILEPATH=/persist/db.json", "-v", PERSIST_VOLUME + ":/persist", LocalImages.service("api"));
		docker("run", "-d", "--name", PREFIX + "crash", "--restart=on-failure", "-p",
				"127.0.0.1:" + this.crashPort + ":8080", "-e", "API_CRASH_ON_PROFANITY=true",
				LocalImages.service("api"));
		URI entry = URI.create("http://localhost:" + this.nginxPort + "/");
		this.chat = new Chat(this.http, entry, URI.create("http://localhost:" + this.nginxPort + "/api"));
		this.chat.awaitReady(Duration.ofMinutes(3));
	}

	@AfterAll
	void stop() throws IOException {
		for (String name : List.of("nginx", "web", "api", "crawler", "books", "persist", "crash")) {
			Commands.attempt("docker", "rm", "-f", PREFIX + name);
		}
		Commands.attempt("docker", "volume", "rm", PERSIST_VOLUME);
		Commands.attempt("docker", "network", "rm", NETWORK);
		if (this.hostDirectory != null) {
			// The crawler's folder belongs to root and is empty (crawler could not write it): the test runs as root.
			Files.deleteIfExists(crawlerDb());
			Files.deleteIfExists(this.hostDirectory.resolve("default.conf"));
			Files.deleteIfExists(this.hostDirectory);
		}
		assertThat(docker("ps", "-a", "-q", "--filter", "name=" + PREFIX)).isBlank();
		assertThat(docker("volume", "ls", "-q", "--filter", "name=" + PERSIST_VOLUME)).isBlank();
	}

	@Test
	void thePageBehindNginxIsGivenApiUrlWithItsTrailingSlash() {
		assertThat(this.chat.pageHtml()).contains("<title>SynergyChat");
		assertThat(this.chat.configuredApiUrl()).isEqualTo("/api/");
	}

	@Test
	void chatWorksThroughNginxAndHealthzAnswersAsTheOriginal() {
		String text = "course " + UUID.randomUUID();

		long id = this.chat.post("course-it", text);
		HttpResponse<String> lowerCaseKeys = this.chat.send(HttpRequest.newBuilder(this.chat.messages())
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"authorUsername\":\"course-it\",\"text\":\"lower " + text + "\"}"))
			.build());
		HttpResponse<String> healthz = this.chat.get(URI.create(this.chat.api() + "/healthz"));

		assertThat(this.chat.messages(100)).anySatisfy((message) -> assertThat(message)
			.containsEntry("Id", (int) id)
			.containsEntry("Text", text));
		assertThat(lowerCaseKeys.statusCode()).as(lowerCaseKeys.body()).isEqualTo(201);
		assertThat(lowerCaseKeys.body()).contains("\"Text\":\"lower " + text + "\"");
		assertThat(healthz.statusCode()).isEqualTo(200);
		assertThat(healthz.body()).isEqualTo("{\"status\":\"ok\"}");
	}

	@Test
	void statsAndTheStreamWorkThroughNginx() {
		assertThat(this.chat.statsReply("/stats keywords=love", Chat.BOOK_SERVER_LOVE_STATS, Duration.ofMinutes(2)))
			.isEqualTo(Chat.BOOK_SERVER_LOVE_STATS);

		Chat.StreamEvent event = this.chat.streamedMessage(Duration.ofSeconds(30));

		assertThat(event.event()).isEqualTo("message");
		assertThat(event.data()).contains("\"Id\":" + event.id());
	}

	/**
	 * The course's nginx sets no X-Forwarded-For, so it passes on the client's own and adds none, and api trusts it by
	 * default (a private address): api names it once, with the consequence and the fix, and the chat works as before.
	 */
	@Test
	void apiWarnsOnceThatTheCoursesNginxDoesNotAppendXForwardedFor() throws IOException {
		String nginx = docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
				PREFIX + "nginx").strip();

		this.chat.messages(10);
		this.chat.post("course-it", "through an nginx that does not append");
		this.chat.messages(10);

		String warning = "A request from " + nginx + ", a trusted proxy (API_TRUSTED_PROXIES), came without "
				+ "X-Forwarded-For, so that proxy does not append the client's address and passes on any "
				+ "X-Forwarded-For a client sends: clients can choose their own rate-limit key, and all the others "
				+ "share " + nginx + "'s. Fix the proxy (nginx: proxy_set_header X-Forwarded-For "
				+ "$proxy_add_x_forwarded_for;), or, if it cannot be changed or is no proxy, leave " + nginx
				+ " out of API_TRUSTED_PROXIES.";
		assertThat(nginx).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
		assertThat(logLines(PREFIX + "api", "WARN")).containsExactly(warning);
		// The page quotes the start of the line, with an example address.
		Matcher quoted = Pattern.compile("(?m)^WARN \\.\\.\\. (A request from (\\S+), .*) \\.\\.\\.$")
			.matcher(Files.readString(Commands.ROOT.resolve("docs/course.md")));
		assertThat(quoted.find()).as("the warning quoted in docs/course.md").isTrue();
		assertThat(warning).startsWith(quoted.group(1).replace(quoted.group(2), nginx));
	}

	@Test
	void crawlerOnARootOwnedBindMountStaysUpCountsInMemoryAndSaysWhy() throws IOException {
		this.chat.statsReply("/stats keywords=love", Chat.BOOK_SERVER_LOVE_STATS, Duration.ofMinutes(2));

		assertThat(Files.getAttribute(crawlerDb(), "unix:uid")).as("Docker made the folder, for root").isEqualTo(0);
		assertThat(docker("inspect", "-f", "{{.State.Running}} {{.RestartCount}}", PREFIX + "crawler").strip())
			.isEqualTo("true 0");
		assertThat(errorLines(PREFIX + "crawler")).containsExactly("CRAWLER_DB_PATH=" + CRAWLER_DB_PATH
				+ " cannot be written: permission denied in " + CRAWLER_DB_PATH + ". This process runs as uid:gid "
				+ IMAGE_USER + "; the nearest existing directory " + CRAWLER_DB_PATH
				+ " is owned by 0:0 with mode rwxr-xr-x. Fix: on Kubernetes set the pod's securityContext.fsGroup: "
				+ "65532; with Docker, chown " + IMAGE_USER + " the directory on the host (or the volume), or run the "
				+ "container with --user set to the directory's owner. Counting in memory instead: the counts are lost "
				+ "when the process stops.");
		assertThat(docker("logs", PREFIX + "crawler")).contains("Crawl results are kept in memory")
			.doesNotContain("\tat ");
	}

	@Test
	void withTheCrashSwitchOffTheCrashWordsAreStored() {
		long id = this.chat.post("course-it", "darn it");

		assertThat(this.chat.messages(100)).anySatisfy((message) -> assertThat(message)
			.containsEntry("Id", (int) id)
			.containsEntry("Text", "darn it"));
		assertThat(docker("inspect", "-f", "{{.RestartCount}}", PREFIX + "api").strip()).isEqualTo("0");
	}

	@Test
	void aRootOwnedVolumeForTheMessageFileIsExplainedAndWorksOnceItIsMadeWritable() {
		URI api = URI.create("http://localhost:" + this.persistPort);
		Chat persist = new Chat(this.http, api, api);
		HttpResponse<String> ready = await(api.resolve("/health/ready"), 503, Duration.ofMinutes(3));

		String reason = "API_DB_FILEPATH=/persist/db.json cannot be written: permission denied in /persist. This "
				+ "process runs as uid:gid " + IMAGE_USER + "; the nearest existing directory /persist is owned by 0:0 "
				+ "with mode rwxr-xr-x. Fix: on Kubernetes set the pod's securityContext.fsGroup: 65532; with Docker, "
				+ "chown " + IMAGE_USER + " the directory on the host (or the volume), or run the container with --user "
				+ "set to the directory's owner.";

		assertThat(errorLines(PREFIX + "persist")).containsExactly(reason + " Until then the api answers, readiness "
				+ "is 503 and posts are refused with 503; it stores again as soon as the directory can be written.");
		assertThat(ready.body()).as("the public probe says DOWN and nothing more").isEqualTo("{\"status\":\"DOWN\"}");
		HttpResponse<String> details = persist
			.get(URI.create("http://localhost:" + this.persistManagementPort + "/health/ready"));
		assertThat((String) JsonPath.read(details.body(), "$.components.database.status")).isEqualTo("DOWN");
		assertThat((String) JsonPath.read(details.body(), "$.components.database.details.error"))
			.isEqualTo("message storage is unavailable, try again shortly: " + reason);
		assertThat(persist.get(api.resolve("/health/live")).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = postText(api, "before the fix");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat((String) JsonPath.read(refused.body(), "$.error"))
			.startsWith("message storage is unavailable, try again shortly: API_DB_FILEPATH=/persist/db.json");

		// What the log line tells a Docker user to do, done to the volume from a throwaway container.
		docker("run", "--rm", "--user", "0:0", "--entrypoint", "chown", "-v", PERSIST_VOLUME + ":/persist",
				LocalImages.NGINX, IMAGE_USER, "/persist");

		await(api.resolve("/health/ready"), 200, Duration.ofSeconds(30));
		persist.post("course-it", "after the fix");
		assertThat(docker("run", "--rm", "--entrypoint", "cat", "-v", PERSIST_VOLUME + ":/persist", LocalImages.NGINX,
				"/persist/db.json")).contains("\"Text\":\"after the fix\"").doesNotContain("before the fix");
	}

	@Test
	void withTheCrashSwitchOnACrashWordEndsTheContainerAndDockerRestartsIt() {
		URI api = URI.create("http://localhost:" + this.crashPort);
		await(api.resolve("/health/ready"), 200, Duration.ofMinutes(3));
		assertThat(docker("logs", PREFIX + "crash")).contains("API_CRASH_ON_PROFANITY is on");
		long since = Instant.now().getEpochSecond() - 1;

		Throwable answer = catchThrowable(() -> postText(api, "oh darn"));

		assertThat(answer).as("the connection ends without an answer").isInstanceOf(UncheckedIOException.class);
		awaitRestartCount(1, Duration.ofSeconds(30));
		String exitCodes = docker("events", "--since", String.valueOf(since), "--until",
				String.valueOf(Instant.now().getEpochSecond() + 1), "--filter", "container=" + PREFIX + "crash",
				"--filter", "event=die", "--format", "{{.Actor.Attributes.exitCode}}");
		assertThat(Commands.lines(exitCodes)).containsExactly("1");
		assertThat(docker("logs", PREFIX + "crash")).contains("Exiting with status 1: a message contains \"darn\" "
				+ "and API_CRASH_ON_PROFANITY is on; the message is not stored");
		await(api.resolve("/health/ready"), 200, Duration.ofMinutes(3));
		assertThat(new Chat(this.http, api, api).messages(100)).as("nothing survives in memory, and darn was never stored")
			.isEmpty();
	}

	private Path crawlerDb() {
		return this.hostDirectory.resolve("crawler-db");
	}

	private HttpResponse<String> postText(URI api, String text) {
		return this.chat.send(HttpRequest.newBuilder(api.resolve("/messages"))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"AuthorUsername\":\"course-it\",\"Text\":\"" + text + "\"}"))
			.build());
	}

	/** Polls until {@code uri} answers {@code status}, and returns that answer. */
	private HttpResponse<String> await(URI uri, int status, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		String last = "no answer";
		while (Instant.now().isBefore(deadline)) {
			try {
				HttpResponse<String> response = this.chat.get(uri);
				if (response.statusCode() == status) {
					return response;
				}
				last = response.statusCode() + " " + response.body();
			}
			catch (UncheckedIOException ex) {
				last = ex.getMessage();
			}
			Commands.pause(Duration.ofMillis(250));
		}
		throw new AssertionError(uri + " did not answer " + status + " within " + timeout + "; last: " + last);
	}

	private void awaitRestartCount(int count, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		String restarts = "";
		while (Instant.now().isBefore(deadline)) {
			restarts = docker("inspect", "-f", "{{.RestartCount}}", PREFIX + "crash").strip();
			if (Integer.parseInt(restarts) >= count) {
				return;
			}
			Commands.pause(Duration.ofMillis(500));
		}
		throw new AssertionError("RestartCount still " + restarts + " after " + timeout);
	}

	private static List<String> errorLines(String container) {
		return logLines(container, "ERROR");
	}

	/** The messages of a container's log lines at a level (Spring Boot's text format: the part after " : "). */
	private static List<String> logLines(String container, String level) {
		Commands.Result logs = Commands.attempt("docker", "logs", container);
		return Commands.lines(logs.output() + logs.errors())
			.stream()
			.filter((line) -> line.contains(" " + level + " "))
			.map((line) -> line.substring(line.indexOf(" : ") + 3))
			.toList();
	}

	private static String docker(String... arguments) {
		String[] command = new String[arguments.length + 1];
		command[0] = "docker";
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		return Commands.run(Duration.ofMinutes(2), Map.of(), command);
	}

}
