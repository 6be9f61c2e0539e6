package dev.synergychat.api.support;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL and Redis the integration tests use. Where the environment names servers
 * ({@value #POSTGRES_VARIABLE}, a JDBC URL of a database whose user may create databases, and
 * {@value #REDIS_VARIABLE}), those are used; otherwise Testcontainers starts them in Docker. The tests are the same
 * either way, and each isolates its data (a fresh database, a unique key prefix).
 */
public final class TestServers {

	public static final String POSTGRES_VARIABLE = "SYNERGYCHAT_TEST_POSTGRES_URL";

	public static final String REDIS_VARIABLE = "SYNERGYCHAT_TEST_REDIS_URL";

	private static String postgresUrl;

	private static String redisUrl;

	private TestServers() {
	}

	/** A JDBC URL, credentials included, of a database on a server where tests may create databases. */
	public static synchronized String postgresAdminUrl() {
		if (postgresUrl == null) {
			postgresUrl = fromEnvironment(POSTGRES_VARIABLE);
		}
		if (postgresUrl == null) {
			requireDocker(POSTGRES_VARIABLE, "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			postgresUrl = container.getJdbcUrl() + "&user=" + container.getUsername() + "&password="
					+ container.getPassword();
		}
		return postgresUrl;
	}

	/** A {@code redis://} URL; tests share the server, so every test run uses its own key prefix. */
	public static synchronized String redisUrl() {
		if (redisUrl == null) {
			redisUrl = fromEnvironment(REDIS_VARIABLE);
		}
		if (redisUrl == null) {
			requireDocker(REDIS_VARIABLE, "redis://127.0.0.1:6379");
			GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			container.start();
			redisUrl = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
		}
		return redisUrl;
	}

	private static String fromEnvironment(String variable) {
		String value = System.getenv(variable);
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

	private static void requireDocker(String variable, String example) {
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			throw new IllegalStateException("These tests need a real server: set " + variable + " (for example "
					+ example + ") or install and start Docker so Testcontainers can run one");
		}
	}

}
