package dev.synergychat.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.synergychat.api.support.RunningApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What SIGTERM starts (closing the context), seen from clients: readiness turns 503 while the api still answers
 * (closing each connection after its answer, so proxies holding kept-alive connections let go of them), and a {@code /stats} post that was waiting for a slow crawler when shutdown began still gets its 201 and its
 * crawler-bot reply.
 */
class ShutdownDrainTest {

	private static final Duration DRAIN = Duration.ofSeconds(2);

	/** Longer than the drain, so the post is still in flight when the web server's graceful shutdown starts. */
	private static final Duration CRAWLER_DELAY = Duration.ofMillis(3500);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final CountDownLatch crawlerAsked = new CountDownLatch(1);

	private final HttpServer slowCrawler = slowCrawler();

	@AfterEach
	void stopCrawler() {
		this.slowCrawler.stop(0);
	}

	@Test
	void readinessIs503DuringTheDrainAndAStatsPostInFlightGetsItsReply() throws Exception {
		RunningApi api = RunningApi.start(Map.of("synergychat.shutdown.drain", DRAIN.toString(),
				"synergychat.api.crawler.base-url", "http://127.0.0.1:" + this.slowCrawler.getAddress().getPort(),
				"synergychat.api.crawler.timeout", "10s"));
		URI base = api.uri("/");
		assertThat(get(base, "/health/ready").statusCode()).isEqualTo(200);
		assertThat(get(base, "/messages").headers().firstValue("Connection")).as("kept alive before shutdown")
			.isEmpty();

		try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<HttpResponse<String>> inFlight = background.submit(() -> post(base, "/stats keywords=love"));
			assertThat(this.crawlerAsked.await(10, TimeUnit.SECONDS)).as("api asked the crawler").isTrue();
			Instant shutdownStarted = Instant.now();
			Future<?> closing = background.submit(() -> api.context().close());

			HttpResponse<String> ready = awaitStatus(base, "/health/ready", 503, DRAIN);
			assertThat(ready.body()).endsWith("\"status\":\"OUT_OF_SERVICE\"}");
			assertThat(Duration.between(shutdownStarted, Instant.now())).as("503 seen within the drain")
				.isLessThan(DRAIN);
			HttpResponse<String> messages = get(base, "/messages");
			assertThat(messages.statusCode()).as("new requests are still served during the drain").isEqualTo(200);
			assertThat(messages.headers().firstValue("Connection")).as("connections closed after each answer")
				.contains("close");
			assertThat(messages.body()).as("the post waiting for the crawler has stored nothing yet").isEqualTo("[]");

			HttpResponse<String> posted = inFlight.get(20, TimeUnit.SECONDS);
			assertThat(Duration.between(shutdownStarted, Instant.now())).as("the post outlived the drain")
				.isGreaterThan(DRAIN);
			assertThat(posted.statusCode()).isEqualTo(201);
			JsonNode reply = RunningApi.body(posted).get(1);
			assertThat(reply.get("AuthorUsername").asString()).isEqualTo("crawler-bot");
			assertThat(reply.get("Text").asString()).startsWith("Found 7 matches");
			closing.get(20, TimeUnit.SECONDS);
		}
		finally {
			api.close();
		}
		assertThatExceptionOfType(ConnectException.class).as("the api is gone once shutdown has finished")
			.isThrownBy(() -> get(base, "/health/live"));
	}

	private HttpServer slowCrawler() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.createContext("/stats", (exchange) -> {
				this.crawlerAsked.countDown();
				try {
					Thread.sleep(CRAWLER_DELAY);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				byte[] body = "[{\"Keyword\":\"love\",\"BookTitle\":\"A Slow Book\",\"Count\":7}]"
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(URI base, String text) throws IOException, InterruptedException {
		String body = "{\"AuthorUsername\":\"ann\",\"Text\":\"" + text + "\"}";
		return this.http.send(HttpRequest.newBuilder(base.resolve("/messages"))
			.timeout(Duration.ofSeconds(15))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> awaitStatus(URI base, String path, int status, Duration within)
			throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(within);
		HttpResponse<String> response = get(base, path);
		while (response.statusCode() != status && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
			response = get(base, path);
		}
		assertThat(response.statusCode()).as("%s during the drain", path).isEqualTo(status);
		return response;
	}

}
