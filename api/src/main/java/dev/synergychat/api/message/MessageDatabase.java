package dev.synergychat.api.message;

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
	 * Runs a database call once the schema is in place, reporting every database failure as unavailability.
	 *
	 * @throws MessageStoreUnavailableException when the schema is not migrated yet or the call fails
	 */
	<T> T access(Function<JdbcTemplate, T> call) {
		String reason = this.notReady;
		if (reason != null) {
			throw new MessageStoreUnavailableException(reason, null);
		}
		try {
			return call.apply(this.jdbc);
		}
		catch (DataAccessException ex) {
			throw new MessageStoreUnavailableException(rootMessage(ex), ex);
		}
	}

	String description() {
		return this.url.safeDescription();
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	@Override
	public void close() {
		this.migrator.interrupt();
		this.dataSource.close();
	}

}
