package dev.synergychat.crawler.support;

import java.util.List;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.testcontainers.containers.GenericContainer;

/**
 * The Redis the Redis tests run against: the server named by {@code SYNERGYCHAT_TEST_REDIS_URL} (CI sets it to
 * the loopback Redis), else a throwaway container started by Testcontainers. The tests are the same either way;
 * each run uses its own key prefix and deletes only its own keys, because the named server may be shared.
 */
public final class TestRedis {

	public static final String URL_VARIABLE = "SYNERGYCHAT_TEST_REDIS_URL";

	private static String url;

	private static IllegalStateException unavailable;

	private TestRedis() {
	}

	/**
	 * A {@code redis://} URL of the test Redis. A failure to start the container is remembered, so the rest of
	 * the run fails at once with the same message instead of waiting for Testcontainers again in every test.
	 */
	public static synchronized String url() {
		if (unavailable != null) {
			throw unavailable;
		}
		if (url == null) {
			String configured = System.getenv(URL_VARIABLE);
			try {
				url = (configured != null && !configured.isBlank()) ? configured : startContainer();
			}
			catch (IllegalStateException ex) {
				unavailable = ex;
				throw ex;
			}
		}
		return url;
	}

	/** A key prefix no other test run uses. */
	public static String uniquePrefix() {
		return "synergychat-test:crawler:" + UUID.randomUUID() + ":";
	}

	/** Deletes every key under {@code prefix}, and nothing else. */
	public static void deleteKeys(String prefix) {
		RedisClient client = RedisClient.create(RedisURI.create(url()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = redis.scan(cursor, match);
				List<String> keys = page.getKeys();
				if (!keys.isEmpty()) {
					redis.del(keys.toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		finally {
			client.shutdown();
		}
	}

	@SuppressWarnings("resource") // Testcontainers' reaper removes the container when the JVM exits.
	private static String startContainer() {
		try {
			GenericContainer<?> redis = new GenericContainer<>("redis:7").withExposedPorts(6379);
			redis.start();
			return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("No test Redis: set " + URL_VARIABLE
					+ " to a Redis URL (CI uses redis://127.0.0.1:6379), or start Docker so Testcontainers can run one",
					ex);
		}
	}

}
