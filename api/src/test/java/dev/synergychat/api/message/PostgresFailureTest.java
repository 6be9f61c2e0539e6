package dev.synergychat.api.message;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.synergychat.api.support.RunningApi;
import dev.synergychat.testsupport.TcpProxy;
import dev.synergychat.api.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The api when PostgreSQL is unreachable, cut for real with a TCP proxy between the api and the server: at start,
 * and while serving under a steady stream of posts.
 */
class PostgresFailureTest {

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	/** A page older than the newest: always read from the database. */
	private static final String OLDER_PAGE = "/messages?before=1000000";

	@Test
	void apiStartsWhileTheDatabaseIsDownAndBecomesReadyByItselfWhenItIsBack() throws Exception {
		try (TestDatabase database = TestDatabase.create();
				TcpProxy proxy = TcpProxy.to(database.host(), database.port())) {
			proxy.cut();
			try (RunningApi api = start(database, proxy)) {
				HttpResponse<String> ready = api.get("/health/ready");
				HttpResponse<String> health = api.management("/health");
				HttpResponse<String> post = api.post("ann", "while the database is down");

				assertThat(api.get("/health/live").statusCode()).isEqualTo(200);
				assertThat(ready.statusCode()).isEqualTo(503);
				assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\"}");
				assertThat(health.statusCode()).isEqualTo(503);
				assertThat(RunningApi.body(health).at("/components/database/status").asString()).isEqualTo("DOWN");
				assertThat(RunningApi.body(health).at("/components/database/details/error").asString())
					.startsWith("message storage is unavailable, try again shortly: schema migrations");
				assertUnavailable(post);

				proxy.restore();

				await().atMost(RECOVERY).until(() -> api.get("/health/ready").statusCode() == 200);
				assertThat(api.post("ann", "after the database came back").statusCode()).isEqualTo(201);
				assertThat(storedTexts(database)).containsExactly("after the database came back");
			}
		}
	}

	@Test
	void databaseGoingDownWhileServingAnswers503AndNoAcknowledgedMessageIsLost() throws Exception {
		try (TestDatabase database = TestDatabase.create();
				TcpProxy proxy = TcpProxy.to(database.host(), database.port());
				RunningApi api = start(database, proxy)) {
			await().atMost(RECOVERY).until(() -> api.get("/health/ready").statusCode() == 200);
			Poster poster = new Poster(api);
			Thread posting = Thread.ofVirtual().start(poster);
			await().atMost(RECOVERY).until(() -> poster.acknowledged.size() >= 5);

			proxy.cut();

			assertUnavailable(api.post("ann", "during the outage"));
			assertThat(api.get("/messages").statusCode()).isEqualTo(503);
			HttpResponse<String> ready = api.get("/health/ready");
			assertThat(ready.statusCode()).isEqualTo(503);
			assertThat(RunningApi.body(api.management("/health")).at("/components/database/status").asString())
				.isEqualTo("DOWN");

			proxy.restore();

			await().atMost(RECOVERY).until(() -> api.get("/health/ready").statusCode() == 200);
			int acknowledgedAfterRecovery = poster.acknowledged.size();
			await().atMost(RECOVERY).until(() -> poster.acknowledged.size() > acknowledgedAfterRecovery + 5);
			poster.running.set(false);
			posting.join();

			List<String> stored = storedTexts(database);
			assertThat(poster.failed.get()).as("posts refused during the outage").isPositive();
			assertThat(stored).as("every acknowledged post is stored").containsAll(poster.acknowledged);
			assertThat(stored.stream().filter((text) -> !text.startsWith("The crawler")))
				.as("no post is stored twice")
				.doesNotHaveDuplicates();
			assertThat(stored).as("a /stats command and its reply are stored together or not at all")
				.allSatisfy((text) -> {
					if (text.startsWith("/stats")) {
						assertThat(stored.get(stored.indexOf(text) + 1)).contains("crawler is not configured");
					}
				});
		}
	}

	/**
	 * A database restart right after a burst of reads: every pooled connection is dead afterwards, and the pool lends
	 * a connection used in the last half second without checking it. The first read to find one broken retires them
	 * all and reads again on a fresh connection, so no read fails once the database is back, where each dead
	 * connection used to fail a read of its own.
	 */
	@Test
	void afterADatabaseRestartNoReadFailsOnAConnectionThatDiedWithIt() throws Exception {
		try (TestDatabase database = TestDatabase.create();
				TcpProxy proxy = TcpProxy.to(database.host(), database.port());
				RunningApi api = start(database, proxy)) {
			await().atMost(RECOVERY).until(() -> api.get("/health/ready").statusCode() == 200);
			assertThat(api.post("ann", "read from the database").statusCode()).isEqualTo(201);
			// before= is above every Id: each read is a query, not the page kept in memory. Eight at once leave
			// several connections in the pool, each used within the last half second.
			AtomicInteger burst = new AtomicInteger();
			List<Thread> readers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				readers.add(Thread.ofVirtual().start(() -> {
					for (int n = 0; n < 20; n++) {
						try {
							if (api.get(OLDER_PAGE).statusCode() == 200) {
								burst.incrementAndGet();
							}
						}
						catch (Exception ex) {
							return;
						}
					}
				}));
			}
			for (Thread reader : readers) {
				reader.join();
			}
			assertThat(burst).as("reads before the restart").hasValue(160);

			proxy.cut();
			proxy.restore();
			List<Integer> statuses = new ArrayList<>();
			for (int n = 0; n < 20; n++) {
				statuses.add(api.get(OLDER_PAGE).statusCode());
			}

			assertThat(statuses).as("reads once the database is back").containsOnly(200);
			assertThat(api.post("ann", "after the restart").statusCode()).isEqualTo(201);
		}
	}

	@Test
	void theNewestPageInMemoryFollowsTheDatabaseThroughAnOutageAndChangesMadeBehindTheApisBack() throws Exception {
		try (TestDatabase database = TestDatabase.create();
				TcpProxy proxy = TcpProxy.to(database.host(), database.port());
				RunningApi api = start(database, proxy)) {
			await().atMost(RECOVERY).until(() -> api.get("/health/ready").statusCode() == 200);
			assertThat(api.post("ann", "before the outage").statusCode()).isEqualTo(201);
			assertThat(newestTexts(api)).containsExactly("before the outage");

			proxy.cut();

			await("no page from memory while the database is cut").atMost(Duration.ofSeconds(10))
				.until(() -> api.get("/messages").statusCode() == 503);

			proxy.restore();

			await().atMost(RECOVERY).until(() -> api.get("/messages").statusCode() == 200);
			assertThat(newestTexts(api)).containsExactly("before the outage");

			execute(database, "INSERT INTO messages (author_username, text, created_at) "
					+ "VALUES ('dba', 'written behind the api''s back', now())");
			await().atMost(Duration.ofSeconds(3))
				.until(() -> newestTexts(api).equals(List.of("before the outage", "written behind the api's back")));

			execute(database, "TRUNCATE messages RESTART IDENTITY");
			assertThat(api.post("ann", "first after the reset").statusCode()).isEqualTo(201);
			assertThat(newestTexts(api)).as("the api's own post at once, though its Id was kept with other text")
				.containsExactly("first after the reset");
		}
	}

	private static List<String> newestTexts(RunningApi api) throws Exception {
		HttpResponse<String> page = api.get("/messages");
		assertThat(page.statusCode()).isEqualTo(200);
		List<String> texts = new ArrayList<>();
		RunningApi.body(page).forEach((message) -> texts.add(message.get("Text").asString()));
		return texts;
	}

	private static void execute(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static RunningApi start(TestDatabase database, TcpProxy proxy) {
		return RunningApi.start(Map.of("synergychat.api.storage.database-url", database.jdbcUrlThrough(proxy),
				"synergychat.api.rate-limit", "100000"));
	}

	private static void assertUnavailable(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).contains("5");
		JsonNode body = RunningApi.body(response);
		assertThat(body.get("error").asString()).startsWith("message storage is unavailable, try again shortly");
	}

	/** Texts in id order, read from the database directly rather than through the api under test. */
	private static List<String> storedTexts(TestDatabase database) throws SQLException {
		List<String> texts = new ArrayList<>();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT text FROM messages ORDER BY id")) {
			while (rows.next()) {
				texts.add(rows.getString(1));
			}
		}
		return texts;
	}

	/** Posts numbered messages, every third one a /stats command, until told to stop. */
	private static final class Poster implements Runnable {

		final RunningApi api;

		final AtomicBoolean running = new AtomicBoolean(true);

		final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();

		final AtomicInteger failed = new AtomicInteger();

		Poster(RunningApi api) {
			this.api = api;
		}

		@Override
		public void run() {
			for (int n = 0; this.running.get(); n++) {
				String text = (n % 3 == 0) ? "/stats keywords=n" + n : "steady " + n;
				try {
					if (this.api.post("poster", text).statusCode() == 201) {
						this.acknowledged.add(text);
					}
					else {
						this.failed.incrementAndGet();
					}
					Thread.sleep(20);
				}
				catch (Exception ex) {
					this.failed.incrementAndGet();
				}
			}
		}

	}

}
