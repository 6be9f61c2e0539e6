package dev.synergychat.systemtests.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.synergychat.support.stats.KeywordCount;
import dev.synergychat.systemtests.support.ChatClient;
import dev.synergychat.systemtests.support.ChatMessage;
import dev.synergychat.systemtests.support.LightLane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./mvnw -o -B -Plocal} in a copy of the working tree as git would clone it once committed (tracked and
 * new files, nothing that {@code .gitignore} excludes, so no {@code target/}): the copy builds from sources the
 * way a fresh clone does, yet the test checks the change under test rather than the last commit. Offline,
 * because the outer build has already fetched every plugin and dependency.
 *
 * <p>The command uses fixed ports (8080 to 8082; 9180 to 9182, their management ports; and 9081 and 9082 for the
 * JMX of the background services); every other system test picks free ports from the ephemeral range, so nothing in
 * this build competes for them. Another program on the machine could: the test then fails at once, saying which port
 * is taken.
 */
@LightLane
class LocalProfileIT {

	private static final List<Integer> PORTS = List.of(8080, 8081, 8082, 9180, 9181, 9182, 9081, 9082);

	/** Compiling three services and packaging their jars on two shared cores. */
	private static final Duration START_TIMEOUT = Duration.ofMinutes(8);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	private static final Path LOG_DIRECTORY = Path.of("target", "system-test-logs");

	private static final Pattern FOUND = Pattern.compile("Found (\\d+) match");

	@TempDir
	static Path copy;

	private final ChatClient client = new ChatClient();

	private Process maven;

	private final List<ProcessHandle> started = new ArrayList<>();

