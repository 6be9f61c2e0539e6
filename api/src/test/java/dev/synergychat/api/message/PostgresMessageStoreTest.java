package dev.synergychat.api.message;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.synergychat.api.support.TestDatabase;

import static dev.synergychat.api.message.MemoryMessageStoreTest.drafts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The PostgreSQL store against a real server, each test on a database of its own. */
class PostgresMessageStoreTest {

	private static final Duration MIGRATED = Duration.ofSeconds(30);

	private static TestDatabase database;

	@BeforeAll
	static void createDatabase() throws SQLException {
		database = TestDatabase.create();
	}

	@AfterAll
	static void dropDatabase() throws SQLException {
		database.close();
	}

	@Test
	void appendPageAndAfterBehaveLikeTheOtherStoresWithTimestampsToTheMillisecond() throws SQLException {
		try (TestDatabase own = TestDatabase.create(); PostgresMessageStore store = migratedStore(own)) {
			store.append(drafts("a", "b", "c"), 10);

			Appended appended = store.append(drafts("d 😀 '; DROP TABLE messages;--"), 2);

			assertThat(appended.stored()).extracting(Message::id).containsExactly(4L);
			assertThat(appended.page()).extracting(Message::text)
				.containsExactly("c", "d 😀 '; DROP TABLE messages;--");
			assertThat(appended.page().getFirst().createdAt()).isEqualTo(Instant.parse("2026-11-22T03:15:00.123Z"));
			assertThat(store.page(2, 3L)).extracting(Message::text).containsExactly("a", "b");
			assertThat(store.after(2, 10)).extracting(Message::id).containsExactly(3L, 4L);
		}
	}

	@Test
	void concurrentAppendsAreGroupedYetEachIsStoredOnceInOrderWithAPageEndingInItsOwnMessages() throws Exception {
		try (TestDatabase own = TestDatabase.create(); PostgresMessageStore store = migratedStore(own);
				ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Appended>> appends = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String text = "post " + i;
				appends.add(posts.submit(() -> store.append(drafts(text, text + " reply"), 5)));
			}

			Set<Long> ids = new HashSet<>();
			for (int i = 0; i < appends.size(); i++) {
				Appended appended = appends.get(i).get();
				assertThat(appended.stored()).extracting(Message::text).containsExactly("post " + i, "post " + i + " reply");
				assertThat(appended.stored().get(1).id()).isGreaterThan(appended.stored().get(0).id());
				// The page is the newest five after the statement, which may hold later posts of the same group.
				assertThat(appended.page()).hasSizeBetween(2, 5).extracting(Message::id).isSorted();
				assertThat(appended.page().getLast().id()).isGreaterThanOrEqualTo(appended.stored().get(1).id());
				appended.stored().forEach((message) -> ids.add(message.id()));
			}
			assertThat(ids).hasSize(400);
			assertThat(queryLong(own, "SELECT count(*) FROM messages")).isEqualTo(400);
		}
	}

	@Test
	void anAppendThatFailsHalfWayStoresNothing() throws SQLException {
		try (TestDatabase own = TestDatabase.create(); PostgresMessageStore store = migratedStore(own)) {
			List<MessageDraft> secondBreaksTheSchema = List.of(drafts("fine").getFirst(),
					new MessageDraft("x".repeat(65), "too long a name for the column check", Instant.now()));

			assertThatExceptionOfType(MessageStoreUnavailableException.class)
				.isThrownBy(() -> store.append(secondBreaksTheSchema, 10));
			assertThat(store.page(10, null)).isEmpty();
		}
	}

	@Test
	void replicasStartingTogetherApplyTheSchemaOnce() throws Exception {
		try (TestDatabase own = TestDatabase.create(); ExecutorService starts = Executors.newFixedThreadPool(4)) {
			Callable<PostgresMessageStore> start = () -> migratedStore(own);
			List<Future<PostgresMessageStore>> stores = starts.invokeAll(List.of(start, start, start, start));
			for (Future<PostgresMessageStore> store : stores) {
				store.get().close();
			}

			assertThat(queryLong(own, "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'"))
				.isEqualTo(1);
		}
	}

	@Test
	void aPageWalksThePrimaryKeyIndexInsteadOfReadingTheTable() throws SQLException {
		try (PostgresMessageStore store = migratedStore(database); Connection connection = database.connect();
				Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO messages (author_username, text, created_at) "
					+ "SELECT 'bulk', 'message ' || n, now() FROM generate_series(1, 50000) AS n");
			statement.execute("ANALYZE messages");

			// The store's page query, with the values written in.
			String plan = explain(statement, "SELECT id, author_username, text, created_at FROM messages"
					+ " WHERE id < 40000 ORDER BY id DESC LIMIT 100");

			assertThat(plan).contains("Index Scan Backward using messages_pkey").doesNotContain("Sort");
			assertThat(store.page(100, 40_000L)).hasSize(100).first().extracting(Message::id).isEqualTo(39_900L);
		}
	}

	@Test
	void aStoreOnAnUnreachableDatabaseStartsAndReportsItselfUnavailable() {
		DatabaseUrl unreachable = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:1/none?user=postgres", "", "");
		try (PostgresMessageStore store = new PostgresMessageStore(unreachable, new SimpleMeterRegistry())) {
			assertThatExceptionOfType(MessageStoreUnavailableException.class).isThrownBy(store::check)
				.satisfies((ex) -> assertThat(ex.getBody().getDetail()).contains("schema migrations"));
			assertThatExceptionOfType(MessageStoreUnavailableException.class)
				.isThrownBy(() -> store.append(drafts("lost"), 10))
				.satisfies((ex) -> assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("5"));
		}
	}

	static PostgresMessageStore migratedStore(TestDatabase database) {
		PostgresMessageStore store = new PostgresMessageStore(DatabaseUrl.parse(database.jdbcUrl(), "", ""),
				new SimpleMeterRegistry());
		await().atMost(MIGRATED).ignoreExceptions().untilAsserted(store::check);
		return store;
	}

	private static String explain(Statement statement, String query) throws SQLException {
		StringBuilder plan = new StringBuilder();
		try (ResultSet rows = statement.executeQuery("EXPLAIN " + query)) {
			while (rows.next()) {
				plan.append(rows.getString(1)).append('\n');
			}
		}
		return plan.toString();
	}

	private static long queryLong(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery(sql)) {
			row.next();
			return row.getLong(1);
		}
	}

}
