package dev.synergychat.api.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The newest page's rules on a memory store: what it takes from appends and the fan-out, and every way it learns
 * that it may be behind the store. "Behind the store's back" below means appended to the store without telling the
 * page, as another replica's post whose fan-out message is lost.
 */
class NewestPageTest {

	private static final Instant AT = Instant.parse("2026-12-01T12:00:00.123Z");

	private final JsonMapper json = JsonMapper.builder().build();

	private final MemoryMessageStore store = new MemoryMessageStore();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** Checks look again at once: no fan-out runs here to wait for. */
	private final NewestPage page = new NewestPage(this.store, this.json, this.meters, () -> {
	});

	@Test
	void theNewestPageIsTheStoresPageWrittenAsJsonWithAnEtagOfItsNewestId() {
		append("one", "two", "three");

		RenderedPage newest = this.page.newest(2);

		assertThat(newest.json()).isEqualTo(this.json.writeValueAsBytes(this.store.page(2, null)));
		assertThat(new String(newest.json())).isEqualTo("[{\"Id\":2,\"AuthorUsername\":\"ann\",\"Text\":\"two\","
				+ "\"CreatedAt\":\"2026-12-01T12:00:00.123Z\"},{\"Id\":3,\"AuthorUsername\":\"ann\",\"Text\":\"three\","
				+ "\"CreatedAt\":\"2026-12-01T12:00:00.123Z\"}]");
		assertThat(newest.etag()).matches("\"3-[0-9a-f]{16}\"");
		assertThat(this.page.newest(2)).as("the same bytes are reused while nothing changes").isSameAs(newest);
		assertThat(RenderedPage.of(List.of(), this.json).etag()).startsWith("\"0-");
	}

	@Test
	void fromMemoryHasNoPageUntilTheWindowIsBuiltAndNoneAfterItIsDropped() {
		append("one", "two");

		assertThat(this.page.fromMemory(1)).as("nothing read yet").isNull();
		RenderedPage read = this.page.newest(1);
		assertThat(this.page.fromMemory(1)).as("the page the read wrote").isSameAs(read);
		this.page.drop();
		assertThat(this.page.fromMemory(1)).as("dropped").isNull();
	}

	@Test
	void ownAppendsAndFanOutMessagesShowAtOnceWithoutReadingTheStoreAgain() {
		append("one");
		this.page.newest(10);

		Appended own = this.store.append(List.of(draft("own")), 10);
		this.page.onCreated(new MessagesCreated(own.stored(), own.page()));
		Message fromAnotherReplica = appendBehindTheStoresBack("from another replica");
		this.page.received(List.of(fromAnotherReplica));
		this.page.received(own.stored());

		assertThat(texts(this.page.newest(10))).containsExactly("one", "own", "from another replica");
	}

	@Test
	void aMessageAboveTheNextIdShowsAtOnceAndTheOneInBetweenTakesItsPlaceWhenItsFanOutArrives() {
		append("one");
		this.page.newest(10);
		Message inBetween = appendBehindTheStoresBack("fan-out still on its way");
		Message after = appendBehindTheStoresBack("overtook it");

		this.page.received(List.of(after));
		assertThat(texts(this.page.fromMemory(10))).as("kept, with a gap").containsExactly("one", "overtook it");
		this.page.received(List.of(inBetween));

		assertThat(texts(this.page.fromMemory(10))).containsExactly("one", "fan-out still on its way", "overtook it");
		assertThat(this.page.newest(10).json()).isEqualTo(this.json.writeValueAsBytes(this.store.page(10, null)));
		assertThat(this.meters.get("synergychat.newest.page.drops").counters()).allSatisfy(
				(counter) -> assertThat(counter.count()).as(counter.getId().getTag("cause")).isZero());
		assertThat(this.meters.get("synergychat.newest.page.rebuilds").counter().count()).isEqualTo(1);
	}

