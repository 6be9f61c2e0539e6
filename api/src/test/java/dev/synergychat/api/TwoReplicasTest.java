package dev.synergychat.api;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.synergychat.api.support.EventStreamClient;
import dev.synergychat.api.support.EventStreamClient.Event;
import dev.synergychat.api.support.RunningApi;
import dev.synergychat.api.support.TcpProxy;
import dev.synergychat.api.support.TestDatabase;
import dev.synergychat.api.support.TestServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two api replicas on one PostgreSQL and one Redis, as a scaled Deployment runs them. Redis is reached through a
 * TCP proxy so a test can cut it for real; every run uses its own database and Redis key prefix.
 */
class TwoReplicasTest {

	private static final int RATE_LIMIT = 5;

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static TestDatabase database;

	private static TcpProxy redis;

	private static RunningApi first;

	private static RunningApi second;

	@BeforeAll
	static void startReplicas() throws Exception {
		database = TestDatabase.create();
		URI redisUri = URI.create(TestServers.redisUrl());
		redis = TcpProxy.to(redisUri.getHost(), redisUri.getPort());
		Map<String, Object> properties = Map.of("synergychat.api.storage.database-url", database.jdbcUrl(),
				"synergychat.api.redis.url", "redis://127.0.0.1:" + redis.port(), "synergychat.api.redis.key-prefix",
				"synergychat-test:" + UUID.randomUUID() + ":", "synergychat.api.rate-limit", RATE_LIMIT,
				"synergychat.api.stream.heartbeat", "200ms");
		first = RunningApi.start(properties);
		second = RunningApi.start(properties);
		await().atMost(WAIT)
			.until(() -> first.get("/health/ready").statusCode() == 200
					&& second.get("/health/ready").statusCode() == 200 && crosses(first, second)
					&& crosses(second, first));
	}

	@AfterAll
	static void stopReplicas() throws Exception {
		first.close();
		second.close();
		redis.close();
		database.close();
	}

	/** Restores Redis and waits until messages cross between the replicas again, in both directions. */
	@AfterEach
	void redisIsBack() throws Exception {
		redis.restore();
		await().atMost(WAIT).until(() -> crosses(first, second) && crosses(second, first));
	}

	@Test
	void aMessagePostedToOneReplicaReachesTheOtherReplicasStreamWithinASecond() throws Exception {
		try (EventStreamClient stream = EventStreamClient.open(second.http(), second.uri("/messages/stream"), null)) {
			stream.nextComment(WAIT);
			long start = System.nanoTime();

			HttpResponse<String> posted = first.postAs(uniqueClient(), "ann", "across replicas");
			Event event = stream.nextEvent(Duration.ofSeconds(1));

			Duration latency = Duration.ofNanos(System.nanoTime() - start);
			assertThat(posted.statusCode()).isEqualTo(201);
			assertThat(RunningApi.body(event.data()).get("Text").asString()).isEqualTo("across replicas");
			assertThat(latency).isLessThan(Duration.ofSeconds(1));
		}
	}

	@Test
	void theConnectionPoolIsVisibleInTheMetrics() throws Exception {
		assertThat(first.management("/metrics").body()).containsPattern("(?m)^hikaricp_connections_max\\{pool=\"messages\"} 10");
	}

	@Test
	void theRateLimitIsCountedAcrossReplicas() throws Exception {
		awayFromAMinuteBoundary();
		String client = uniqueClient();
		for (int i = 0; i < RATE_LIMIT; i++) {
			RunningApi replica = (i % 2 == 0) ? first : second;
			assertThat(replica.postAs(client, "ann", "post " + i).statusCode()).isEqualTo(201);
		}

		HttpResponse<String> refusedByFirst = first.postAs(client, "ann", "one too many");
		HttpResponse<String> refusedBySecond = second.postAs(client, "ann", "one too many");

		for (HttpResponse<String> refused : List.of(refusedByFirst, refusedBySecond)) {
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
			assertThat(RunningApi.body(refused).get("error").asString())
				.startsWith("too many messages from this address");
		}
		assertThat(second.postAs(uniqueClient(), "bob", "another client").statusCode()).isEqualTo(201);
	}

