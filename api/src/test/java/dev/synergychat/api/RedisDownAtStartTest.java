package dev.synergychat.api;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.synergychat.api.support.EventStreamClient;
import dev.synergychat.api.support.RunningApi;
import dev.synergychat.testsupport.TcpProxy;
import dev.synergychat.testsupport.TestServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The api starts and serves chat while the Redis named by {@code REDIS_URL} is unreachable, and shares streams
 * through it once it answers, without a restart: nothing connects at start, and the subscription follows later.
 */
class RedisDownAtStartTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void startsWhileRedisIsDownServesChatDegradedAndStreamsOnceRedisIsBack() throws Exception {
		URI redisUri = URI.create(TestServers.redisUrl());
		try (TcpProxy redis = TcpProxy.to(redisUri.getHost(), redisUri.getPort())) {
			redis.cut();
			try (RunningApi api = RunningApi.start(Map.of("synergychat.api.redis.url",
					"redis://127.0.0.1:" + redis.port(), "synergychat.api.redis.key-prefix",
					"synergychat-test:" + UUID.randomUUID() + ":", "synergychat.api.stream.heartbeat", "200ms"))) {
				HttpResponse<String> ready = api.get("/health/ready");
				assertThat(ready.statusCode()).isEqualTo(200);
				JsonNode details = RunningApi.body(api.management("/health/ready"));
				assertThat(details.at("/components/redis/status").asString()).isEqualTo("DEGRADED");
				assertThat(details.at("/components/redis/details/subscribed").asBoolean()).isFalse();
				assertThat(api.post("ann", "while Redis is down").statusCode()).isEqualTo(201);
				assertThat(api.get("/messages/stream").statusCode()).isEqualTo(503);

				redis.restore();

				await().atMost(WAIT).until(() -> RunningApi.body(api.management("/health/ready"))
					.at("/components/redis/details/subscribed")
					.asBoolean());
				assertThat(RunningApi.body(api.management("/health/ready")).at("/components/redis/status").asString())
					.isEqualTo("UP");
				try (EventStreamClient stream = EventStreamClient.open(api.http(), api.uri("/messages/stream"), null)) {
					assertThat(stream.response().statusCode()).isEqualTo(200);
					stream.nextComment(WAIT);
					assertThat(api.post("ann", "through Redis").statusCode()).isEqualTo(201);
					assertThat(RunningApi.body(stream.nextEvent(WAIT).data()).get("Text").asString())
						.isEqualTo("through Redis");
				}
			}
		}
	}

}