	@Test
	void aMessageInAGapWhoseFanOutIsLostIsFoundByTheCheckAgainstTheStore() {
		append("one");
		this.page.newest(10);
		appendBehindTheStoresBack("fan-out lost");
		this.page.received(List.of(appendBehindTheStoresBack("after the lost one")));

		this.page.verify();

		assertThat(counted("synergychat.newest.page.drops", "check")).isEqualTo(1);
		assertThat(texts(this.page.newest(10))).containsExactly("one", "fan-out lost", "after the lost one");
		assertThat(this.meters.get("synergychat.newest.page.rebuilds").counter().count()).isEqualTo(2);
	}

	@Test
	void anOwnAppendAboveAMessageWhoseFanOutIsOnItsWayKeepsThePageInMemory() {
		append("one");
		this.page.newest(10);
		Message onItsWay = appendBehindTheStoresBack("committed on another replica, fan-out on its way");

		Appended own = this.store.append(List.of(draft("own")), 10);
		this.page.onCreated(new MessagesCreated(own.stored(), own.page()));

		assertThat(this.page.fromMemory(10)).as("kept: the append read the store down to the page's newest").isNotNull();
		assertThat(texts(this.page.newest(10))).containsExactly("one", onItsWay.text(), "own");
		this.page.received(List.of(onItsWay));
		assertThat(texts(this.page.newest(10))).containsExactly("one", onItsWay.text(), "own");
	}

	@Test
	void anOwnAppendAboveAMessageNotYetCommittedShowsAtOnceAndTheOtherTakesItsPlaceWhenItArrives() {
		append("one");
		this.page.newest(10);
		Message one = this.store.page(1, null).getFirst();
		Message notYetCommitted = new Message(2, "bob", "still being committed on another replica", AT);
		Message own = new Message(3, "ann", "own", AT);

		this.page.onCreated(new MessagesCreated(List.of(own), List.of(one, own)));
		assertThat(texts(this.page.fromMemory(10))).containsExactly("one", "own");

		this.page.received(List.of(notYetCommitted));
		assertThat(texts(this.page.fromMemory(10))).containsExactly("one", notYetCommitted.text(), "own");
	}

	@Test
	void anOwnAppendWhoseReadDoesNotReachThePagesNewestMakesThePageReadTheStoreAgain() {
		append("one");
		this.page.newest(10);
		appendBehindTheStoresBack("missed");

		Appended own = this.store.append(List.of(draft("own")), 1);
		this.page.onCreated(new MessagesCreated(own.stored(), own.page()));

		assertThat(this.page.fromMemory(10)).as("what lies between is unknown").isNull();
		assertThat(counted("synergychat.newest.page.drops", "append")).isEqualTo(1);
		assertThat(texts(this.page.newest(10))).containsExactly("one", "missed", "own");
	}

	@Test
	void aMessageCommittedBeforeANewerOneButArrivingAfterItTakesItsPlaceInIdOrder() {
		append("one");
		this.page.newest(10);
		Message earlier = appendBehindTheStoresBack("earlier id");
		Message later = appendBehindTheStoresBack("later id");
		this.page.received(List.of(later));
		// Rebuilt as if the earlier one were not yet committed when the store was read.
		this.page.drop();
		this.page.newest(10);

		this.page.received(List.of(earlier));

		assertThat(texts(this.page.newest(10))).containsExactly("one", "earlier id", "later id");
		assertThat(this.page.newest(10).json()).isEqualTo(this.json.writeValueAsBytes(this.store.page(10, null)));
	}

	@Test
	void theNewestPageKeepsFiveHundredAndPagesOfAnyLimitAreTheStores() {
		for (int i = 0; i < 520; i++) {
			append("m" + i);
		}
		this.page.newest(1);
		for (int i = 520; i < 530; i++) {
			Appended appended = this.store.append(List.of(draft("m" + i)), 1);
			this.page.onCreated(new MessagesCreated(appended.stored(), appended.page()));
		}

		for (int limit : List.of(1, 100, 499, 500)) {
			assertThat(this.page.newest(limit).json()).as("limit " + limit)
				.isEqualTo(this.json.writeValueAsBytes(this.store.page(limit, null)));
		}
	}

