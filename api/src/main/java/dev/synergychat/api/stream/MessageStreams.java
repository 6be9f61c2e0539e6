package dev.synergychat.api.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.synergychat.api.ApiProperties;
import dev.synergychat.api.PeriodicTask;
import dev.synergychat.api.message.Message;
import dev.synergychat.api.message.MessageStore;

/**
 * The streams open on this replica. Sends every stream a heartbeat comment, and ends all streams when the
 * application stops so graceful shutdown does not wait for clients that never hang up.
 */
@Component
class MessageStreams implements SmartLifecycle {

	/** Streams end after this long and the browser reconnects, so no request lives for ever. */
	private static final long STREAM_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(30);

	private static final int RECOVERED_KEPT = 10_000;

	private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

	private final MessageStore store;

	private final ApiProperties.Stream settings;

	/**
	 * From a message's CreatedAt to its hand-over to this replica's open streams: the fan-out lag (the Redis hop
	 * between replicas included), which readers feel as the delay before a message appears.
	 */
	private final Timer fanOutLag;

	private final PeriodicTask heartbeats;

	private volatile BooleanSupplier live = () -> true;

	/** What the streams were handed, for {@link FanOutCheck}. */
	private final DeliveredIds delivered = new DeliveredIds();

	/**
	 * Ids the check delivered from the store, so the fan-out's copy, if it comes after all, is not sent again. At most
	 * {@value #RECOVERED_KEPT}: the check rarely finds any.
	 */
	private final Set<Long> recovered = ConcurrentHashMap.newKeySet();

	MessageStreams(MessageStore store, ApiProperties properties, MeterRegistry meters) {
		this.store = store;
		this.settings = properties.stream();
		this.heartbeats = new PeriodicTask("stream-heartbeat", this.settings.heartbeat(), this::heartbeat);
		meters.gauge("synergychat.stream.subscribers", this.subscribers, Set::size);
		this.fanOutLag = Timer.builder("synergychat.stream.fanout.lag")
			.description("From a message's creation to its delivery to the open streams of this replica")
			.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
					Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
			.register(meters);
	}

	SseEmitter open(@Nullable Long lastEventId) {
		Subscriber subscriber = new Subscriber(new SseEmitter(STREAM_TIMEOUT_MILLIS));
		subscriber.emitter().onCompletion(() -> end(subscriber));
		subscriber.emitter().onTimeout(subscriber::close);
		subscriber.emitter().onError((ex) -> subscriber.close());
		this.subscribers.add(subscriber);
		Thread.ofVirtual().name("stream").start(() -> {
			subscriber.run(lastEventId, (id) -> this.store.after(id, this.settings.replayLimit()));
			end(subscriber);
		});
		return subscriber.emitter();
	}

	/**
	 * Makes streams depend on {@code live}: while it is false, open streams are ended at the next heartbeat and new
	 * ones are refused.
	 */
	void endStreamsWhileNot(BooleanSupplier live) {
		this.live = live;
	}

	boolean isLive() {
		return this.live.getAsBoolean();
	}

	boolean hasSubscribers() {
		return !this.subscribers.isEmpty();
	}

	DeliveredIds delivered() {
		return this.delivered;
	}

	/** Messages of the fan-out, this replica's included, to every open stream. */
	void deliver(List<Message> messages) {
		handOver(this.recovered.isEmpty() ? messages
				: messages.stream().filter((message) -> !this.recovered.remove(message.id())).toList());
	}

	/** Messages the fan-out did not bring, found in the store by {@link FanOutCheck}. */
	void deliverRecovered(List<Message> messages) {
		if (this.recovered.size() > RECOVERED_KEPT) {
			this.recovered.clear();
		}
		messages.forEach((message) -> this.recovered.add(message.id()));
		handOver(messages);
	}

	private void handOver(List<Message> messages) {
		for (Subscriber subscriber : this.subscribers) {
			messages.forEach(subscriber::deliver);
		}
		Instant now = Instant.now();
		for (Message message : messages) {
			this.delivered.record(message.id());
			Duration lag = Duration.between(message.createdAt(), now);
			this.fanOutLag.record(lag.isNegative() ? Duration.ZERO : lag);
		}
	}

	private void end(Subscriber subscriber) {
		if (this.subscribers.remove(subscriber)) {
			subscriber.close();
		}
	}

	@Override
	public void start() {
		this.heartbeats.start();
	}

	void endAll() {
		this.subscribers.forEach(this::end);
	}

	private void heartbeat() {
		if (isLive()) {
			this.subscribers.forEach(Subscriber::heartbeat);
		}
		else {
			endAll();
		}
	}

	@Override
	public void stop() {
		this.heartbeats.stop();
		endAll();
	}

	@Override
	public boolean isRunning() {
		return this.heartbeats.isRunning();
	}

	/**
	 * Streams end after the shutdown drain, so browsers reconnect once readiness has taken this replica out of
	 * service, and before the web server's graceful shutdown, which would otherwise wait for them.
	 */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

}
