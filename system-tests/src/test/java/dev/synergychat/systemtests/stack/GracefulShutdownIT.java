package dev.synergychat.systemtests.stack;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.synergychat.systemtests.support.ChatClient;
import dev.synergychat.systemtests.support.ChatMessage;
import dev.synergychat.systemtests.support.LightLane;
import dev.synergychat.systemtests.support.Service;
import dev.synergychat.systemtests.support.ServiceProcess;
import dev.synergychat.testsupport.SlowCrawler;
import org.junit.jupiter.api.AfterEach;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SIGTERM to the packaged api, the way a container runtime stops it: {@code /health/ready} answers 503 for
 * {@code SHUTDOWN_DRAIN} while the api still serves, and a {@code /stats} post that was waiting for a slow crawler
 * gets its 201 and its crawler-bot reply before the process exits.
 */
@LightLane
class GracefulShutdownIT {

	private static final Duration DRAIN = Duration.ofMillis(1500);

	/** Under api's 3 s crawler timeout, over the drain: the post is still in flight when Tomcat stops accepting. */
	private static final Duration CRAWLER_DELAY = Duration.ofMillis(2500);

	private final ChatClient client = new ChatClient();

	private SlowCrawler slowCrawler;

	private ServiceProcess api;

	@AfterEach
	void stop() {
		if (this.api != null) {
			this.api.close();
		}
		if (this.slowCrawler != null) {
			this.slowCrawler.close();
		}
	}

	@Test
	void sigtermTurnsReadinessTo503WhileAStatsPostInFlightStillGetsItsReply() throws Exception {
		this.slowCrawler = SlowCrawler.start(CRAWLER_DELAY);
		this.api = ServiceProcess.start(Service.API, ServiceProcess.env("SHUTDOWN_DRAIN", DRAIN.toMillis() + "ms",
				"CRAWLER_BASE_URL", this.slowCrawler.baseUrl().toString()));

		try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<List<ChatMessage>> inFlight = background
				.submit(() -> this.client.postForPage(this.api.baseUri(), "ann", "/stats keywords=love"));
			assertThat(this.slowCrawler.awaitAsked(Duration.ofSeconds(15))).as("api asked the crawler").isTrue();
			Instant sigterm = Instant.now();
			this.api.terminate();

			HttpResponse<String> ready = awaitReadiness(503);
			assertThat(Duration.between(sigterm, Instant.now())).as("503 seen within the drain").isLessThan(DRAIN);
			assertThat(ChatClient.readObject(ready.body())).containsEntry("status", "OUT_OF_SERVICE");
			assertThat(this.client.get(this.api.uri("/health/live")).statusCode()).as("still serving").isEqualTo(200);

			List<ChatMessage> page = inFlight.get(20, TimeUnit.SECONDS);
			assertThat(page).extracting(ChatMessage::author, ChatMessage::text)
				.first()
				.isEqualTo(Tuple.tuple("ann", "/stats keywords=love"));
			assertThat(page.get(1).author()).isEqualTo(ChatMessage.BOT);
			assertThat(page.get(1).text()).startsWith("Found 7 matches");
		}
		// 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
		assertThat(this.api.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
		String log = this.api.logText();
		assertThat(log.indexOf("readiness is 503")).as("drain logged").isPositive()
			.isLessThan(log.indexOf("Commencing graceful shutdown"));
		assertThat(log).contains("Graceful shutdown complete");
	}

	private HttpResponse<String> awaitReadiness(int status) throws InterruptedException {
		Instant deadline = Instant.now().plus(DRAIN);
		HttpResponse<String> response = this.client.get(this.api.uri("/health/ready"));
		while (response.statusCode() != status && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
			response = this.client.get(this.api.uri("/health/ready"));
		}
		assertThat(response.statusCode()).as("/health/ready after SIGTERM").isEqualTo(status);
		return response;
	}

}