	@BeforeAll
	static void copyWorkingTree() throws Exception {
		Path root = Path.of("..").toAbsolutePath().normalize();
		Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
			.directory(root.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(git.waitFor()).as("git ls-files in %s (the system tests need git)", root).isZero();
		for (String file : listing.split("\0")) {
			Path source = root.resolve(file);
			if (!file.isEmpty() && Files.isRegularFile(source)) {
				Path target = copy.resolve(file);
				Files.createDirectories(target.getParent());
				Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
			}
		}
		assertThat(copy.resolve("mvnw")).isExecutable();
		assertThat(copy.resolve("api/target")).doesNotExist();
	}

	@BeforeEach
	void portsAreFree() {
		for (int port : PORTS) {
			assertThat(listening(port)).as("port %d is already in use on this machine; ./mvnw -Plocal needs it: stop "
					+ "whatever listens there and run the test again", port).isFalse();
		}
	}

	@AfterEach
	void stopEverythingStarted() throws InterruptedException {
		if (this.maven != null) {
			this.started.addAll(this.maven.descendants().toList());
			this.maven.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		for (ProcessHandle process : this.started) {
			process.destroyForcibly();
		}
		// Gone before the next test checks its ports, so a failed test does not fail the next one as well.
		for (ProcessHandle process : this.started) {
			try {
				process.onExit().get(10, TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				// Reported by the next test's port check, which names the port.
			}
		}
	}

	@Test
	void servesTheChatWiredOnPorts8080To8082AndCtrlCStopsAllThree() throws Exception {
		this.maven = startMaven("local-profile.log");
		awaitPage();

		HttpResponse<String> config = this.client.get(URI.create("http://localhost:8080/config.js"));
		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(config.body()).contains("\"apiUrl\":\"http://localhost:8081\"");

		URI crawler = URI.create("http://localhost:8082");
		try {
			this.client.awaitSettledStats(crawler, Duration.ofSeconds(60));
		}
		catch (AssertionError ex) {
			// CI prints only this message, and the log is gone with the clone: carry what the crawl loop said.
			throw new AssertionError(ex.getMessage() + "; the crawler's crawl-loop, WARN and ERROR lines in "
					+ log("local-profile.log") + ":\n" + crawlerLines(log("local-profile.log")), ex);
		}
		List<KeywordCount> love = this.client.stats(crawler, Map.of("keywords", "love"));
		assertThat(ChatClient.total(love)).as("the sample library mentions love").isPositive();
		URI api = URI.create("http://localhost:8081");
		ChatMessage question = this.client.post(api, "ann", "/stats keywords=love");
		ChatMessage reply = this.client.awaitReply(api, question, Duration.ofSeconds(15));
		assertThat(reply.author()).isEqualTo(ChatMessage.BOT);
		Matcher found = FOUND.matcher(reply.text());
		assertThat(found.find()).as("a total in '%s'", reply.text()).isTrue();
		assertThat(Long.parseLong(found.group(1))).isEqualTo(ChatClient.total(love));
		for (int management : List.of(9180, 9181, 9182)) {
			assertThat(this.client.get(URI.create("http://localhost:" + management + "/metrics")).body())
				.as("metrics on management port %d", management)
				.contains("# TYPE jvm_memory_used_bytes gauge");
		}

		this.started.addAll(this.maven.descendants().toList());
		assertThat(this.started).as("maven and the three service JVMs it started").hasSizeGreaterThanOrEqualTo(3);
		interruptProcessGroup(this.maven);

		assertThat(this.maven.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("maven stopped on Ctrl-C")
			.isTrue();
		assertAllStopped();
		assertThat(Files.readString(log("local-profile.log"))).as("Ctrl-C is the normal end of the command")
			.doesNotContain("BUILD FAILURE");
	}

	@Test
	void webFailingToStartLeavesNoServiceRunning() throws Exception {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress(8080));
			this.maven = startMaven("local-profile-web-fails.log");
			Instant deadline = Instant.now().plus(START_TIMEOUT);
			while (this.maven.isAlive() && Instant.now().isBefore(deadline)) {
				// Noted while maven lives: once it has exited, what it left behind is no longer its descendant.
				this.maven.descendants().filter((process) -> !this.started.contains(process)).forEach(this.started::add);
				sleep(Duration.ofMillis(500));
			}
			assertThat(this.maven.isAlive()).as("maven gave up").isFalse();
			assertThat(this.started).as("crawler and api were started before web").hasSizeGreaterThanOrEqualTo(2);
			assertThat(this.maven.exitValue()).as("build failed because web could not start").isNotZero();
			assertThat(Files.readString(log("local-profile-web-fails.log"))).contains("8080");
		}
		assertAllStopped();
	}

	private Process startMaven(String logName) throws IOException {
		Files.createDirectories(LOG_DIRECTORY);
		// setsid: a process group of its own, like a terminal job, so the test can press Ctrl-C on it alone.
		// env --default-signal=INT: a terminal job takes Ctrl-C, but a build started in the background by a shell
		// without job control inherits SIGINT ignored, and the JVMs would then never see it.
		ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=INT", "setsid", "./mvnw", "-o", "-B",
				"-Plocal")
			.directory(copy.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log(logName).toFile());
		Map<String, String> env = builder.environment();
		env.keySet().retainAll(List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR"));
		// The JDK 25 running the tests, as the README asks of the person typing the command.
		env.put("JAVA_HOME", System.getProperty("java.home"));
		return builder.start();
	}

	private static String crawlerLines(Path log) throws IOException {
		return Files.readAllLines(log)
			.stream()
			.filter((line) -> line.contains("[crawler]")
					&& (line.contains("crawl-loop") || line.contains(" WARN ") || line.contains(" ERROR ")))
			.map((line) -> line.length() > 400 ? line.substring(0, 400) + "..." : line)
			.collect(Collectors.joining("\n"));
	}

	private static Path log(String name) {
		return LOG_DIRECTORY.resolve(name).toAbsolutePath();
	}

	private void awaitPage() throws IOException {
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		URI page = URI.create("http://localhost:8080/");
		while (Instant.now().isBefore(deadline)) {
			assertThat(this.maven.isAlive()).as("./mvnw -Plocal is running (log %s)", log("local-profile.log")).isTrue();
			if (listening(8080)) {
				HttpResponse<String> response = this.client.get(page);
				if (response.statusCode() == 200) {
					assertThat(response.body()).contains("SynergyChat");
					return;
				}
			}
			sleep(Duration.ofMillis(250));
		}
		throw new AssertionError("http://localhost:8080 did not serve the page within " + START_TIMEOUT
				+ "; see " + log("local-profile.log") + "\n" + Files.readString(log("local-profile.log")));
	}

	/** What Ctrl-C in a terminal does: SIGINT to every process of the foreground job's group. */
	private static void interruptProcessGroup(Process leader) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + leader.pid()).inheritIO().start();
		assertThat(kill.waitFor()).as("kill -INT to process group %d", leader.pid()).isZero();
	}

	private void assertAllStopped() {
		Instant deadline = Instant.now().plus(STOP_TIMEOUT);
		while (Instant.now().isBefore(deadline) && (PORTS.subList(0, 3).stream().anyMatch(LocalProfileIT::listening)
				|| this.started.stream().anyMatch(ProcessHandle::isAlive))) {
			sleep(Duration.ofMillis(500));
		}
		for (int port : PORTS.subList(0, 3)) {
			assertThat(listening(port)).as("port %d is free again", port).isFalse();
		}
		assertThat(this.started).as("no process the command started is still running")
			.noneMatch(ProcessHandle::isAlive);
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
			return true;
		}
		catch (IOException refused) {
			return false;
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
