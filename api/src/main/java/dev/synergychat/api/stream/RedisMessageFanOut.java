package dev.synergychat.api.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import dev.synergychat.api.message.Message;
import dev.synergychat.api.message.NewestPage;
import dev.synergychat.api.redis.RedisLink;

/**
 * Publishes new messages on a Redis channel that every replica subscribes to, so each replica's streams get every
 * message, this replica's included. When Redis cannot take the message, this replica's streams still get it; the
 * others' streams get it from the store within about a second ({@link FanOutCheck}), and their newest page notices
 * the missing message by its Id, or by its check against the store.
 */
final class RedisMessageFanOut implements MessageFanOut, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisMessageFanOut.class);

	private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {
	};

	private final RedisLink redis;

	private final String channel;

	private final MessageStreams streams;

	/**
	 * Reader and writer of a payload, resolved for the list type once: every replica parses every payload, and a
	 * mapper looked the type up again on each.
	 */
	private final ObjectReader reader;

	private final ObjectWriter writer;

	private final NewestPage newestPage;

	/**
	 * Messages publishing at most this many in one payload: under load the messages that queue up while one publish
	 * is under way go out together, so a replica pays one Redis round trip and every replica parses one payload for
	 * them instead of one per post.
	 */
	private static final int MAX_MESSAGES_PER_PUBLISH = 500;

	/** One thread, so messages are published in the order they were stored. */
	private final ExecutorService publisher = Executors
		.newSingleThreadExecutor(Thread.ofVirtual().name("redis-publish").factory());

	/** Messages handed to {@link #publish} and not yet taken by the publishing thread, in the order stored. */
	private final Queue<Message> unpublished = new ConcurrentLinkedQueue<>();

	RedisMessageFanOut(RedisLink redis, MessageStreams streams, NewestPage newestPage, FanOutCheck check,
			JsonMapper json) {
		this.redis = redis;
		this.channel = redis.key("messages");
		this.streams = streams;
		this.newestPage = newestPage;
		this.reader = json.readerFor(MESSAGES);
		this.writer = json.writerFor(MESSAGES);
		redis.subscribe(this.channel, this::received);
		// An open stream would silently miss what is published while the subscription is down; ended, its client
		// resumes from the store with Last-Event-ID instead. The newest page in memory would miss them too: it is
		// dropped, pages come from the store until the subscription is back, and then it is rebuilt from the store.
		redis.onSubscriptionLost(streams::endAll);
		redis.onSubscriptionLost(newestPage::drop);
		redis.onSubscriptionLost(check::subscriptionLost);
		streams.endStreamsWhileNot(this::isLive);
		newestPage.dependOn(this::isLive);
		// A message another replica could not publish reaches this replica's open streams from the store.
		check.watch(this::isLive);
	}

	/**
	 * Publishes without waiting for Redis, so a post is not slowed down by it; a publish that fails reaches this
	 * replica's streams directly. Each call queues its messages and asks the publishing thread to send what is
	 * queued: a call whose messages an earlier turn already sent finds nothing left.
	 */
	@Override
	public void publish(List<Message> messages) {
		this.unpublished.addAll(messages);
		this.publisher.execute(this::publishQueued);
	}

	private void publishQueued() {
		List<Message> batch = new ArrayList<>();
		Message next;
		while ((next = this.unpublished.poll()) != null) {
			batch.add(next);
			if (batch.size() == MAX_MESSAGES_PER_PUBLISH) {
				send(batch);
				batch = new ArrayList<>();
			}
		}
		if (!batch.isEmpty()) {
			send(batch);
		}
	}

	private void send(List<Message> messages) {
		try {
			this.redis.template().convertAndSend(this.channel, this.writer.writeValueAsString(messages));
		}
		catch (RuntimeException ex) {
			log.warn("Cannot publish to Redis, only this replica's streams get messages {}: {}",
					messages.stream().map(Message::id).toList(),
					NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
			this.streams.deliver(messages);
		}
	}

	/** Called by Spring when the context closes, so the publishing thread does not outlive it. */
	@Override
	public void close() {
		this.publisher.shutdown();
	}

	/**
	 * Whether a stream opened now would get every new message. False while the Redis subscription is down: streams
	 * are then ended and refused, so clients poll and later resume from the store with {@code Last-Event-ID}, which
	 * loses nothing.
	 */
	private boolean isLive() {
		return this.redis.isSubscribed();
	}

	private void received(String payload) {
		try {
			List<Message> messages = this.reader.readValue(payload);
			this.newestPage.received(messages);
			this.streams.deliver(messages);
		}
		catch (JacksonException ex) {
			log.warn("Ignoring a message on {} that is not a list of messages: {}", this.channel,
					ex.getOriginalMessage());
		}
	}

}
