package dev.synergychat.api.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Group commit with a writer that records its statements, so what goes into one statement can be checked. */
class GroupCommitTest {

	private static final Instant NOW = Instant.parse("2026-11-23T03:00:00.000Z");

	@Test
	void appendsArrivingWhileTheWriterIsBusyShareTheNextStatementAndEachGetsItsOwnMessagesAndPage()
			throws Exception {
		CountDownLatch firstStatementStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstStatement = new CountDownLatch(1);
		RecordingWriter writer = new RecordingWriter((drafts) -> {
			firstStatementStarted.countDown();
			await(releaseFirstStatement);
		});
		try (GroupCommit groupCommit = new GroupCommit(writer, 1, 100);
				ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<Appended> first = posts.submit(() -> groupCommit.append(drafts("first"), 10));
			assertThat(firstStatementStarted.await(10, TimeUnit.SECONDS)).isTrue();
			List<Future<Appended>> waiting = new ArrayList<>();
			waiting.add(posts.submit(() -> groupCommit.append(drafts("second", "its bot reply"), 2)));
			waiting.add(posts.submit(() -> groupCommit.append(drafts("third"), 1)));
			awaitQueued(groupCommit, writer, 2);
			releaseFirstStatement.countDown();

			assertThat(first.get().stored()).extracting(Message::text).containsExactly("first");
			Appended second = waiting.get(0).get();
			Appended third = waiting.get(1).get();
			assertThat(writer.statements).hasSize(2);
			assertThat(writer.statements.get(1)).extracting(MessageDraft::text)
				.containsExactlyInAnyOrder("second", "its bot reply", "third");
			assertThat(second.stored()).extracting(Message::text).containsExactly("second", "its bot reply");
			assertThat(second.stored().get(1).id()).isEqualTo(second.stored().get(0).id() + 1);
			assertThat(third.stored()).extracting(Message::text).containsExactly("third");
			assertThat(second.page()).hasSize(2).last().extracting(Message::id).isEqualTo(4L);
			assertThat(third.page()).extracting(Message::id).containsExactly(4L);
		}
	}

	@Test
	void aBatchTheDatabaseRefusesForItsDataIsWrittenAgainOneAppendAtATimeSoOnlyTheBadOneFails() throws Exception {
		CountDownLatch firstStatementStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstStatement = new CountDownLatch(1);
		RecordingWriter writer = new RecordingWriter((drafts) -> {
			firstStatementStarted.countDown();
			await(releaseFirstStatement);
			if (drafts.stream().anyMatch((draft) -> draft.text().equals("refused"))) {
				throw new DataIntegrityViolationException("violates check constraint");
			}
		});
		try (GroupCommit groupCommit = new GroupCommit(writer, 1, 100);
				ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<Appended> first = posts.submit(() -> groupCommit.append(drafts("first"), 10));
			assertThat(firstStatementStarted.await(10, TimeUnit.SECONDS)).isTrue();
			Future<Appended> good = posts.submit(() -> groupCommit.append(drafts("good"), 10));
			Future<Appended> bad = posts.submit(() -> groupCommit.append(drafts("refused"), 10));
			awaitQueued(groupCommit, writer, 2);
			releaseFirstStatement.countDown();

			assertThat(first.get().stored()).extracting(Message::text).containsExactly("first");
			assertThat(good.get().stored()).extracting(Message::text).containsExactly("good");
			assertThat(bad).failsWithin(10, TimeUnit.SECONDS)
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(DataIntegrityViolationException.class);
			assertThat(writer.stored).extracting(MessageDraft::text).containsExactly("first", "good");
		}
	}

	@Test
	void aStatementThatFailsForTheDatabaseFailsEveryAppendInItAndStoresNone() {
		RecordingWriter writer = new RecordingWriter((drafts) -> {
			throw new DataAccessResourceFailureException("connection refused");
		});
		try (GroupCommit groupCommit = new GroupCommit(writer, 2, 100)) {
			assertThatExceptionOfType(DataAccessResourceFailureException.class)
				.isThrownBy(() -> groupCommit.append(drafts("lost"), 10));
			assertThat(writer.stored).isEmpty();
		}
	}

	@Test
	void afterCloseAnAppendIsRefusedAsUnavailable() {
		GroupCommit groupCommit = new GroupCommit(new RecordingWriter((drafts) -> {
		}), 2, 100);
		groupCommit.close();

		assertThatExceptionOfType(MessageStoreUnavailableException.class)
			.isThrownBy(() -> groupCommit.append(drafts("late"), 10));
	}

	private static List<MessageDraft> drafts(String... texts) {
		return List.of(texts).stream().map((text) -> new MessageDraft("ann", text, NOW)).toList();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits until the given number of appends wait behind the writer's statement under way. */
	private static void awaitQueued(GroupCommit groupCommit, RecordingWriter writer, int appends)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (groupCommit.waiting() < appends && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(groupCommit.waiting()).as("appends waiting behind the first statement").isEqualTo(appends);
		assertThat(writer.statements).hasSize(1);
	}

	/** Assigns ids like the database does and keeps what each statement stored; a failing statement stores none. */
	private static final class RecordingWriter implements GroupCommit.Writer {

		private final Behaviour behaviour;

		final List<List<MessageDraft>> statements = new CopyOnWriteArrayList<>();

		final List<MessageDraft> stored = new CopyOnWriteArrayList<>();

		private final List<Message> table = new ArrayList<>();

		RecordingWriter(Behaviour behaviour) {
			this.behaviour = behaviour;
		}

		@Override
		public synchronized Appended write(List<MessageDraft> drafts, int pageLimit) {
			this.statements.add(drafts);
			this.behaviour.before(drafts);
			List<Message> inserted = new ArrayList<>();
			for (MessageDraft draft : drafts) {
				inserted.add(draft.withId(this.table.size() + inserted.size() + 1));
			}
			this.table.addAll(inserted);
			this.stored.addAll(drafts);
			return new Appended(inserted,
					List.copyOf(this.table.subList(Math.max(0, this.table.size() - pageLimit), this.table.size())));
		}

	}

	@FunctionalInterface
	private interface Behaviour {

		void before(List<MessageDraft> drafts);

	}

}
