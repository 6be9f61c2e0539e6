package dev.synergychat.api.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.synergychat.api.ApiProperties;
import dev.synergychat.api.message.Appended;
import dev.synergychat.api.message.Message;
import dev.synergychat.api.message.MessageDraft;
import dev.synergychat.api.message.MessageStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check's rules on a list of messages as the store, with one stream open. "Behind the streams' back" means stored without being
 * handed to the streams, as a message whose publish to Redis failed on another replica. What the check hands over
 * is read from its counter; that it reaches a client, once, is {@code TwoReplicasTest}'s part.
 */
class FanOutCheckTest {

	private final ListStore store = new ListStore();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final MessageStreams streams = new MessageStreams(this.store, new ApiProperties(
			new ApiProperties.Storage("", "", "", ""), new ApiProperties.Crawler("", Duration.ofSeconds(3)),
			new ApiProperties.Redis("", "test:"), 60, List.of("*"), List.of(),
			new ApiProperties.Stream(Duration.ofSeconds(10), 500)), this.meters);

	private final FanOutCheck check = new FanOutCheck(this.streams, this.store, this.meters);

	@BeforeEach
	void openAStream() {
		this.check.watch(() -> true);
		this.streams.open(null);
	}

	@Test
	void aMessageTheStreamsWereNotHandedIsHandedOverOnce() {
		this.streams.deliver(append(3));
		this.check.check();

		appendBehindTheStreamsBack(1);
		this.check.check();
		this.check.check();
		this.streams.deliver(append(1));
		this.check.check();

		assertThat(recovered()).isEqualTo(1);
	}

	@Test
	void aMessageLostJustBeforeTheCheckStartedIsFound() {
		this.streams.deliver(append(2));
		appendBehindTheStreamsBack(1);

		this.check.check();

		assertThat(recovered()).as("the check starts from the highest Id the streams were handed").isEqualTo(1);
	}

	@Test
	void everyMessageAboveTheFloorIsReadEvenPastOneRead() {
		this.streams.deliver(append(1));
		this.check.check();

		appendBehindTheStreamsBack(FanOutCheck.READ_LIMIT * 2 + 500);
		this.check.check();

		assertThat(recovered()).isEqualTo(FanOutCheck.READ_LIMIT * 2 + 500);
	}

	@Test
	void moreThanItReadsMakesItStartAgainFromTheNewest() {
		this.streams.deliver(append(1));
		this.check.check();

		appendBehindTheStreamsBack(FanOutCheck.MOST_READ + 1);
		this.check.check();
		this.check.check();

		assertThat(recovered()).isZero();
	}

	@Test
	void whatWasStoredWhileTheSubscriptionWasDownIsLeftToTheClientsReplay() {
		this.streams.deliver(append(2));
		this.check.check();

		this.check.subscriptionLost();
		appendBehindTheStreamsBack(1);
		this.streams.deliver(append(1));
		this.check.check();

		assertThat(recovered()).isZero();
	}

	@Test
	void nothingIsCheckedWhileTheFanOutIsNotLive() {
		this.streams.deliver(append(1));
		this.check.watch(() -> false);
		appendBehindTheStreamsBack(1);

		this.check.check();

		assertThat(recovered()).isZero();
		assertThat(this.streams.delivered().highest()).as("forgotten: the streams resume from the store")
			.isEqualTo(DeliveredIds.NONE);
	}

	private List<Message> append(int count) {
		return this.store.add(count);
	}

	private void appendBehindTheStreamsBack(int count) {
		this.store.add(count);
	}

	private double recovered() {
		return this.meters.get("synergychat.stream.recovered").counter().count();
	}

	/** Messages in Id order; the check only reads. */
	private static final class ListStore implements MessageStore {

		private final List<Message> messages = new ArrayList<>();

		synchronized List<Message> add(int count) {
			List<Message> added = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				added.add(new Message(this.messages.size() + 1, "ann", "message " + i, Instant.now()));
				this.messages.add(added.getLast());
			}
			return added;
		}

		@Override
		public Appended append(List<MessageDraft> drafts, int pageLimit) {
			throw new UnsupportedOperationException("the check never posts");
		}

		@Override
		public synchronized List<Message> page(int limit, Long before) {
			List<Message> below = this.messages.stream()
				.filter((message) -> before == null || message.id() < before)
				.toList();
			return List.copyOf(below.subList(Math.max(0, below.size() - limit), below.size()));
		}

		@Override
		public synchronized List<Message> after(long id, int limit) {
			return this.messages.stream().filter((message) -> message.id() > id).limit(limit).toList();
		}

		@Override
		public String description() {
			return "a list";
		}

		@Override
		public void check() {
		}

	}

}
