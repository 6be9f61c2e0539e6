package dev.synergychat.crawler.crawl;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.synergychat.crawler.store.BookCounts;
import dev.synergychat.crawler.store.CrawlStore;
import dev.synergychat.crawler.store.Cursor;
import dev.synergychat.crawler.store.MemoryCrawlStore;
import dev.synergychat.testsupport.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One crawl step at a time against the memory store and a catalogue held in memory: no thread, no sleeping, no
 * server. The clock stands still unless a test moves it.
 */
class CrawlStepTest {

	private static final URI PAGE_1 = URI.create("https://books.test/books/?page=1");

	private static final URI PAGE_2 = URI.create("https://books.test/books/?page=2");

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final Duration REVISIT_AFTER = Duration.ofSeconds(30);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(7);

	private final TestClock clock = TestClock.at(NOW);

	private final FakeCatalogue catalogue = new FakeCatalogue();

	private final HeldByOthers store = new HeldByOthers(new MemoryCrawlStore());

	private final CrawlStep step = new CrawlStep(this.store, this.catalogue, new CrawlMetrics(new SimpleMeterRegistry()),
			new CrawlSettings(PAGE_1, List.of("love", "war"), Duration.ZERO, REVISIT_AFTER, Duration.ofMillis(1),
					MAX_BACKOFF),
			this.clock);

	@Test
	void countsEveryBookOfThePageAndMovesTheCursorToTheNextPage() throws Exception {
		this.catalogue.page(PAGE_1, "?page=2", book(1, "Emma"), book(2, "Persuasion"));
		this.catalogue.text(1, Map.of("love", 3L, "war", 0L), false);
		this.catalogue.text(2, Map.of("love", 5L, "war", 1L), false);

		assertThat(this.step.next()).isEqualTo(Duration.ZERO);

		assertThat(this.store.all()).containsExactlyInAnyOrder(
				new BookCounts(1, "Emma", Map.of("love", 3L, "war", 0L)),
				new BookCounts(2, "Persuasion", Map.of("love", 5L, "war", 1L)));
		assertThat(cursor()).isEqualTo(new Cursor(1, PAGE_2, Instant.EPOCH));
		assertThat(this.catalogue.keywordsAsked).containsOnly(List.of("love", "war"));
	}

