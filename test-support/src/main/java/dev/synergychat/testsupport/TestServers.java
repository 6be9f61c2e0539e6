package dev.synergychat.testsupport;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL and Redis the integration tests of every service use. Where the environment names servers
 * ({@value #POSTGRES_VARIABLE}, a JDBC URL of a database whose user may create databases, and
 * {@value #REDIS_VARIABLE}; CI sets both to the loopback servers), those are used; otherwise Testcontainers
 * starts them in Docker. The tests are the same either way, and each isolates its data (a fresh database, a
 * unique key prefix), because a named server may be shared.
 */
public final class TestServers {

	public static final String POSTGRES_VARIABLE = "SYNERGYCHAT_TEST_POSTGRES_URL";

	public static final String REDIS_VARIABLE = "SYNERGYCHAT_TEST_REDIS_URL";

	private static final Server postgres = new Server(POSTGRES_VARIABLE,
			"jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", TestServers::startPostgres);

	private static final Server redis = new Server(REDIS_VARIABLE, "redis://127.0.0.1:6379", TestServers::startRedis);

	private TestServers() {
	}

	/** A JDBC URL, credentials included, of a database on a server where tests may create databases. */
	public static String postgresAdminUrl() {
		return postgres.url();
	}

	/** A {@code redis://} URL; tests share the server, so every test run uses its own key prefix. */
	public static String redisUrl() {
		return redis.url();
	}

	@SuppressWarnings("resource") // Testcontainers' reaper removes the container when the JVM exits.
	private static String startPostgres() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
		container.start();
		return container.getJdbcUrl() + "&user=" + container.getUsername() + "&password=" + container.getPassword();
	}

	@SuppressWarnings("resource") // Testcontainers' reaper removes the container when the JVM exits.
	private static String startRedis() {
		GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
		container.start();
		return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
	}

	/**
	 * One server: named by the environment or started once per test JVM. A failure to start it is remembered, so
	 * the rest of the run fails at once with the same message instead of waiting for Docker again in every test.
	 */
	private static final class Server {

		private final String variable;

		private final String example;

		private final Supplier<String> start;

		private @Nullable String url;

		private @Nullable IllegalStateException unavailable;

		Server(String variable, String example, Supplier<String> start) {
			this.variable = variable;
			this.example = example;
			this.start = start;
		}

		synchronized String url() {
			if (this.unavailable != null) {
				throw this.unavailable;
			}
			if (this.url == null) {
				String configured = System.getenv(this.variable);
				try {
					this.url = (configured != null && !configured.isBlank()) ? configured.strip() : startContainer();
				}
				catch (IllegalStateException ex) {
					this.unavailable = ex;
					throw ex;
				}
			}
			return this.url;
		}

		private String startContainer() {
			String advice = "These tests need a real server: set " + this.variable + " (for example " + this.example
					+ ") or install and start Docker so Testcontainers can run one";
			if (!DockerClientFactory.instance().isDockerAvailable()) {
				throw new IllegalStateException(advice);
			}
			try {
				return this.start.get();
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException(advice, ex);
			}
		}

	}

}
