package dev.synergychat.api.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import dev.synergychat.testsupport.TcpProxy;
import dev.synergychat.testsupport.TestServers;

/** A database of its own for one test class, created on the test PostgreSQL and dropped afterwards. */
public final class TestDatabase implements AutoCloseable {

	private final String name;

	private final String jdbcUrl;

	private TestDatabase(String name, String jdbcUrl) {
		this.name = name;
		this.jdbcUrl = jdbcUrl;
	}

	public static TestDatabase create() throws SQLException {
		String name = "api_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute("CREATE DATABASE " + name);
		String adminUrl = TestServers.postgresAdminUrl();
		return new TestDatabase(name, adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name));
	}

	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	/** The same database reached through {@code proxy}, which forwards to {@link #host()}:{@link #port()}. */
	public String jdbcUrlThrough(TcpProxy proxy) {
		return this.jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]+/",
				"jdbc:postgresql://127.0.0.1:" + proxy.port() + "/");
	}

	public String host() {
		return serverUri().getHost();
	}

	public int port() {
		int port = serverUri().getPort();
		return (port != -1) ? port : 5432;
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl);
	}

	private URI serverUri() {
		return URI.create(this.jdbcUrl.substring("jdbc:".length()));
	}

	@Override
	public void close() throws SQLException {
		execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
	}

	private static void execute(String sql) throws SQLException {
		try (Connection admin = DriverManager.getConnection(TestServers.postgresAdminUrl());
				Statement statement = admin.createStatement()) {
			statement.execute(sql);
		}
	}

}