	@Test
	void afterTheLastPageTheNextPassStartsOnTheFirstPageAfterThePause() throws Exception {
		this.catalogue.page(PAGE_1, null, book(1, "Emma"));
		this.catalogue.text(1, Map.of("love", 3L), false);

		assertThat(this.step.next()).isEqualTo(Duration.ZERO);
		assertThat(cursor()).isEqualTo(new Cursor(2, PAGE_1, NOW.plus(REVISIT_AFTER)));

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.step.next()).as("the rest of the pause").isEqualTo(Duration.ofSeconds(20));
		assertThat(this.catalogue.reads).containsExactly(PAGE_1, textOf(1));
	}

	@Test
	void aLongPauseBetweenPassesIsWaitedInSlicesSoAMovedCursorIsNoticed() throws Exception {
		this.store.advance(this.store.cursorOr(Cursor.start(PAGE_1)), new Cursor(2, PAGE_1, NOW.plus(Duration.ofHours(6))));

		assertThat(this.step.next()).isEqualTo(CrawlStep.IDLE_POLL);
		assertThat(this.catalogue.reads).isEmpty();
	}

	@Test
	void aLaterPassCountsOnlyNewBooksAndTriesGivenUpBooksAgain() throws Exception {
		this.catalogue.page(PAGE_1, null, book(1, "Emma"), book(2, "Persuasion"));
		this.catalogue.text(1, Map.of("love", 3L), false);
		this.catalogue.failText(2);
		this.step.next();

		this.clock.advance(REVISIT_AFTER);
		this.catalogue.page(PAGE_1, null, book(1, "Emma"), book(2, "Persuasion"), book(3, "Sanditon"));
		this.catalogue.text(2, Map.of("love", 5L), false);
		this.catalogue.text(3, Map.of("love", 0L), false);
		this.catalogue.reads.clear();

		assertThat(this.step.next()).isEqualTo(Duration.ZERO);

		assertThat(this.catalogue.reads).containsExactly(PAGE_1, textOf(2), textOf(3));
		assertThat(this.store.all()).extracting(BookCounts::id).containsExactlyInAnyOrder(1L, 2L, 3L);
		assertThat(cursor()).isEqualTo(new Cursor(3, PAGE_1, NOW.plus(REVISIT_AFTER).plus(REVISIT_AFTER)));
	}

	@Test
	void aBookThatCannotBeReadIsGivenUpForThisPassAndThePageStillFinishes() throws Exception {
		this.catalogue.page(PAGE_1, "?page=2", book(1, "Emma"), book(2, "Persuasion"));
		this.catalogue.failText(1);
		this.catalogue.text(2, Map.of("love", 5L), false);

		assertThat(this.step.next()).isEqualTo(Duration.ZERO);

		assertThat(this.store.all()).extracting(BookCounts::id).containsExactly(2L);
		assertThat(this.store.settled(List.of(1L, 2L))).containsExactlyInAnyOrder(1L, 2L);
		assertThat(cursor().page()).isEqualTo(PAGE_2);
	}

	@Test
	void aBookWithoutPlainTextIsGivenUpWithoutAReadAndTheStepGoesOn() throws Exception {
		this.catalogue.page(PAGE_1, "?page=2",
				new CataloguePage.Book(1, "Emma", Map.of("application/epub+zip", "https://books.test/1.epub")),
				book(2, "Persuasion"));
		this.catalogue.text(2, Map.of("love", 5L), false);

		assertThat(this.step.next()).isEqualTo(Duration.ZERO);

		assertThat(this.catalogue.reads).containsExactly(PAGE_1, textOf(2));
		assertThat(this.store.settled(List.of(1L))).containsExactly(1L);
		assertThat(cursor().page()).isEqualTo(PAGE_2);
	}

	@Test
	void anUnreadablePageKeepsTheCursorAndWaitsTheLongestBackoff() throws Exception {
		assertThat(this.step.next()).isEqualTo(MAX_BACKOFF);

		assertThat(cursor()).isEqualTo(Cursor.start(PAGE_1));
		assertThat(this.catalogue.reads).containsExactly(PAGE_1);
	}

	@Test
	void aPageWhoseBooksOtherReplicasHoldWaitsForThemWithoutReadingThePageAgain() throws Exception {
		this.catalogue.page(PAGE_1, "?page=2", book(1, "Emma"), book(2, "Persuasion"));
		this.catalogue.text(1, Map.of("love", 3L), false);
		this.store.heldElsewhere.add(2L);

		assertThat(this.step.next()).isEqualTo(CrawlStep.CLAIM_POLL);
		assertThat(cursor()).isEqualTo(Cursor.start(PAGE_1));

		this.store.save(new BookCounts(2, "Persuasion", Map.of("love", 5L)));
		assertThat(this.step.next()).isEqualTo(Duration.ZERO);

		assertThat(cursor().page()).isEqualTo(PAGE_2);
		assertThat(this.catalogue.reads).containsExactly(PAGE_1, textOf(1));
	}

	@Test
	void anUnusableNextLinkEndsThePass() throws Exception {
		this.catalogue.page(PAGE_1, "https://[broken", book(1, "Emma"));
		this.catalogue.text(1, Map.of("love", 3L), false);

		assertThat(this.step.next()).isEqualTo(Duration.ZERO);

		assertThat(cursor()).isEqualTo(new Cursor(2, PAGE_1, NOW.plus(REVISIT_AFTER)));
	}

	@Test
	void stoppingWhileABookIsCountedReleasesItsClaim() throws Exception {
		this.catalogue.page(PAGE_1, "?page=2", book(1, "Emma"));
		this.catalogue.interruptText(1);

		assertThatExceptionOfType(InterruptedException.class).isThrownBy(this.step::next);

		assertThat(this.store.released).containsExactly(1L);
		assertThat(this.store.settled(List.of(1L))).isEmpty();
		assertThat(cursor()).isEqualTo(Cursor.start(PAGE_1));
	}

	private Cursor cursor() {
		return this.store.cursorOr(new Cursor(99, URI.create("https://nowhere.test/"), Instant.EPOCH));
	}

	private static CataloguePage.Book book(long id, String title) {
		return new CataloguePage.Book(id, title, Map.of("text/plain; charset=utf-8", textOf(id).toString()));
	}

	private static URI textOf(long id) {
		return URI.create("https://books.test/files/" + id + ".txt");
	}

	/** Pages and texts held in memory; a page or text it was not given cannot be read. */
	private static final class FakeCatalogue implements Catalogue {

		private final Map<URI, CataloguePage> pages = new HashMap<>();

		private final Map<URI, CountedText> texts = new HashMap<>();

		private final Set<URI> interrupting = new HashSet<>();

		final List<URI> reads = new ArrayList<>();

		final List<List<String>> keywordsAsked = new ArrayList<>();

		void page(URI uri, String next, CataloguePage.Book... books) {
			this.pages.put(uri, new CataloguePage((long) this.pages.size(), next, List.of(books)));
		}

		void text(long bookId, Map<String, Long> counts, boolean truncated) {
			this.texts.put(textOf(bookId), new CountedText(counts, truncated));
		}

		void failText(long bookId) {
			this.texts.remove(textOf(bookId));
		}

		void interruptText(long bookId) {
			this.interrupting.add(textOf(bookId));
		}

		@Override
		public CataloguePage page(URI uri) throws IOException {
			this.reads.add(uri);
			CataloguePage page = this.pages.get(uri);
			if (page == null) {
				throw new IOException("no page " + uri);
			}
			return page;
		}

		@Override
		public CountedText count(PlainTextLink link, List<String> keywords) throws IOException, InterruptedException {
			this.reads.add(link.uri());
			this.keywordsAsked.add(keywords);
			if (this.interrupting.contains(link.uri())) {
				throw new InterruptedException("stopped while reading " + link.uri());
			}
			CountedText text = this.texts.get(link.uri());
			if (text == null) {
				throw new IOException("no text " + link.uri());
			}
			return text;
		}

	}

	/**
	 * The memory store as one replica of several sees it: books that another replica has claimed cannot be claimed
	 * here until that replica settles them. Releases are recorded, which the memory store does not do.
	 */
	private static final class HeldByOthers implements CrawlStore {

		private final CrawlStore memory;

		final Set<Long> heldElsewhere = new HashSet<>();

		final List<Long> released = new ArrayList<>();

		HeldByOthers(CrawlStore memory) {
			this.memory = memory;
		}

		@Override
		public Cursor cursorOr(Cursor initial) {
			return this.memory.cursorOr(initial);
		}

		@Override
		public boolean advance(Cursor expected, Cursor next) {
			return this.memory.advance(expected, next);
		}

		@Override
		public boolean claim(long bookId) {
			return !this.heldElsewhere.contains(bookId) && this.memory.claim(bookId);
		}

		@Override
		public void save(BookCounts counts) {
			this.heldElsewhere.remove(counts.id());
			this.memory.save(counts);
		}

		@Override
		public void giveUp(long bookId) {
			this.memory.giveUp(bookId);
		}

		@Override
		public void release(long bookId) {
			this.released.add(bookId);
			this.memory.release(bookId);
		}

		@Override
		public Set<Long> settled(Collection<Long> bookIds) {
			return this.memory.settled(bookIds);
		}

		@Override
		public List<BookCounts> all() {
			return this.memory.all();
		}

		@Override
		public String describe() {
			return "memory, shared with other replicas";
		}

	}

}
