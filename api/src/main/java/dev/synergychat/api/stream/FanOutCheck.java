package dev.synergychat.api.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.synergychat.api.PeriodicTask;
import dev.synergychat.api.message.Message;
import dev.synergychat.api.message.MessageStore;

/**
 * Hands this replica's open streams the messages the fan-out lost. When another replica cannot publish a message to
 * Redis, only that replica's streams get it; a stream here would otherwise see it only if its client reconnected
 * with a {@code Last-Event-ID} below it. So every {@link #INTERVAL}, while streams are open and the Redis subscription
 * is live ({@link #watch}), the check reads the messages stored since the last check and delivers those the streams
 * were not handed, after giving them {@link #GRACE} more to arrive through Redis.
 * <p>
 * The streams record the Ids they are handed ({@link DeliveredIds}). Ids are taken before a message commits, so a
 * message can commit after a newer one: the check reads from a floor that trails one check behind the newest Id it
 * has seen, so it reads about two intervals of messages each time, in reads of {@value #READ_LIMIT}. More than
 * {@value #MOST_READ} (from about 5,000 posts a second) are more than it reads: it then starts again from the
 * newest and leaves the older ones to the streams' replay, as before this check.
 * Without Redis there is nothing to lose: every message reaches this replica's streams directly.
 */
@Component
final class FanOutCheck implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FanOutCheck.class);

	static final Duration INTERVAL = Duration.ofSeconds(1);

	/**
	 * How long a message the check found missing gets to arrive through Redis before the check delivers it. The
	 * fan-out's p99 is a few milliseconds (docs/performance.md); a busy machine's can be far more, and a message the
	 * check delivers too early is only counted and logged as lost when it was not.
	 */
	static final Duration GRACE = Duration.ofMillis(500);

	static final int READ_LIMIT = 1_000;

	static final int MOST_READ = 10 * READ_LIMIT;

	private static final int IDS_LOGGED = 20;

	private static final long UNKNOWN = -1;

	private final MessageStreams streams;

	private final MessageStore store;

	private final Runnable awaitGrace = PeriodicTask.pause(GRACE);

	private final Counter recovered;

	private volatile @Nullable BooleanSupplier live;

	private volatile boolean startOver;

	/** Messages at or below it were compared with what the streams got; guarded by the checking thread. */
	private long floor = UNKNOWN;

	private long newestSeen = UNKNOWN;

	private final PeriodicTask checker = new PeriodicTask("stream-fan-out-check", INTERVAL, this::check);

	FanOutCheck(MessageStreams streams, MessageStore store, MeterRegistry meters) {
		this.streams = streams;
		this.store = store;
		this.recovered = Counter.builder("synergychat.stream.recovered")
			.description("Messages the fan-out did not bring to this replica's streams, delivered from the store")
			.register(meters);
	}

	/** Runs the check while {@code live}: the fan-out through Redis, which can lose messages. */
	void watch(BooleanSupplier live) {
		this.live = live;
	}

	/**
	 * The Redis subscription dropped: streams are ended and resume from the store ({@code Last-Event-ID}), so what
	 * was published meanwhile is theirs to replay, not this check's to find. The next check starts again, from what
	 * the streams are handed once the subscription is back.
	 */
	void subscriptionLost() {
		this.streams.delivered().forget();
		this.startOver = true;
	}

	void check() {
		BooleanSupplier fanOutLive = this.live;
		if (fanOutLive == null || !fanOutLive.getAsBoolean()) {
			stopTracking();
			this.streams.delivered().forget();
			return;
		}
		if (this.startOver) {
			this.startOver = false;
			stopTracking();
		}
		if (!this.streams.hasSubscribers()) {
			stopTracking();
			return;
		}
		try {
			if (this.floor == UNKNOWN) {
				// Recording first, so a message handed over while the baseline is read is either recorded or below it.
				this.streams.delivered().trackAbove(Long.MIN_VALUE);
				startAt(baseline());
			}
			List<Message> stored = storedAboveFloor();
			if (stored == null) {
				startAt(newestStored());
				return;
			}
			List<Message> missing = notDelivered(stored);
			if (!missing.isEmpty()) {
				this.awaitGrace.run();
				missing = notDelivered(missing);
				if (!missing.isEmpty()) {
					recover(missing);
				}
			}
			advance(stored);
		}
		catch (RuntimeException ex) {
			// The store cannot be read now (its health says so); the next check starts again.
			stopTracking();
		}
	}

	/**
	 * Where a check that starts compares from: the highest Id the streams were handed since the subscription was last
	 * lost, so a message lost just before a stream opened is still found; the store's newest when that is lower (the
	 * store started over) or nothing was handed since (the messages already stored are the past, not a loss).
	 */
	private long baseline() {
		long stored = newestStored();
		long handed = this.streams.delivered().highest();
		return (handed == DeliveredIds.NONE) ? stored : Math.min(handed, stored);
	}

	private long newestStored() {
		List<Message> newest = this.store.page(1, null);
		return newest.isEmpty() ? 0 : newest.getFirst().id();
	}

	/** Every message above the floor, oldest first, or null when there are more than {@value #MOST_READ}. */
	private @Nullable List<Message> storedAboveFloor() {
		List<Message> stored = new ArrayList<>();
		long above = this.floor;
		while (stored.size() < MOST_READ) {
			List<Message> read = this.store.after(above, READ_LIMIT);
			stored.addAll(read);
			if (read.size() < READ_LIMIT) {
				return stored;
			}
			above = read.getLast().id();
		}
		return null;
	}

	private List<Message> notDelivered(List<Message> messages) {
		DeliveredIds delivered = this.streams.delivered();
		return messages.stream().filter((message) -> !delivered.contains(message.id())).toList();
	}

	private void recover(List<Message> missing) {
		List<Long> ids = missing.stream().map(Message::id).toList();
		log.warn("Delivering {} message(s) to this replica's streams from the store, the fan-out did not bring them: {}",
				ids.size(), (ids.size() <= IDS_LOGGED) ? ids : ids.subList(0, IDS_LOGGED) + " and more");
		this.recovered.increment(missing.size());
		this.streams.deliverRecovered(missing);
	}

	private void advance(List<Message> stored) {
		if (stored.isEmpty()) {
			long newest = newestStored();
			if (newest < this.floor) {
				// Nothing above the floor, and nothing at it either: the store started over (restored or emptied).
				startAt(newest);
			}
			return;
		}
		long newest = stored.getLast().id();
		this.floor = Math.max(this.floor, this.newestSeen);
		this.newestSeen = Math.max(this.newestSeen, newest);
		this.streams.delivered().trackAbove(this.floor);
	}

	private void startAt(long newest) {
		this.floor = newest;
		this.newestSeen = newest;
		this.streams.delivered().trackAbove(newest);
	}

	private void stopTracking() {
		this.floor = UNKNOWN;
		this.newestSeen = UNKNOWN;
		this.streams.delivered().stopTracking();
	}

	/** Scheduled only when {@link #watch} was called first, by the fan-out through Redis as it was created. */
	@Override
	public void start() {
		if (this.live != null) {
			this.checker.start();
		}
	}

	@Override
	public void stop() {
		this.checker.stop();
	}

	@Override
	public boolean isRunning() {
		return this.checker.isRunning();
	}

}
