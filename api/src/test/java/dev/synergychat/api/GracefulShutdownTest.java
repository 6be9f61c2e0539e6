package dev.synergychat.api;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.synergychat.api.support.EventStreamClient;
import dev.synergychat.api.support.RunningApi;

import static org.assertj.core.api.Assertions.assertThat;

class GracefulShutdownTest {

	@Test
	void stoppingTheApiEndsOpenStreamsSoShutdownDoesNotWaitForThem() throws Exception {
		RunningApi api = RunningApi.start(Map.of());
		try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
				EventStreamClient stream = EventStreamClient.open(http, api.uri("/messages/stream"), null)) {
			stream.nextComment(Duration.ofSeconds(10));
			long start = System.nanoTime();

			api.close();

			// Graceful shutdown would otherwise wait its full 20 s for the open stream request.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			assertThat(stream.awaitEnd(Duration.ofSeconds(5))).as("stream ended by the server").isTrue();
		}
	}

}
