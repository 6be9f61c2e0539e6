package dev.synergychat.crawler.crawl;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synergychat.crawler.store.BookCounts;
import dev.synergychat.crawler.store.CrawlStore;
import dev.synergychat.crawler.store.Cursor;
import dev.synergychat.crawler.store.StoreUnavailableException;

/**
 * One step of the crawl, on the page the cursor points at: count every book of the page this replica can claim,
 * and move the cursor on once every book of the page is settled, by this replica or another. After the last page
 * the cursor returns to the first one with a pause, so later passes pick up new books (counted books are never
 * fetched again). A failing book is given up until the next pass. The step does not wait itself: it says how long
 * the {@link CrawlLoop} should wait before the next one, so the step runs in a unit test without sleeping.
 * An unreachable store is left to the loop as a {@link StoreUnavailableException}.
 */
class CrawlStep {

	private static final Logger logger = LoggerFactory.getLogger(CrawlStep.class);

	/** How often to look again at a page whose last books other replicas are still counting. */
	static final Duration CLAIM_POLL = Duration.ofSeconds(1);

	/** Longest wait before the cursor is read again, so a cursor moved by another replica is noticed. */
	static final Duration IDLE_POLL = Duration.ofMinutes(1);

	private final CrawlStore store;

	private final Catalogue catalogue;

	private final CrawlMetrics metrics;

	private final CrawlSettings settings;

	private final Clock clock;

	/** The last page read and the cursor it was read for: a page whose books are still out is not read again. */
	private @Nullable Cursor cachedCursor;

	private @Nullable CataloguePage cachedPage;

	CrawlStep(CrawlStore store, Catalogue catalogue, CrawlMetrics metrics, CrawlSettings settings, Clock clock) {
		this.store = store;
		this.catalogue = catalogue;
		this.metrics = metrics;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Works on the cursor's page once.
	 * @return how long to wait before the next step: zero after the cursor moved on, else until the next pass
	 * starts (at most {@link #IDLE_POLL}), until the list may be readable again, or until other replicas may have
	 * settled their books of the page ({@link #CLAIM_POLL})
	 * @throws InterruptedException when stopped; a book being counted is released first
	 */
	Duration next() throws InterruptedException {
		Cursor cursor = this.store.cursorOr(Cursor.start(this.settings.firstPage()));
		Duration untilStart = Duration.between(this.clock.instant(), cursor.notBefore());
		this.metrics.waitingForNextPass(untilStart.isPositive());
		if (untilStart.isPositive()) {
			return min(untilStart, IDLE_POLL);
		}
		Optional<CataloguePage> page = page(cursor);
		if (page.isEmpty()) {
			return this.settings.maxBackoff();
		}
		List<CataloguePage.Book> books = page.get().results();
		for (CataloguePage.Book book : books) {
			if (this.store.claim(book.id())) {
				crawl(book, cursor.page());
			}
		}
		List<Long> ids = books.stream().map(CataloguePage.Book::id).toList();
		if (this.store.settled(ids).size() < ids.size()) {
			return CLAIM_POLL;
		}
		advance(cursor, page.get());
		return Duration.ZERO;
	}

	private Optional<CataloguePage> page(Cursor cursor) throws InterruptedException {
		if (cursor.equals(this.cachedCursor) && this.cachedPage != null) {
			return Optional.of(this.cachedPage);
		}
		try {
			CataloguePage page = this.catalogue.page(cursor.page());
			this.metrics.pageFetched();
			if (page.count() != null) {
				this.metrics.catalogueBooks(page.count());
			}
			this.cachedCursor = cursor;
			this.cachedPage = page;
			return Optional.of(page);
		}
		catch (IOException ex) {
			this.metrics.error(CrawlMetrics.PAGE);
			logger.warn("Cannot read the book list page {} ({}); trying again in {}", cursor.page(), ex.getMessage(),
					this.settings.maxBackoff());
			return Optional.empty();
		}
	}

	private void crawl(CataloguePage.Book book, URI page) throws InterruptedException {
		Optional<PlainTextLink> link = PlainTextLink.choose(book.formats(), page);
		if (link.isEmpty()) {
			this.store.giveUp(book.id());
			this.metrics.unavailable(CrawlMetrics.NO_PLAIN_TEXT);
			logger.info("Book {} \"{}\" has no plain-text format; skipped", book.id(), book.title());
			return;
		}
		try {
			long started = System.nanoTime();
			Catalogue.CountedText text = this.catalogue.count(link.get(), this.settings.keywords());
			this.store.save(new BookCounts(book.id(), book.title(), text.counts()));
			this.metrics.crawled();
			if (text.truncated()) {
				this.metrics.truncated();
			}
			logger.info("Counted book {} \"{}\" in {} ms{}: {}", book.id(), book.title(),
					Duration.ofNanos(System.nanoTime() - started).toMillis(),
					text.truncated() ? " (only its beginning: it is larger than the size cap)" : "", text.counts());
		}
		catch (IOException ex) {
			this.store.giveUp(book.id());
			this.metrics.error(CrawlMetrics.BOOK);
			this.metrics.unavailable(CrawlMetrics.FETCH_FAILED);
			logger.warn("Giving up book {} \"{}\" until the next pass: {}", book.id(), book.title(), ex.getMessage());
		}
		catch (InterruptedException ex) {
			releaseOnShutdown(book.id());
			throw ex;
		}
		// The pause between books spares a remote server; it is per book, so it stays inside the step.
		if (this.settings.delay().isPositive()) {
			Thread.sleep(this.settings.delay());
		}
	}

	private void releaseOnShutdown(long bookId) {
		try {
			this.store.release(bookId);
		}
		catch (StoreUnavailableException ex) {
			logger.debug("Could not release book {} on shutdown; its claim will expire", bookId, ex);
		}
	}

	private void advance(Cursor cursor, CataloguePage page) {
		Optional<URI> nextPage = nextPage(cursor.page(), page);
		Cursor next = nextPage.map(uri -> new Cursor(cursor.pass(), uri, Instant.EPOCH))
			.orElseGet(() -> new Cursor(cursor.pass() + 1, this.settings.firstPage(),
					this.clock.instant().plus(this.settings.revisitAfter())));
		if (this.store.advance(cursor, next) && next.pass() != cursor.pass()) {
			logger.info("Finished pass {} over the book list; the next pass starts at {}", cursor.pass(),
					next.notBefore());
		}
	}

	private static Optional<URI> nextPage(URI current, CataloguePage page) {
		String next = page.next();
		if (next == null || next.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(current.resolve(next.strip()));
		}
		catch (IllegalArgumentException ex) {
			logger.warn("The book list page {} links to an unusable next page \"{}\"; treating it as the last page",
					current, next);
			return Optional.empty();
		}
	}

	static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

}
