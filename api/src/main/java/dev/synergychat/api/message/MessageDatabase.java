package dev.synergychat.api.message;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/**
 * The life of the message database, apart from what is asked of it: the connection pool, the schema migrations
 * and whether the database can be used yet. It starts even when the database is down: the migrations are retried
 * in the background until they succeed, and until then every call is refused as unavailable (readiness 503)
 * instead of the process crash-looping. Flyway takes a PostgreSQL advisory lock while migrating, so replicas that
 * start together apply each migration once.
 */
final class MessageDatabase implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(MessageDatabase.class);

	private static final Duration MIGRATION_RETRY = Duration.ofSeconds(2);

	private final DatabaseUrl url;

	private final HikariDataSource dataSource;

	private final JdbcTemplate jdbc;

	private final Thread migrator;

	private volatile @Nullable String notReady = "schema migrations have not run yet";

	MessageDatabase(DatabaseUrl url, MeterRegistry meters) {
		this.url = url;
		HikariConfig pool = poolSettings(url);
		pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
		this.dataSource = new HikariDataSource(pool);
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.migrator = Thread.ofVirtual().name("message-store-migrations").start(this::migrateUntilDone);
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

	/** The pooled database, for the statements of {@link MessageSql}; reach it through {@link #access}. */
	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/**
	 * Runs a database call once the schema is in place, reporting every database failure as unavailability. A call
	 * that changes data is never repeated: whether a statement whose connection broke was committed is unknown.
	 *
	 * @throws MessageStoreUnavailableException when the schema is not migrated yet or the call fails
	 */
	<T> T access(Function<JdbcTemplate, T> call) {
		return access(call, false);
	}

	/**
	 * Runs a call that only reads, like {@link #access}, but once more on a fresh connection when the pooled one
	 * it was given turns out to be broken, so a read after a database restart does not fail for a dead connection.
	 *
	 * @throws MessageStoreUnavailableException when the schema is not migrated yet or the call fails
	 */
	<T> T read(Function<JdbcTemplate, T> call) {
		return access(call, true);
	}

	private <T> T access(Function<JdbcTemplate, T> call, boolean readOnly) {
		String reason = this.notReady;
		if (reason != null) {
			throw new MessageStoreUnavailableException(reason, null);
		}
		try {
			return call.apply(this.jdbc);
		}
		catch (DataAccessException ex) {
			if (!brokeAPooledConnection(ex)) {
				throw new MessageStoreUnavailableException(rootMessage(ex), ex);
			}
			// A server that restarted ended every connection of the pool, not only this one. The pool does not check
			// a connection used in the last half second before lending it again, so under load each of them would
			// fail a request of its own: retire them all now (idle ones at once, busy ones when they come back).
			this.dataSource.getHikariPoolMXBean().softEvictConnections();
			log.warn("A pooled connection to {} was broken ({}); replacing every pooled connection", this.url,
					rootMessage(ex));
			if (!readOnly) {
				throw new MessageStoreUnavailableException(rootMessage(ex), ex);
			}
			try {
				return call.apply(this.jdbc);
			}
			catch (DataAccessException again) {
				throw new MessageStoreUnavailableException(rootMessage(again), again);
			}
		}
	}

	/**
	 * Whether a statement failed because its connection was broken (SQL state class 08, or the server ending the
	 * session: 57P01 to 57P03), as opposed to no connection being available at all, which a second try would only
	 * wait for again.
	 */
	static boolean brokeAPooledConnection(DataAccessException ex) {
		if (ex instanceof CannotGetJdbcConnectionException) {
			return false;
		}
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				return state.startsWith("08") || state.startsWith("57P0");
			}
		}
		return false;
	}

	String description() {
		return this.url.safeDescription();
	}

	/** The message of the deepest cause that has one (a broken socket's own exception often has none). */
	private static String rootMessage(Throwable ex) {
		String message = ex.getMessage();
		for (Throwable cause = ex.getCause(); cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return String.valueOf(message);
	}

	@Override
	public void close() {
		this.migrator.interrupt();
		this.dataSource.close();
	}

}
