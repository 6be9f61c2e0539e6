package dev.synergychat.crawler.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

/**
 * One Lettuce connection to {@code REDIS_URL}, opened on first use rather than at start, so the crawler starts
 * (and stays ready) while Redis is down. Every command is bounded by the configured timeout, and while the
 * connection is down commands fail at once instead of queueing, which is what lets the crawl loop pause and
 * {@code /stats} answer 503 right away. Lettuce reconnects by itself, trying at least every two seconds.
 */
class RedisConnection implements AutoCloseable {

	private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

	private final RedisURI uri;

	private final ClientResources resources;

	private final RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	RedisConnection(String url, Duration timeout) {
		this.uri = RedisURI.create(url);
		this.uri.setTimeout(timeout);
		this.resources = ClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
			.build();
		this.client = RedisClient.create(this.resources, this.uri);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build());
	}

	/** Runs {@code command}; any Redis failure becomes a {@link StoreUnavailableException}. */
	<T> T execute(Function<RedisCommands<String, String>, T> command) {
		try {
			return command.apply(connection().sync());
		}
		catch (RedisException ex) {
			throw new StoreUnavailableException(describe() + " is unavailable: " + ex.getMessage(), ex);
		}
	}

	/** Where Redis is, without the password. */
	String describe() {
		return "Redis at " + this.uri.getHost() + ":" + this.uri.getPort() + "/" + this.uri.getDatabase();
	}

	@Override
	public synchronized void close() {
		if (this.connection != null) {
			this.connection.close();
		}
		this.client.shutdown();
		this.resources.shutdown();
	}

	private synchronized StatefulRedisConnection<String, String> connection() {
		if (this.connection == null) {
			this.connection = this.client.connect();
		}
		return this.connection;
	}

}
