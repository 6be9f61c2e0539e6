package dev.synergychat.support.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code REDIS_URL} becomes a connection factory; nothing here connects. */
class RedisClientSetupTest {

	@Test
	void readsHostPortDatabaseUserAndPasswordAndTurnsOnTlsForRediss() {
		LettuceConnectionFactory factory = RedisClientSetup.connectionFactory(
				"rediss://chat:s3cret@redis.example:6380/3", Duration.ofSeconds(2), Duration.ofSeconds(1));

		assertThat(factory.getHostName()).isEqualTo("redis.example");
		assertThat(factory.getPort()).isEqualTo(6380);
		assertThat(factory.getDatabase()).isEqualTo(3);
		assertThat(factory.getStandaloneConfiguration().getUsername()).isEqualTo("chat");
		assertThat(factory.getStandaloneConfiguration().getPassword()).isEqualTo(RedisPassword.of("s3cret"));
		assertThat(factory.isUseSsl()).isTrue();
		assertThat(factory.isVerifyPeer()).isTrue();
	}

	@Test
	void aPlainUrlWithAPasswordOnlyUsesNoTlsAndTheDefaults() {
		LettuceConnectionFactory factory = RedisClientSetup.connectionFactory("redis://:pw@10.0.0.5",
				Duration.ofSeconds(2), Duration.ofSeconds(1));

		assertThat(factory.getHostName()).isEqualTo("10.0.0.5");
		assertThat(factory.getPort()).isEqualTo(6379);
		assertThat(factory.getDatabase()).isZero();
		assertThat(factory.getStandaloneConfiguration().getPassword()).isEqualTo(RedisPassword.of("pw"));
		assertThat(factory.isUseSsl()).isFalse();
	}

	@Test
	void boundsEveryCommandAndRejectsCommandsWhileDisconnected() {
		LettuceConnectionFactory factory = RedisClientSetup.connectionFactory("redis://127.0.0.1:6379",
				Duration.ofMillis(1500), Duration.ofSeconds(1));

		assertThat(factory.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofMillis(1500));
		ClientOptions options = factory.getClientConfiguration().getClientOptions().orElseThrow();
		assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		assertThat(options.isAutoReconnect()).isTrue();
		assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void describesWhereRedisIsWithoutTheCredentials() {
		assertThat(RedisClientSetup.describe("rediss://chat:s3cret@redis.example:6380/3"))
			.isEqualTo("Redis at redis.example:6380/3");
	}

}
