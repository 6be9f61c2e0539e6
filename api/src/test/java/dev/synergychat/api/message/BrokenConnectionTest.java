package dev.synergychat.api.message;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures make {@link MessageDatabase} retire the pool's connections and read again: a statement whose
 * connection broke, never a pool with no connection to give, which a second read would only wait for again.
 */
class BrokenConnectionTest {

	@Test
	void aStatementOnABrokenConnectionOrAnEndedSessionIsABrokenConnection() {
		assertThat(MessageDatabase.brokeAPooledConnection(new DataAccessResourceFailureException("read",
				new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
			.isTrue();
		assertThat(MessageDatabase.brokeAPooledConnection(new DataAccessResourceFailureException("read",
				new SQLException("terminating connection due to administrator command", "57P01"))))
			.isTrue();
	}

	@Test
	void noConnectionToGiveAndErrorsOfTheStatementItselfAreNot() {
		assertThat(MessageDatabase.brokeAPooledConnection(new CannotGetJdbcConnectionException("no connection",
				new SQLTransientConnectionException("messages - Connection is not available", "08001"))))
			.isFalse();
		assertThat(MessageDatabase.brokeAPooledConnection(new DataIntegrityViolationException("insert",
				new SQLException("value too long", "22001"))))
			.isFalse();
		assertThat(MessageDatabase.brokeAPooledConnection(new DataAccessResourceFailureException("read")))
			.isFalse();
	}

}
