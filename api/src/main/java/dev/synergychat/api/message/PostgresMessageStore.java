package dev.synergychat.api.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.util.StringUtils;

/**
 * Keeps messages in PostgreSQL, for any number of replicas. Starts even when the database is down: the schema
 * migrations are retried in the background until they succeed, and until then the store reports itself
 * unavailable (readiness 503) instead of the process crash-looping. Flyway takes a PostgreSQL advisory lock while
 * migrating, so replicas that start together apply each migration once.
 */
final class PostgresMessageStore implements MessageStore, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresMessageStore.class);

	private static final Duration MIGRATION_RETRY = Duration.ofSeconds(2);

	private static final String COLUMNS = "id, author_username, text, created_at";

	private static final RowMapper<Message> MESSAGE = PostgresMessageStore::message;

	private static final String INSERT_AND_READ_PAGE = "WITH inserted AS (INSERT INTO messages "
			+ "(author_username, text, created_at) SELECT a, t, c FROM unnest(?::text[], ?::text[], ?::timestamptz[]) "
			+ "WITH ORDINALITY AS drafts (a, t, c, n) ORDER BY n RETURNING " + COLUMNS + ") "
			+ "SELECT " + COLUMNS + ", true AS inserted FROM inserted UNION ALL "
			+ "(SELECT " + COLUMNS + ", false FROM messages ORDER BY id DESC LIMIT ?)";

	/**
	 * Statements of grouped appends under way at once. Each holds a pooled connection; the others stay free for
	 * reads. Two keep the database busy while one waits for its commit to reach the disk.
	 */
	private static final int WRITERS = 2;

	/** Drafts one statement takes at most: enough to drain a burst, small enough to keep a statement short. */
	private static final int MAX_DRAFTS_PER_STATEMENT = 256;

	private final DatabaseUrl url;

	private final HikariDataSource dataSource;

	private final JdbcTemplate jdbc;

	private final Thread migrator;

	private final GroupCommit groupCommit;

	private volatile @Nullable String notReady = "schema migrations have not run yet";

	PostgresMessageStore(DatabaseUrl url, MeterRegistry meters) {
		this.url = url;
		HikariConfig pool = poolSettings(url);
		pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
		this.dataSource = new HikariDataSource(pool);
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.migrator = Thread.ofVirtual().name("message-store-migrations").start(this::migrateUntilDone);
		this.groupCommit = new GroupCommit(this::insert, WRITERS, MAX_DRAFTS_PER_STATEMENT);
	}

	/**
	 * Pool and driver limits chosen so that no request waits more than a few seconds on a dead database. Ten
	 * connections keep two cores busy; more would only queue inside PostgreSQL.
	 */
	private static HikariConfig poolSettings(DatabaseUrl url) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("messages");
		config.setJdbcUrl(url.jdbcUrl());
		if (StringUtils.hasText(url.username())) {
			config.setUsername(url.username());
		}
		if (StringUtils.hasText(url.password())) {
			config.setPassword(url.password());
		}
		config.setMaximumPoolSize(10);
		config.setMinimumIdle(2);
		// A request waits at most this long for a connection, then answers 503.
		config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(2));
		config.setValidationTimeout(TimeUnit.SECONDS.toMillis(1));
		// Start with an empty pool when the database is down rather than failing the start.
		config.setInitializationFailTimeout(-1);
		config.addDataSourceProperty("connectTimeout", "2");
		// A statement on a connection whose server vanished without closing it fails after this many seconds.
		config.addDataSourceProperty("socketTimeout", "5");
		config.addDataSourceProperty("tcpKeepAlive", "true");
		config.addDataSourceProperty("ApplicationName", "synergychat-api");
		return config;
	}

	private void migrateUntilDone() {
		Flyway flyway = Flyway.configure()
			.dataSource(this.dataSource)
			.locations("classpath:db/migration")
			.load();
		while (!Thread.currentThread().isInterrupted()) {
			try {
				flyway.migrate();
				this.notReady = null;
				log.info("Message schema is up to date in {}", this.url);
				return;
			}
			catch (RuntimeException ex) {
				this.notReady = "schema migrations cannot run yet: " + rootMessage(ex);
				log.warn("Cannot migrate the message schema in {}, retrying in {}s: {}", this.url,
						MIGRATION_RETRY.toSeconds(), rootMessage(ex));
			}
			try {
				Thread.sleep(MIGRATION_RETRY);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	@Override
	public Appended append(List<MessageDraft> drafts, int pageLimit) {
		return access(() -> this.groupCommit.append(drafts, pageLimit));
	}

	/**
	 * Inserts the drafts and reads the page that follows in one statement, so a batch costs one round trip and one
	 * commit. The statement text is the same for any number of drafts (they travel as three arrays), so it is
	 * prepared once. Ids come from the identity column in the order of the {@code ORDER BY}, which is the drafts'
	 * order. The page's read sees the table as it was when the statement began, so the new rows are added to it
	 * from the insert's {@code RETURNING}; they have the highest ids this statement can see.
	 */
	private Appended insert(List<MessageDraft> drafts, int pageLimit) {
		List<Row> rows = this.jdbc.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(INSERT_AND_READ_PAGE)) {
				statement.setArray(1, connection.createArrayOf("text",
						drafts.stream().map(MessageDraft::authorUsername).toArray()));
				statement.setArray(2, connection.createArrayOf("text", drafts.stream().map(MessageDraft::text).toArray()));
				statement.setArray(3, connection.createArrayOf("timestamptz",
						drafts.stream().map((draft) -> Timestamp.from(draft.createdAt())).toArray()));
				statement.setInt(4, pageLimit);
				List<Row> read = new ArrayList<>(drafts.size() + pageLimit);
				try (ResultSet row = statement.executeQuery()) {
					while (row.next()) {
						read.add(new Row(message(row, read.size()), row.getBoolean("inserted")));
					}
				}
				return read;
			}
		});
		List<Message> newestFirst = rows.stream()
			.map(Row::message)
			.sorted(Comparator.comparingLong(Message::id).reversed())
			.limit(pageLimit)
			.toList();
		List<Message> stored = rows.stream()
			.filter(Row::inserted)
			.map(Row::message)
			.sorted(Comparator.comparingLong(Message::id))
			.toList();
		return new Appended(stored, newestFirst.reversed());
	}

	private record Row(Message message, boolean inserted) {
	}

	@Override
	public List<Message> page(int limit, @Nullable Long before) {
		return access(() -> newestFirstReversed(limit, (before != null) ? before : Long.MAX_VALUE));
	}

	@Override
	public List<Message> after(long id, int limit) {
		return access(() -> this.jdbc.query("SELECT " + COLUMNS + " FROM messages WHERE id > ? ORDER BY id LIMIT ?",
				MESSAGE, id, limit));
	}

	private List<Message> newestFirstReversed(int limit, long before) {
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?", MESSAGE, before, limit)
			.reversed();
	}

	@Override
	public String description() {
		return this.url.safeDescription();
	}

	@Override
	public void check() {
		access(() -> this.jdbc.queryForObject("SELECT 1", Integer.class));
	}

	/** Runs a database call once the schema is in place, reporting every database failure as unavailability. */
	private <T> T access(DatabaseCall<T> call) {
		String reason = this.notReady;
		if (reason != null) {
			throw new MessageStoreUnavailableException(reason, null);
		}
		try {
			return call.run();
		}
		catch (DataAccessException ex) {
			throw new MessageStoreUnavailableException(rootMessage(ex), ex);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	private static Message message(ResultSet row, int rowNumber) throws SQLException {
		return new Message(row.getLong("id"), row.getString("author_username"), row.getString("text"),
				row.getTimestamp("created_at").toInstant());
	}

	@Override
	public void close() {
		this.migrator.interrupt();
		this.groupCommit.close();
		this.dataSource.close();
	}

	@FunctionalInterface
	private interface DatabaseCall<T> {

		T run();

	}

}
