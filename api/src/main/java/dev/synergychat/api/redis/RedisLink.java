package dev.synergychat.api.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * What the features that share state through Redis use: the {@link StringRedisTemplate} for commands, Spring's
 * {@link RedisMessageListenerContainer} for subscriptions, this deployment's key prefix, and whether the
 * subscription is live. Nothing connects at start, so the api starts (and serves chat) while Redis is down; the
 * container subscribes as soon as Redis answers, and the client reconnects and resubscribes by itself after that.
 * <p>
 * A dropped connection is seen from the client's connection events: the client resubscribes quietly on reconnect,
 * so without them nothing would say that messages published meanwhile were missed.
 */
public final class RedisLink implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

	private final StringRedisTemplate template;

	private final RedisMessageListenerContainer listeners;

	private final String keyPrefix;

	private final String description;

	private final List<Runnable> subscriptionLostListeners = new CopyOnWriteArrayList<>();

	/** Connections to Redis that are up now, and the most there have been: all of them up again means live. */
	private final AtomicInteger active = new AtomicInteger();

	private final AtomicInteger mostActive = new AtomicInteger();

	private volatile boolean connected;

	private final Disposable events;

	private final Duration retry;

	private volatile @Nullable Thread subscriber;

	/**
	 * @param listeners a container that is not started automatically: its start fails while Redis is down, which
	 * must not stop the api, so this link starts it and retries every {@code retry} until it succeeds
	 */
	RedisLink(StringRedisTemplate template, RedisMessageListenerContainer listeners, ClientResources resources,
			String keyPrefix, String description, Duration retry) {
		this.template = template;
		this.retry = retry;
		this.listeners = listeners;
		this.keyPrefix = keyPrefix;
		this.description = description;
		this.events = resources.eventBus().get().subscribe((event) -> {
			if (event instanceof ConnectionActivatedEvent) {
				int now = this.active.incrementAndGet();
				this.connected = now >= this.mostActive.accumulateAndGet(now, Math::max);
			}
			else if (event instanceof ConnectionDeactivatedEvent) {
				this.active.decrementAndGet();
				this.connected = false;
				this.subscriptionLostListeners.forEach(Runnable::run);
			}
		});
	}

	/** {@code name} with this deployment's key prefix: every key and channel goes through here. */
	public String key(String name) {
		return this.keyPrefix + name;
	}

	public String description() {
		return this.description;
	}

	/** Commands; they fail at once while Redis is unreachable and never wait longer than the command timeout. */
	public StringRedisTemplate template() {
		return this.template;
	}

	/** Whether messages published now would reach this process's subscriptions. */
	public boolean isSubscribed() {
		return this.listeners.isListening() && this.connected;
	}

	/**
	 * Runs {@code listener} (on a Redis client thread, so it must not block) whenever a connection to Redis drops:
	 * messages published until it is back are not received.
	 */
	public void onSubscriptionLost(Runnable listener) {
		this.subscriptionLostListeners.add(listener);
	}

	/** Calls {@code onMessage} with every message on {@code channel} (already prefixed), now and after reconnects. */
	public void subscribe(String channel, Consumer<String> onMessage) {
		this.listeners.addMessageListener(
				(message, pattern) -> onMessage.accept(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(channel));
	}

	/** Starts subscribing in the background once every subscription is registered, and returns at once. */
	@Override
	public void start() {
		this.subscriber = Thread.ofVirtual().name("redis-subscribe").start(this::subscribeUntilDone);
	}

	@Override
	public void stop() {
		Thread running = this.subscriber;
		this.subscriber = null;
		if (running != null) {
			running.interrupt();
		}
		this.listeners.stop();
		this.events.dispose();
	}

	@Override
	public boolean isRunning() {
		return this.subscriber != null;
	}

	private void subscribeUntilDone() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				this.listeners.start();
				log.info("Subscribed to {}", this.description);
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Cannot subscribe to {} yet, retrying in {}s: {}", this.description, this.retry.toSeconds(),
						NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
				this.listeners.stop();
			}
			try {
				Thread.sleep(this.retry);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

}