	@Test
	void whileTheFanOutIsNotLiveEveryPageIsReadFromTheStore() {
		AtomicBoolean live = new AtomicBoolean(true);
		this.page.dependOn(live::get);
		append("one");
		this.page.newest(10);

		live.set(false);
		this.page.drop();
		appendBehindTheStoresBack("posted on another replica");

		assertThat(texts(this.page.newest(10))).containsExactly("one", "posted on another replica");
		appendBehindTheStoresBack("and another");
		assertThat(texts(this.page.newest(10))).containsExactly("one", "posted on another replica", "and another");

		live.set(true);
		this.page.newest(10);
		appendBehindTheStoresBack("missed while live again");
		this.page.verify();
		assertThat(texts(this.page.newest(10))).endsWith("and another", "missed while live again");
	}

	@Test
	void theCheckAgainstTheStoreFindsAMessageWhoseFanOutWasLost() {
		append("one");
		this.page.newest(10);
		appendBehindTheStoresBack("fan-out lost");

		assertThat(texts(this.page.newest(10))).as("not yet noticed").containsExactly("one");
		this.page.verify();
		assertThat(counted("synergychat.newest.page.drops", "check")).isEqualTo(1);

		assertThat(texts(this.page.newest(10))).containsExactly("one", "fan-out lost");
	}

	@Test
	void theCheckKeepsThePageWhenAMessageItFoundMissingArrivesThroughTheFanOutWithinTheGrace() {
		List<Message> onItsWay = new ArrayList<>();
		AtomicReference<NewestPage> underCheck = new AtomicReference<>();
		NewestPage withFanOutDuringTheGrace = new NewestPage(this.store, this.json, this.meters,
				() -> underCheck.get().received(onItsWay));
		underCheck.set(withFanOutDuringTheGrace);
		append("one");
		withFanOutDuringTheGrace.newest(10);
		onItsWay.add(appendBehindTheStoresBack("committed just before the check, fan-out on its way"));

		withFanOutDuringTheGrace.verify();

		assertThat(counted("synergychat.newest.page.drops", "check")).isZero();
		assertThat(texts(withFanOutDuringTheGrace.fromMemory(10))).containsExactly("one",
				"committed just before the check, fan-out on its way");
	}

	@Test
	void theCheckDropsThePageWhenAMessageItFoundMissingIsStillMissingAfterTheGrace() {
		List<String> graces = new ArrayList<>();
		NewestPage withoutFanOut = new NewestPage(this.store, this.json, this.meters, () -> graces.add("waited"));
		append("one");
		withoutFanOut.newest(10);
		withoutFanOut.verify();
		assertThat(graces).as("nothing missing, nothing to wait for").isEmpty();
		appendBehindTheStoresBack("fan-out lost");

		withoutFanOut.verify();

		assertThat(graces).containsExactly("waited");
		assertThat(counted("synergychat.newest.page.drops", "check")).isEqualTo(1);
		assertThat(withoutFanOut.fromMemory(10)).isNull();
	}

	@Test
	void theCheckAgainstTheStoreFindsAStoreThatStartedAgainEmpty() {
		MemoryMessageStore[] current = { this.store };
		NewestPage onSwappableStore = pageOfAStoreThatStartsOver(current);
		onSwappableStore.verify();

		assertThat(texts(onSwappableStore.newest(10))).isEmpty();
	}

