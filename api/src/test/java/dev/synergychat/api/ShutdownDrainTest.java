package dev.synergychat.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.synergychat.api.support.RunningApi;
import dev.synergychat.testsupport.HttpPolling;
import dev.synergychat.testsupport.SlowCrawler;

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

	private final SlowCrawler slowCrawler = startSlowCrawler();

	@AfterEach
	void stopCrawler() {
		this.slowCrawler.close();
	}

	@Test
	void readinessIs503DuringTheDrainAndAStatsPostInFlightGetsItsReply() throws Exception {
		RunningApi api = RunningApi.start(Map.of("synergychat.shutdown.drain", DRAIN.toString(),
				"synergychat.api.crawler.base-url", this.slowCrawler.baseUrl(),
				"synergychat.api.crawler.timeout", "10s"));
		URI base = api.uri("/");
		assertThat(get(base, "/health/ready").statusCode()).isEqualTo(200);
		assertThat(get(base, "/messages").headers().firstValue("Connection")).as("kept alive before shutdown")
			.isEmpty();

		try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<HttpResponse<String>> inFlight = background.submit(() -> post(base, "/stats keywords=love"));
			assertThat(this.slowCrawler.awaitAsked(Duration.ofSeconds(10))).as("api asked the crawler").isTrue();
			Instant shutdownStarted = Instant.now();
			Future<?> closing = background.submit(() -> api.context().close());

			HttpResponse<String> ready = HttpPolling.awaitStatus(this.http, base.resolve("/health/ready"), 503, DRAIN);
			assertThat(ready.statusCode()).as("/health/ready during the drain").isEqualTo(503);
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

	private static SlowCrawler startSlowCrawler() {
		try {
			return SlowCrawler.start(CRAWLER_DELAY);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