	@Test
	void withRedisDownChatWorksHealthIsDegradedStreamsAreRefusedAndTheLimitIsPerReplica() throws Exception {
		awayFromAMinuteBoundary();
		redis.cut();
		await().atMost(WAIT)
			.until(() -> redisStatus(first).equals("DEGRADED") && redisStatus(second).equals("DEGRADED"));

		HttpResponse<String> posted = first.postAs(uniqueClient(), "ann", "while Redis is down");
		JsonNode page = RunningApi.body(second.get("/messages?limit=1"));
		HttpResponse<String> ready = first.get("/health/ready");
		HttpResponse<String> stream = first.get("/messages/stream");

		assertThat(posted.statusCode()).isEqualTo(201);
		assertThat(page.get(0).get("Text").asString()).isEqualTo("while Redis is down");
		assertThat(ready.statusCode()).isEqualTo(200);
		assertThat(RunningApi.body(ready).get("status").asString()).isEqualTo("DEGRADED");
		assertThat(stream.statusCode()).isEqualTo(503);
		assertThat(stream.headers().firstValue("Retry-After")).contains("5");

		String client = uniqueClient();
		for (int i = 0; i < RATE_LIMIT; i++) {
			assertThat(first.postAs(client, "ann", "counted on the first replica " + i).statusCode()).isEqualTo(201);
		}
		assertThat(first.postAs(client, "ann", "over the first replica's limit").statusCode()).isEqualTo(429);
		assertThat(second.postAs(client, "ann", "the second replica counts on its own").statusCode()).isEqualTo(201);
	}

	@Test
	void aStreamEndedByARedisOutageResumesWithTheMessagesItMissed() throws Exception {
		long lastSeen;
		try (EventStreamClient stream = EventStreamClient.open(second.http(), second.uri("/messages/stream"), null)) {
			stream.nextComment(WAIT);
			first.postAs(uniqueClient(), "ann", "before the outage");
			lastSeen = Long.parseLong(stream.nextEvent(WAIT).id());

			redis.cut();

			assertThat(stream.awaitEnd(Duration.ofSeconds(5))).as("stream ended when the subscription dropped")
				.isTrue();
			await().atMost(WAIT).until(() -> redisStatus(second).equals("DEGRADED"));
			assertThat(first.postAs(uniqueClient(), "ann", "missed during the outage").statusCode()).isEqualTo(201);
		}

		redisIsBack();

		try (EventStreamClient resumed = EventStreamClient.open(second.http(), second.uri("/messages/stream"),
				Long.toString(lastSeen))) {
			assertThat(RunningApi.body(resumed.nextEvent(WAIT).data()).get("Text").asString())
				.isEqualTo("missed during the outage");
		}
	}

	private static String redisStatus(RunningApi api) throws Exception {
		return RunningApi.body(api.management("/health")).at("/components/redis/status").asString();
	}

	private static boolean crosses(RunningApi from, RunningApi to) throws Exception {
		try (EventStreamClient stream = EventStreamClient.open(to.http(), to.uri("/messages/stream"), null)) {
			if (stream.response().statusCode() != 200) {
				return false;
			}
			stream.nextComment(WAIT);
			String probe = "probe " + UUID.randomUUID();
			from.postAs(uniqueClient(), "probe", probe);
			try {
				while (true) {
					if (RunningApi.body(stream.nextEvent(Duration.ofSeconds(2)).data()).get("Text").asString()
						.equals(probe)) {
						return true;
					}
				}
			}
			catch (AssertionError ex) {
				return false;
			}
		}
	}

	/** Each test posts as its own client address, so rate-limit counts never carry over between tests. */
	private static String uniqueClient() {
		return "198.51.100." + (1 + (int) (Math.random() * 250));
	}

	/** The limit counts per clock minute: a test that straddles two minutes would get a fresh count half-way. */
	private static void awayFromAMinuteBoundary() throws InterruptedException {
		int second = LocalTime.now(ZoneOffset.UTC).getSecond();
		if (second > 45) {
			Thread.sleep(Duration.ofSeconds(61 - second));
		}
	}

}
