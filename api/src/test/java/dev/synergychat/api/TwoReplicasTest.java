package dev.synergychat.api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.synergychat.api.support.EventStreamClient;
import dev.synergychat.api.support.EventStreamClient.Event;
import dev.synergychat.api.support.RunningApi;
import dev.synergychat.api.support.TestDatabase;
import dev.synergychat.testsupport.TcpProxy;
import dev.synergychat.testsupport.TestClock;
import dev.synergychat.testsupport.TestServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Two api replicas on one PostgreSQL and one Redis, as a scaled Deployment runs them. Redis is reached through a
 * TCP proxy so a test can cut it for real; every run uses its own database and Redis key prefix. Both replicas
 * read the time from one {@link TestClock}, so a test about the per-minute rate limit starts a fresh minute instead
 * of waiting for the wall clock to leave the end of one.
 */
class TwoReplicasTest {

	private static final int RATE_LIMIT = 5;

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final TestClock clock = TestClock.at(Instant.parse("2030-01-01T00:00:00Z"));

	private static final AtomicInteger clients = new AtomicInteger();

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
		first = RunningApi.start(properties, clock);
		second = RunningApi.start(properties, clock);
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
	void aBurstOfPostsReachesTheOtherReplicasStreamOnceEachAndInTheOrderEachPosterSentThem() throws Exception {
		int posters = 4;
		int postsEach = 25;
		try (EventStreamClient stream = EventStreamClient.open(second.http(), second.uri("/messages/stream"), null)) {
			stream.nextComment(WAIT);
			String run = UUID.randomUUID().toString();
			List<Thread> threads = new ArrayList<>();
			List<String> problems = Collections.synchronizedList(new ArrayList<>());
			for (int poster = 0; poster < posters; poster++) {
				int p = poster;
				threads.add(Thread.ofVirtual().start(() -> {
					for (int i = 0; i < postsEach; i++) {
						try {
							int status = first.postAs(uniqueClient(), "ann", run + " " + p + " " + i).statusCode();
							if (status != 201) {
								problems.add("post " + p + "." + i + " answered " + status);
							}
						}
						catch (Exception ex) {
							problems.add("post " + p + "." + i + " failed: " + ex);
						}
					}
				}));
			}

			List<String> received = new ArrayList<>();
			while (received.size() < posters * postsEach) {
				String text = RunningApi.body(stream.nextEvent(WAIT).data()).get("Text").asString();
				if (text.startsWith(run)) {
					received.add(text.substring(run.length() + 1));
				}
			}
			for (Thread thread : threads) {
				thread.join();
			}

			assertThat(problems).isEmpty();
			for (int poster = 0; poster < posters; poster++) {
				String prefix = poster + " ";
				List<String> expected = new ArrayList<>();
				for (int i = 0; i < postsEach; i++) {
					expected.add(prefix + i);
				}
				assertThat(received.stream().filter((text) -> text.startsWith(prefix)).toList())
					.as("poster %d's posts, each once, in the order it sent them", poster)
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void theConnectionPoolIsVisibleInTheMetrics() throws Exception {
		assertThat(first.management("/metrics").body()).containsPattern("(?m)^hikaricp_connections_max\\{pool=\"messages\"} 10");
	}

	@Test
	void theRateLimitIsCountedAcrossReplicas() throws Exception {
		clock.startOfNextMinute();
		String client = uniqueClient();
		for (int i = 0; i < RATE_LIMIT; i++) {
			RunningApi replica = (i % 2 == 0) ? first : second;
			assertThat(replica.postAs(client, "ann", "post " + i).statusCode()).isEqualTo(201);
		}

		HttpResponse<String> refusedByFirst = first.postAs(client, "ann", "one too many");
		HttpResponse<String> refusedBySecond = second.postAs(client, "ann", "one too many");

		for (HttpResponse<String> refused : List.of(refusedByFirst, refusedBySecond)) {
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Retry-After")).as("the whole minute is left").contains("60");
			assertThat(RunningApi.body(refused).get("error").asString())
				.startsWith("too many messages from this address");
		}
		assertThat(second.postAs(uniqueClient(), "bob", "another client").statusCode()).isEqualTo(201);
	}

	@Test
	void withRedisDownChatWorksHealthIsDegradedStreamsAreRefusedAndTheLimitIsPerReplica() throws Exception {
		clock.startOfNextMinute();
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

	/**
	 * A message stored with no fan-out message, as one whose publish to Redis failed on the replica that stored it
	 * (written straight into the table here), reaches the streams open on both replicas from the store, once each.
	 */
	@Test
	void aMessageWhoseFanOutIsLostReachesTheStreamsOfBothReplicasFromTheStoreOnce() throws Exception {
		try (EventStreamClient onFirst = EventStreamClient.open(first.http(), first.uri("/messages/stream"), null);
				EventStreamClient onSecond = EventStreamClient.open(second.http(), second.uri("/messages/stream"),
						null)) {
			onFirst.nextComment(WAIT);
			onSecond.nextComment(WAIT);
			String lost = "fan-out lost " + UUID.randomUUID();
			try (Connection connection = database.connect();
					PreparedStatement insert = connection.prepareStatement(
							"INSERT INTO messages (author_username, text, created_at) VALUES ('ann', ?, now())")) {
				insert.setString(1, lost);
				insert.executeUpdate();
			}

			for (EventStreamClient stream : List.of(onFirst, onSecond)) {
				assertThat(text(stream.nextEvent(Duration.ofSeconds(5)))).isEqualTo(lost);
			}
			String next = "after the lost one " + UUID.randomUUID();
			assertThat(first.postAs(uniqueClient(), "ann", next).statusCode()).isEqualTo(201);
			for (EventStreamClient stream : List.of(onFirst, onSecond)) {
				assertThat(text(stream.nextEvent(WAIT))).as("the next post, not the lost one again").isEqualTo(next);
			}
			// Two more checks pass: neither sends the lost one again.
			assertThat(catchThrowable(() -> onFirst.nextEvent(Duration.ofSeconds(2)))).isInstanceOf(AssertionError.class);
			assertThat(catchThrowable(() -> onSecond.nextEvent(Duration.ofMillis(100))))
				.isInstanceOf(AssertionError.class);
		}
		for (RunningApi replica : List.of(first, second)) {
			assertThat(replica.management("/metrics").body())
				.containsPattern("(?m)^synergychat_stream_recovered_total(\\{[^}]*})? [1-9]");
		}
	}

	private static String text(Event event) {
		return RunningApi.body(event.data()).get("Text").asString();
	}

	@Test
	void aPostShowsOnItsOwnReplicasPageAtOnceAndOnTheOtherReplicasPageWithinASecond() throws Exception {
		newestTexts(first, 1);
		newestTexts(second, 1);
		for (int i = 0; i < 6; i++) {
			RunningApi poster = (i % 2 == 0) ? first : second;
			RunningApi other = (i % 2 == 0) ? second : first;
			String text = "fresh " + i + " " + UUID.randomUUID();

			HttpResponse<String> posted = poster.postAs(uniqueClient(), "ann", text);
			assertThat(posted.statusCode()).isEqualTo(201);

			// The other replica's post before it is on the page it answers with, fan-out arrived or not.
			assertThat(RunningApi.body(posted)).as("the page a post answers with is the database's")
				.isEqualTo(RunningApi.body(poster.get("/messages?limit=100&before=" + Long.MAX_VALUE)));
			assertThat(newestTexts(poster, 1)).as("the poster's own page right after 201").containsExactly(text);
			await().atMost(Duration.ofSeconds(1))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> newestTexts(other, 1).equals(List.of(text)));
		}
	}

	@Test
	void bothReplicasTagTheSamePageAlikeSoAConditionalGetIs304OnEitherAnd200AfterAPost() throws Exception {
		String text = "tagged " + UUID.randomUUID();
		first.postAs(uniqueClient(), "ann", text);
		await().atMost(WAIT).until(() -> newestTexts(second, 1).equals(List.of(text)));
		String etag = first.get("/messages").headers().firstValue("ETag").orElseThrow();
		String etagOnSecond = second.get("/messages").headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> onSecond = conditionalGet(second, etag);
		first.postAs(uniqueClient(), "ann", "after the tag " + UUID.randomUUID());
		HttpResponse<String> afterPost = conditionalGet(first, etag);

		assertThat(etagOnSecond).isEqualTo(etag);
		assertThat(onSecond.statusCode()).isEqualTo(304);
		assertThat(onSecond.body()).isEmpty();
		assertThat(afterPost.statusCode()).isEqualTo(200);
		assertThat(afterPost.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
	}

	@Test
	void whileRedisIsCutPagesComeFromTheDatabaseWithTheOtherReplicasPostsAndAreRebuiltWhenItIsBack()
			throws Exception {
		clock.startOfNextMinute();
		newestTexts(first, 1);
		newestTexts(second, 1);
		redis.cut();
		await().atMost(WAIT).until(() -> unsubscribed(first) && unsubscribed(second));

		List<String> posted = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			RunningApi poster = (i % 2 == 0) ? first : second;
			RunningApi other = (i % 2 == 0) ? second : first;
			String text = "during the outage " + i + " " + UUID.randomUUID();
			assertThat(poster.postAs(uniqueClient(), "ann", text).statusCode()).isEqualTo(201);
			posted.add(text);

			assertThat(newestTexts(other, 1)).as("the other replica reads the database").containsExactly(text);
			assertThat(newestTexts(poster, 1)).containsExactly(text);
		}

		redisIsBack();

		assertThat(newestTexts(first, 10)).containsSubsequence(posted);
		assertThat(newestTexts(second, 10)).containsSubsequence(posted);
		String after = "after the outage " + UUID.randomUUID();
		assertThat(second.postAs(uniqueClient(), "ann", after).statusCode()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> newestTexts(first, 1).equals(List.of(after)));
	}

	@Test
	void underConcurrentPostsToBothReplicasEachPosterSeesItsPostAndBothPagesSettleOnTheDatabases()
			throws Exception {
		List<Thread> posters = new ArrayList<>();
		List<String> problems = Collections.synchronizedList(new ArrayList<>());
		for (int thread = 0; thread < 8; thread++) {
			int t = thread;
			posters.add(Thread.ofVirtual().start(() -> {
				for (int i = 0; i < 5; i++) {
					RunningApi replica = ((t + i) % 2 == 0) ? first : second;
					String text = "concurrent " + t + "." + i + " " + UUID.randomUUID();
					try {
						// Addresses no other test uses, one post each, so the rate limit never refuses these.
						int status = replica.postAs("203.0.113." + (1 + t * 5 + i), "ann", text).statusCode();
						if (status != 201) {
							problems.add(text + " answered " + status);
						}
						else if (!newestTexts(replica, 100).contains(text)) {
							problems.add(text + " missing from its own replica's page after 201");
						}
					}
					catch (Exception ex) {
						problems.add(text + " failed: " + ex);
					}
				}
			}));
		}
		for (Thread poster : posters) {
			poster.join();
		}

		assertThat(problems).isEmpty();
		String fromTheStore = "/messages?limit=100&before=" + Long.MAX_VALUE;
		for (RunningApi replica : List.of(first, second)) {
			await().atMost(Duration.ofSeconds(3))
				.until(() -> replica.get("/messages").body().equals(replica.get(fromTheStore).body()));
		}
	}

	private static List<String> newestTexts(RunningApi api, int limit) throws Exception {
		HttpResponse<String> page = api.get("/messages?limit=" + limit);
		assertThat(page.statusCode()).isEqualTo(200);
		List<String> texts = new ArrayList<>();
		RunningApi.body(page).forEach((message) -> texts.add(message.get("Text").asString()));
		return texts;
	}

	private static HttpResponse<String> conditionalGet(RunningApi api, String etag) throws Exception {
		return api.http()
			.send(HttpRequest.newBuilder(api.uri("/messages")).header("If-None-Match", etag).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	/** What the newest page depends on: the replica's own report that its Redis subscription is down. */
	private static boolean unsubscribed(RunningApi api) throws Exception {
		JsonNode subscribed = RunningApi.body(api.management("/health/ready"))
			.at("/components/redis/details/subscribed");
		return subscribed.isBoolean() && !subscribed.booleanValue();
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

	/**
	 * A client address no other post of this run has used (numbered in the IPv6 documentation prefix), so
	 * rate-limit counts never carry over between tests or probes.
	 */
	private static String uniqueClient() {
		return "2001:db8::" + Integer.toHexString(clients.incrementAndGet());
	}

}
