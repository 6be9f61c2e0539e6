package dev.synergychat.api.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The statements the message store runs, and nothing about when the database may be used (that is
 * {@link MessageDatabase}): each method takes the pooled database and returns what it read.
 */
final class MessageSql {

	private static final String COLUMNS = "id, author_username, text, created_at";

	private static final RowMapper<Message> MESSAGE = MessageSql::message;

	private static final String INSERT_AND_READ_PAGE = "WITH inserted AS (INSERT INTO messages "
			+ "(author_username, text, created_at) SELECT a, t, c FROM unnest(?::text[], ?::text[], ?::timestamptz[]) "
			+ "WITH ORDINALITY AS drafts (a, t, c, n) ORDER BY n RETURNING " + COLUMNS + ") "
			+ "SELECT " + COLUMNS + ", true AS inserted FROM inserted UNION ALL "
			+ "(SELECT " + COLUMNS + ", false FROM messages ORDER BY id DESC LIMIT ?)";

	private MessageSql() {
	}

	/**
	 * Inserts the drafts and reads the page that follows in one statement, so a batch costs one round trip and one
	 * commit. The statement text is the same for any number of drafts (they travel as three arrays), so it is
	 * prepared once. Ids come from the identity column in the order of the {@code ORDER BY}, which is the drafts'
	 * order. The page's read sees the table as it was when the statement began, so the new rows are added to it
	 * from the insert's {@code RETURNING}; they have the highest ids this statement can see.
	 */
	static Appended insert(JdbcTemplate jdbc, List<MessageDraft> drafts, int pageLimit) {
		List<Row> rows = jdbc.execute((Connection connection) -> {
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
						read.add(new Row(message(row, read.size()), row.getBoolean(5)));
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

	/** The {@code limit} messages before id {@code before}, oldest first. */
	static List<Message> page(JdbcTemplate jdbc, int limit, long before) {
		return jdbc
			.query("SELECT " + COLUMNS + " FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?", MESSAGE, before, limit)
			.reversed();
	}

	/** At most {@code limit} messages after id {@code id}, oldest first. */
	static List<Message> after(JdbcTemplate jdbc, long id, int limit) {
		return jdbc.query("SELECT " + COLUMNS + " FROM messages WHERE id > ? ORDER BY id LIMIT ?", MESSAGE, id, limit);
	}

	static Integer ping(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT 1", Integer.class);
	}

	/**
	 * The message of a row whose first columns are {@link #COLUMNS}, in that order. Columns are read by position and
	 * the time as an {@link OffsetDateTime}: a post reads a whole page of rows, and looking columns up by name and
	 * converting through {@code Timestamp}'s calendar cost more than the rest of reading them.
	 */
	private static Message message(ResultSet row, int rowNumber) throws SQLException {
		return new Message(row.getLong(1), row.getString(2), row.getString(3),
				row.getObject(4, OffsetDateTime.class).toInstant());
	}

	private record Row(Message message, boolean inserted) {
	}

}
