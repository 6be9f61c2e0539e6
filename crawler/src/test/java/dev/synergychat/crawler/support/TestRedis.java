package dev.synergychat.crawler.support;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.synergychat.support.redis.RedisClientSetup;
import dev.synergychat.testsupport.TestServers;

/**
 * The crawler's Redis tests' keys on the shared test Redis ({@link TestServers#redisUrl()}): each run uses its own
 * key prefix and deletes only its own keys, because the server may be shared. Reached through Spring Data Redis,
 * set up as the crawler sets up its own connection.
 */
public final class TestRedis {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private TestRedis() {
	}

	/** A {@code redis://} URL of the test Redis. */
	public static String url() {
		return TestServers.redisUrl();
	}

	/** A key prefix no other test run uses. */
	public static String uniquePrefix() {
		return "synergychat-test:crawler:" + UUID.randomUUID() + ":";
	}

	/** A started connection factory for the test Redis, as the crawler's own; whoever asks destroys it. */
	public static LettuceConnectionFactory connect() {
		LettuceConnectionFactory factory = RedisClientSetup.connectionFactory(url(), TIMEOUT, TIMEOUT);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Deletes every key under {@code prefix}, and nothing else. */
	public static void deleteKeys(String prefix) {
		LettuceConnectionFactory factory = connect();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			List<String> keys;
			try (Cursor<String> scan = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(500).build())) {
				keys = scan.stream().toList();
			}
			if (!keys.isEmpty()) {
				redis.delete(keys);
			}
		}
		finally {
			factory.destroy();
		}
	}

}
