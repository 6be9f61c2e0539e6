package dev.synergychat.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@code API_CRASH_ON_PROFANITY=true} ends the process, so the api runs here as a child JVM on the test classpath:
 * the exit is real and the test JVM survives it.
 */
class CrashOnProfanityTest {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	@TempDir
	Path directory;

	private Process api;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.api != null && this.api.isAlive()) {
			this.api.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aPostWithABannedWordLogsWhyAndExitsWithStatus1WithoutStoringIt() throws Exception {
		Path file = this.directory.resolve("db.json");
		Path log = this.directory.resolve("api.log");
		int port = freePort();
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), ApiApplication.class.getName(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--spring.main.banner-mode=off")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("API_CRASH_ON_PROFANITY", "true");
		builder.environment().put("API_DB_FILEPATH", file.toString());
		builder.environment().put("SHUTDOWN_DRAIN", "5s");
		this.api = builder.start();
		URI base = URI.create("http://127.0.0.1:" + port);
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> get(base.resolve("/health/ready")).statusCode() == 200);
		assertThat(Files.readString(log)).contains("API_CRASH_ON_PROFANITY is on");

		assertThat(post(base, "before the crash").statusCode()).isEqualTo(201);
		long start = System.nanoTime();
		Throwable answer = catchThrowable(() -> post(base, "Oh DARN it"));

		assertThat(this.api.waitFor(10, TimeUnit.SECONDS)).as("the api has exited").isTrue();
		assertThat(this.api.exitValue()).isEqualTo(1);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no graceful shutdown drain")
			.isLessThan(Duration.ofSeconds(5));
		assertThat(answer).as("the connection ends without an answer").isInstanceOf(IOException.class);
		assertThat(Files.readString(log)).contains("Exiting with status 1: a message contains \"DARN\" and "
				+ "API_CRASH_ON_PROFANITY is on; the message is not stored");
		assertThat(Files.readString(file)).contains("before the crash").doesNotContain("DARN");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(URI base, String text) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(base.resolve("/messages"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"AuthorUsername\":\"ann\",\"Text\":\"" + text + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