	@Test
	void anOwnPostWhoseIdIsKeptWithOtherContentShowsAtOnceAfterTheStoreStartedOver() {
		MemoryMessageStore[] current = { this.store };
		NewestPage onSwappableStore = pageOfAStoreThatStartsOver(current);
		Appended fresh = current[0].append(List.of(draft("first after the reset")), 10);
		onSwappableStore.onCreated(new MessagesCreated(fresh.stored(), fresh.page()));

		assertThat(fresh.stored().getFirst().id()).isEqualTo(1);
		assertThat(texts(onSwappableStore.newest(10))).containsExactly("first after the reset");
		assertThat(counted("synergychat.newest.page.drops", "append")).isEqualTo(1);
	}

	@Test
	void aFanOutMessageWhoseIdIsKeptWithOtherContentMakesThePageReadTheStoreAgain() {
		MemoryMessageStore[] current = { this.store };
		NewestPage onSwappableStore = pageOfAStoreThatStartsOver(current);
		Message fromAnotherReplica = current[0].append(List.of(draft("another replica's, after the reset")), 10)
			.stored()
			.getFirst();
		onSwappableStore.received(List.of(fromAnotherReplica));

		assertThat(counted("synergychat.newest.page.drops", "conflict")).isEqualTo(1);
		assertThat(texts(onSwappableStore.newest(10))).containsExactly("another replica's, after the reset");
	}

	@Test
	void aStoreThatCannotBeReadDropsThePageSoTheFailureIsAnswered() {
		FailingStore failing = new FailingStore(this.store);
		NewestPage onFailingStore = new NewestPage(failing, this.json, this.meters);
		append("one");
		onFailingStore.newest(10);

		failing.down = true;
		onFailingStore.verify();
		onFailingStore.drop();
		assertThat(counted("synergychat.newest.page.drops", "outage")).as("a page already dropped counts once")
			.isEqualTo(1);

		assertThat(catchThrowable(() -> onFailingStore.newest(10)))
			.isInstanceOf(MessageStoreUnavailableException.class);
		failing.down = false;
		assertThat(texts(onFailingStore.newest(10))).containsExactly("one");
	}

	@Test
	void pageReadsThatFindARebuildUnderWayWaitForItInsteadOfEachReadingTheStore() throws InterruptedException {
		GatedStore gated = new GatedStore(this.store, false);
		NewestPage onGatedStore = new NewestPage(gated, this.json, this.meters);
		append("one", "two");

		List<Object> answers = readAtOnce(onGatedStore, gated, 16);

		assertThat(gated.reads).as("one read of the store for all 17 page reads").hasValue(1);
		assertThat(answers).hasSize(17)
			.allSatisfy((answer) -> assertThat(texts((RenderedPage) answer)).containsExactly("one", "two"));
		assertThat(this.meters.get("synergychat.newest.page.rebuilds").counter().count()).isEqualTo(1);
	}

	@Test
	void pageReadsThatWaitedForARebuildThatFailedReadTheStoreThemselves() throws InterruptedException {
		GatedStore gated = new GatedStore(this.store, true);
		NewestPage onGatedStore = new NewestPage(gated, this.json, this.meters);
		append("one");

		List<Object> answers = readAtOnce(onGatedStore, gated, 4);

		assertThat(answers.getFirst()).as("the rebuild's own read").isInstanceOf(MessageStoreUnavailableException.class);
		assertThat(answers.subList(1, answers.size())).hasSize(4)
			.allSatisfy((answer) -> assertThat(texts((RenderedPage) answer)).containsExactly("one"));
		assertThat(gated.reads).as("the failed rebuild, then one read each").hasValue(5);
		assertThat(onGatedStore.fromMemory(10)).as("no window from reads that are not rebuilds").isNull();
	}

