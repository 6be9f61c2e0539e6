package dev.synergychat.api.message;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Keeps messages in PostgreSQL, for any number of replicas: the {@link MessageStore} made of the database's life
 * ({@link MessageDatabase}: pool, migrations, availability), its statements ({@link MessageSql}) and the grouping
 * of concurrent appends into shared statements ({@link GroupCommit}).
 */
final class PostgresMessageStore implements MessageStore, AutoCloseable {

	/**
	 * Statements of grouped appends under way at once. Each holds a pooled connection; the others stay free for
	 * reads. Two keep the database busy while one waits for its commit to reach the disk.
	 */
	private static final int WRITERS = 2;

	/** Drafts one statement takes at most: enough to drain a burst, small enough to keep a statement short. */
	private static final int MAX_DRAFTS_PER_STATEMENT = 256;

	private final MessageDatabase database;

	private final GroupCommit groupCommit;

	PostgresMessageStore(DatabaseUrl url, MeterRegistry meters) {
		this.database = new MessageDatabase(url, meters);
		this.groupCommit = new GroupCommit((drafts, pageLimit) -> MessageSql.insert(this.database.jdbc(), drafts,
				pageLimit), WRITERS, MAX_DRAFTS_PER_STATEMENT);
	}

	@Override
	public Appended append(List<MessageDraft> drafts, int pageLimit) {
		return this.database.access((jdbc) -> this.groupCommit.append(drafts, pageLimit));
	}

	@Override
	public List<Message> page(int limit, @Nullable Long before) {
		long beforeId = (before != null) ? before : Long.MAX_VALUE;
		return this.database.read((jdbc) -> MessageSql.page(jdbc, limit, beforeId));
	}

	@Override
	public List<Message> after(long id, int limit) {
		return this.database.read((jdbc) -> MessageSql.after(jdbc, id, limit));
	}

	@Override
	public String description() {
		return this.database.description();
	}

	@Override
	public void check() {
		this.database.read(MessageSql::ping);
	}

	@Override
	public void close() {
		this.groupCommit.close();
		this.database.close();
	}

}
