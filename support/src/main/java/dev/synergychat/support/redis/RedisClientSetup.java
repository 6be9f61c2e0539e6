package dev.synergychat.support.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A Spring Data Redis connection factory for {@code REDIS_URL}
 * ({@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...} for TLS), set up the same way in
 * every service:
 * <ul>
 * <li>nothing connects at start, so a service starts, and stays ready, while Redis is down;</li>
 * <li>connecting and every command are bounded by {@code timeout}, so a dead Redis stalls nothing for long;</li>
 * <li>while the connection is down commands fail at once instead of queueing, so callers fall back right away;</li>
 * <li>the client reconnects by itself, trying at least every {@code maxReconnectDelay}.</li>
 * </ul>
 * Spring Boot's own Redis auto-configuration is excluded in each service ({@link RedisDefaults}): it would connect to
 * a default localhost Redis when {@code REDIS_URL} is unset, where the services must not connect anywhere.
 */
public final class RedisClientSetup {

	private RedisClientSetup() {
	}

	/** A factory for {@code url}; Spring starts and stops it as a bean, anything else calls {@code start()}. */
	public static LettuceConnectionFactory connectionFactory(String url, Duration timeout, Duration maxReconnectDelay) {
		RedisURI uri = RedisURI.create(url);
		// Spring Data Redis takes host, port and database from Lettuce's reading of the URL, but not the user and
		// password, which Lettuce keeps in a credentials provider.
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
		server.setDatabase(uri.getDatabase());
		// The provider a URL gives is static: it answers at once, without any I/O.
		RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
		if (credentials != null) {
			if (credentials.hasUsername()) {
				server.setUsername(credentials.getUsername());
			}
			if (credentials.hasPassword()) {
				server.setPassword(RedisPassword.of(credentials.getPassword()));
			}
		}
		ClientResources resources = ClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), maxReconnectDelay, 2, TimeUnit.MILLISECONDS))
			.build();
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
			.clientResources(resources)
			.commandTimeout(timeout)
			.shutdownTimeout(Duration.ZERO)
			.clientOptions(ClientOptions.builder()
				.autoReconnect(true)
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
				.timeoutOptions(TimeoutOptions.enabled(timeout))
				.build());
		if (uri.isSsl()) {
			LettuceClientConfiguration.LettuceSslClientConfigurationBuilder ssl = client.useSsl();
			if (!uri.isVerifyPeer()) {
				ssl.disablePeerVerification();
			}
			if (uri.isStartTls()) {
				ssl.startTls();
			}
		}
		return new OwningConnectionFactory(server, client.build(), resources, timeout);
	}

	/** Where {@code url} points, without the user name or password: for logs and health details. */
	public static String describe(String url) {
		RedisURI uri = RedisURI.create(url);
		return "Redis at " + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
	}

	/** Shuts down the client resources it was given, which Spring Data Redis leaves to whoever created them. */
	private static final class OwningConnectionFactory extends LettuceConnectionFactory {

		private final ClientResources resources;

		private final Duration timeout;

		OwningConnectionFactory(RedisStandaloneConfiguration server, LettuceClientConfiguration client,
				ClientResources resources, Duration timeout) {
			super(server, client);
			this.resources = resources;
			this.timeout = timeout;
		}

		@Override
		public void destroy() {
			super.destroy();
			this.resources.shutdown(0, this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

}
