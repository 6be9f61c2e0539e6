package dev.synergychat.api.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * Group commit for appends: the posts that arrive while the database is busy with earlier ones go into the next
 * statement together, so under load a post costs a share of one round trip and one WAL flush instead of a whole
 * one each. A post that finds a writer idle is written at once, so a quiet chat waits for nothing.
 * <p>
 * Each caller still gets an answer only after its own messages are committed, and a batch is one statement: it is
 * stored whole or not at all. A batch that the database refuses for its data is written again one append at a
 * time, so a bad append never fails the good ones that happened to share its batch.
 */
final class GroupCommit implements AutoCloseable {

	/** Stores the drafts in the given order with increasing ids, and reads the newest page after them. */
	@FunctionalInterface
	interface Writer {

		Appended write(List<MessageDraft> drafts, int pageLimit);

	}

	/** How often an idle writer looks whether the store is closing. */
	private static final Duration IDLE_CHECK = Duration.ofMillis(200);

	private final Writer writer;

	private final int maxDrafts;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final List<Thread> writers;

	private volatile boolean closed;

	/**
	 * @param writers how many statements may be under way at once: each holds one pooled connection
	 * @param maxDrafts the drafts one statement takes at most (a single larger append still goes alone)
	 */
	GroupCommit(Writer writer, int writers, int maxDrafts) {
		this.writer = writer;
		this.maxDrafts = maxDrafts;
		List<Thread> started = new ArrayList<>(writers);
		for (int i = 0; i < writers; i++) {
			started.add(Thread.ofVirtual().name("message-writer-" + i).start(this::writeUntilClosed));
		}
		this.writers = List.copyOf(started);
	}

	/**
	 * Waits until the drafts are stored with the appends that share their statement.
	 * @throws RuntimeException what the writer threw for this append's statement
	 */
	Appended append(List<MessageDraft> drafts, int pageLimit) {
		Pending pending = new Pending(List.copyOf(drafts), pageLimit, new CompletableFuture<>());
		if (this.closed) {
			throw shuttingDown();
		}
		this.queue.add(pending);
		if (this.closed && this.queue.remove(pending)) {
			throw shuttingDown();
		}
		try {
			return pending.result().join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/** Appends waiting for a writer, not counting those in a statement under way. */
	int waiting() {
		return this.queue.size();
	}

	private void writeUntilClosed() {
		List<Pending> batch = new ArrayList<>();
		while (!this.closed) {
			Pending first;
			try {
				first = this.queue.poll(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (first == null) {
				continue;
			}
			batch.add(first);
			int drafts = batch.getFirst().drafts().size();
			Pending next;
			while (drafts < this.maxDrafts && (next = this.queue.poll()) != null) {
				batch.add(next);
				drafts += next.drafts().size();
			}
			write(batch);
			batch.clear();
		}
	}

	private void write(List<Pending> batch) {
		try {
			complete(batch, this.writer.write(drafts(batch), maxPageLimit(batch)));
		}
		catch (DataIntegrityViolationException ex) {
			if (batch.size() == 1) {
				batch.getFirst().result().completeExceptionally(ex);
				return;
			}
			for (Pending alone : batch) {
				write(List.of(alone));
			}
		}
		catch (RuntimeException ex) {
			batch.forEach((pending) -> pending.result().completeExceptionally(ex));
		}
	}

	/** Hands each append its own stored messages and the newest page of its own size. */
	private static void complete(List<Pending> batch, Appended written) {
		List<Message> page = written.page();
		int offset = 0;
		for (Pending pending : batch) {
			List<Message> stored = written.stored().subList(offset, offset + pending.drafts().size());
			offset += pending.drafts().size();
			List<Message> ownPage = page.subList(Math.max(0, page.size() - pending.pageLimit()), page.size());
			pending.result().complete(new Appended(List.copyOf(stored), List.copyOf(ownPage)));
		}
	}

	private static List<MessageDraft> drafts(List<Pending> batch) {
		List<MessageDraft> drafts = new ArrayList<>();
		batch.forEach((pending) -> drafts.addAll(pending.drafts()));
		return drafts;
	}

	private static int maxPageLimit(List<Pending> batch) {
		return batch.stream().mapToInt(Pending::pageLimit).max().orElseThrow();
	}

	/**
	 * Stops the writers once their statements under way are done (they are not interrupted, which would cut a
	 * statement off with its outcome unknown); appends still waiting for a statement are answered as unavailable.
	 */
	@Override
	public void close() {
		this.closed = true;
		for (Thread writer : this.writers) {
			try {
				writer.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		Pending left;
		while ((left = this.queue.poll()) != null) {
			left.result().completeExceptionally(shuttingDown());
		}
	}

	private static MessageStoreUnavailableException shuttingDown() {
		return new MessageStoreUnavailableException("the message store is shutting down", null);
	}

	private record Pending(List<MessageDraft> drafts, int pageLimit, CompletableFuture<Appended> result) {
	}

}
