package dev.synergychat.api.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.synergychat.api.message.Message;
import dev.synergychat.api.support.EventStreamClient;
import dev.synergychat.api.support.EventStreamClient.Event;
import dev.synergychat.api.support.RunningApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streams of a running api (memory store), handed messages directly as the fan-out and its check hand them over.
 * The check itself, against a real store and a lost Redis message, is in {@code TwoReplicasTest}.
 */
class MessageStreamsTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static RunningApi api;

	@BeforeAll
	static void start() {
		api = RunningApi.start(Map.of());
	}

	@AfterAll
	static void stop() {
		api.close();
	}

	@Test
	void aMessageTheCheckDeliveredIsNotSentAgainWhenItsFanOutArrivesLate() throws Exception {
		MessageStreams streams = api.context().getBean(MessageStreams.class);
		Message lost = new Message(900_001, "ann", "fan-out late", Instant.now());
		Message next = new Message(900_002, "ann", "the next one", Instant.now());
		try (EventStreamClient stream = EventStreamClient.open(api.http(), api.uri("/messages/stream"), null)) {
			stream.nextComment(WAIT);

			streams.deliverRecovered(List.of(lost));
			streams.deliver(List.of(lost, next));

			Event first = stream.nextEvent(WAIT);
			Event second = stream.nextEvent(WAIT);
			assertThat(List.of(first.id(), second.id())).containsExactly("900001", "900002");
		}
		assertThat(streams.delivered().highest()).isEqualTo(900_002);
	}

}