	/**
	 * One page read that starts a rebuild and stops in the store's read, then {@code waiting} more that find it under
	 * way; once they all wait, the store is let go. Returns what each read answered (a page or what it threw), the
	 * rebuild's first.
	 */
	private static List<Object> readAtOnce(NewestPage page, GatedStore gated, int waiting) throws InterruptedException {
		Object[] answers = new Object[waiting + 1];
		List<Thread> readers = new ArrayList<>();
		for (int i = 0; i <= waiting; i++) {
			int index = i;
			readers.add(Thread.ofPlatform().daemon().name("reader-" + i).unstarted(() -> {
				try {
					answers[index] = page.newest(10);
				}
				catch (RuntimeException ex) {
					answers[index] = ex;
				}
			}));
		}
		readers.getFirst().start();
		assertThat(gated.entered.await(10, TimeUnit.SECONDS)).as("the rebuild reads the store").isTrue();
		readers.subList(1, readers.size()).forEach(Thread::start);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!readers.stream().allMatch((reader) -> reader.getState() == Thread.State.WAITING)) {
			assertThat(System.nanoTime()).as("every reader waits").isLessThan(deadline);
			Thread.sleep(5);
		}
		gated.open.countDown();
		for (Thread reader : readers) {
			reader.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(reader.isAlive()).as(reader.getName() + " answered").isFalse();
		}
		return List.of(answers);
	}

	/**
	 * A page built on two messages of the store in {@code current}, which is then replaced by an empty one, as a
	 * database restored or started again empty.
	 */
	private NewestPage pageOfAStoreThatStartsOver(MemoryMessageStore[] current) {
		NewestPage onSwappableStore = new NewestPage(new DelegatingStore(current), this.json, this.meters);
		append("old one", "old two");
		onSwappableStore.newest(10);
		current[0] = new MemoryMessageStore();
		return onSwappableStore;
	}

	private double counted(String name, String cause) {
		return this.meters.get(name).tag("cause", cause).counter().count();
	}

	private void append(String... texts) {
		for (String text : texts) {
			Appended appended = this.store.append(List.of(draft(text)), 1);
			this.page.onCreated(new MessagesCreated(appended.stored(), appended.page()));
		}
	}

	private Message appendBehindTheStoresBack(String text) {
		return this.store.append(List.of(draft(text)), 1).stored().getFirst();
	}

	private static MessageDraft draft(String text) {
		return new MessageDraft("ann", text, AT);
	}

	private List<String> texts(RenderedPage rendered) {
		return List.of(this.json.readValue(rendered.json(), Message[].class)).stream().map(Message::text).toList();
	}

	private record DelegatingStore(MemoryMessageStore[] current) implements MessageStore {

		@Override
		public Appended append(List<MessageDraft> drafts, int pageLimit) {
			return this.current[0].append(drafts, pageLimit);
		}

		@Override
		public List<Message> page(int limit, Long before) {
			return this.current[0].page(limit, before);
		}

		@Override
		public List<Message> after(long id, int limit) {
			return this.current[0].after(id, limit);
		}

		@Override
		public String description() {
			return "swappable";
		}

		@Override
		public void check() {
		}

	}

	/**
	 * A store whose page reads wait until {@link #open} is counted down, the first one failing when {@code failFirst}.
	 */
	private static final class GatedStore extends MemoryMessageStore {

		private final MemoryMessageStore delegate;

		private final boolean failFirst;

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch open = new CountDownLatch(1);

		final AtomicInteger reads = new AtomicInteger();

		GatedStore(MemoryMessageStore delegate, boolean failFirst) {
			this.delegate = delegate;
			this.failFirst = failFirst;
		}

		@Override
		public List<Message> page(int limit, Long before) {
			int read = this.reads.incrementAndGet();
			this.entered.countDown();
			try {
				this.open.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (this.failFirst && read == 1) {
				throw new MessageStoreUnavailableException("down for the test", null);
			}
			return this.delegate.page(limit, before);
		}

	}

	private static final class FailingStore extends MemoryMessageStore {

		private final MemoryMessageStore delegate;

		volatile boolean down;

		FailingStore(MemoryMessageStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public List<Message> page(int limit, Long before) {
			if (this.down) {
				throw new MessageStoreUnavailableException("down for the test", null);
			}
			return this.delegate.page(limit, before);
		}

	}

}
