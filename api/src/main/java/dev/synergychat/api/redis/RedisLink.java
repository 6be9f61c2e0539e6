package dev.synergychat.api.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command connection and one subscriber connection to Redis, kept open for the life of the process. The first
 * connections are retried in the background so the api starts (and serves chat) while Redis is down; after that
 * the client reconnects and resubscribes by itself. While disconnected, commands fail at once instead of queueing,
 * so callers fall back immediately, and no command waits longer than {@link #COMMAND_TIMEOUT}.
 */
public final class RedisLink implements AutoCloseable {

	static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration CONNECT_RETRY = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

	private final ClientResources resources;

	private final RedisClient client;

	private final String keyPrefix;

	private final String description;

	private final List<Subscription> subscriptions = new ArrayList<>();

	private final List<Runnable> subscriptionLostListeners = new CopyOnWriteArrayList<>();

	private final Thread connector;

	private volatile @Nullable StatefulRedisConnection<String, String> commands;

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubSub;

	RedisLink(String url, String keyPrefix) {
		RedisURI uri = RedisURI.create(url);
		uri.setTimeout(COMMAND_TIMEOUT);
		this.description = "Redis at " + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
		this.keyPrefix = keyPrefix;
		// Reconnect every second rather than backing off towards 30 s, so chat is shared again soon after Redis is.
		this.resources = DefaultClientResources.builder().reconnectDelay(Delay.constant(CONNECT_RETRY)).build();
		this.client = RedisClient.create(this.resources, uri);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build())
			.timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
			.build());
		this.client.addListener(new RedisConnectionStateListener() {
			@Override
			public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
				if (connection == RedisLink.this.pubSub) {
					RedisLink.this.subscriptionLostListeners.forEach(Runnable::run);
				}
			}
		});
		this.connector = Thread.ofVirtual().name("redis-connect").start(this::connectUntilDone);
	}

	/** {@code name} with this deployment's key prefix: every key and channel goes through here. */
	public String key(String name) {
		return this.keyPrefix + name;
	}

	public String description() {
		return this.description;
	}

	/** The shared command connection (callers pick its sync or async API), or empty while Redis is unreachable. */
	public Optional<StatefulRedisConnection<String, String>> connection() {
		StatefulRedisConnection<String, String> connection = this.commands;
		return (connection != null && connection.isOpen()) ? Optional.of(connection) : Optional.empty();
	}

	/** Whether messages published now would reach this process's subscriptions. */
	public boolean isSubscribed() {
		StatefulRedisPubSubConnection<String, String> connection = this.pubSub;
		return connection != null && connection.isOpen();
	}

	/**
	 * Runs {@code listener} (on a Redis client thread, so it must not block) whenever the subscriber connection
	 * drops: messages published until it is back are not received.
	 */
	public void onSubscriptionLost(Runnable listener) {
		this.subscriptionLostListeners.add(listener);
	}

	/** Calls {@code onMessage} with every message on {@code channel} (already prefixed), now and after reconnects. */
	public void subscribe(String channel, Consumer<String> onMessage) {
		Subscription subscription = new Subscription(channel, onMessage);
		// Locked with the connector so a subscription is attached exactly once, before or after it connects.
		synchronized (this.subscriptions) {
			this.subscriptions.add(subscription);
			StatefulRedisPubSubConnection<String, String> connection = this.pubSub;
			if (connection != null) {
				subscription.attach(connection);
			}
		}
	}

	private void connectUntilDone() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				if (this.commands == null) {
					this.commands = this.client.connect();
				}
				synchronized (this.subscriptions) {
					if (this.pubSub == null) {
						StatefulRedisPubSubConnection<String, String> connection = this.client.connectPubSub();
						this.subscriptions.forEach((subscription) -> subscription.attach(connection));
						this.pubSub = connection;
					}
				}
				log.info("Connected to {}", this.description);
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Cannot connect to {} yet, retrying in {}s: {}", this.description, CONNECT_RETRY.toSeconds(),
						ex.getMessage());
			}
			try {
				Thread.sleep(CONNECT_RETRY);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	@Override
	public void close() {
		this.connector.interrupt();
		this.client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
		this.resources.shutdown(0, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	private record Subscription(String channel, Consumer<String> onMessage) {

		void attach(StatefulRedisPubSubConnection<String, String> connection) {
			connection.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					if (channel.equals(Subscription.this.channel)) {
						Subscription.this.onMessage.accept(message);
					}
				}
			});
			connection.sync().subscribe(this.channel);
		}

	}

}
