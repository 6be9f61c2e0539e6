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

import dev.synergychat.testsupport.TestServers;

/**
 * The crawler's Redis tests' keys on the shared test Redis ({@link TestServers#redisUrl()}): each run uses its own
 * key prefix and deletes only its own keys, because the server may be shared.
 */
public final class TestRedis {

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

}
