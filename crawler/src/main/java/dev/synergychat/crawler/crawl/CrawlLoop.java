package dev.synergychat.crawler.crawl;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.synergychat.crawler.store.BookCounts;
import dev.synergychat.crawler.store.CrawlStore;
import dev.synergychat.crawler.store.Cursor;
import dev.synergychat.crawler.store.StoreUnavailableException;

/**
 * The crawl, on one background thread from start to shutdown. Each step reads the cursor from the store,
 * counts every book on that page this replica can claim, and moves the cursor on once every book of the page
 * is settled, by this replica or another. After the last page the cursor returns to the first one with a
 * pause, so later passes pick up new books (counted books are never fetched again). Nothing that goes wrong
 * ends the loop: a failing book is given up until the next pass, a failing page is tried again after a pause,
 * and an unreachable store pauses crawling until it is back. Only an {@link Error} (a bug or a broken JVM, which
 * no retry mends) ends the loop; {@link #death()} then says so, and liveness turns DOWN so the orchestrator
 * restarts the process instead of keeping a crawler that answers {@code /stats} but no longer crawls.
 */
class CrawlLoop implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(CrawlLoop.class);

	/** How often to look again at a page whose last books other replicas are still counting. */
	private static final Duration CLAIM_POLL = Duration.ofSeconds(1);

	/**
	 * Longest pause between attempts to reach an unreachable store. Shorter than the book server's backoff:
	 * the store is our own, asking it costs nothing, and crawling should resume soon after it is back.
	 */
	private static final Duration MAX_STORE_BACKOFF = Duration.ofSeconds(10);

	/** Longest sleep before the cursor is read again, so a cursor moved by another replica is noticed. */
	private static final Duration IDLE_POLL = Duration.ofMinutes(1);

	private final CrawlStore store;

	private final Fetcher fetcher;

	private final CrawlMetrics metrics;

	private final Settings settings;

	private volatile Thread thread;

	private volatile Error death;

	private Cursor cachedCursor;

	private CataloguePage cachedPage;

	CrawlLoop(CrawlStore store, Fetcher fetcher, CrawlMetrics metrics, Settings settings) {
		this.store = store;
		this.fetcher = fetcher;
		this.metrics = metrics;
		this.settings = settings;
	}

	@Override
	public void start() {
		logger.info("Crawling {} into {}, counting {}, pausing {} after each book",
				this.settings.firstPage(), this.store.describe(), this.settings.keywords(), this.settings.delay());
		this.thread = Thread.ofVirtual().name("crawl-loop").start(this::runOrReportDeath);
	}

	@Override
	public void stop() {
		Thread running = this.thread;
		this.thread = null;
		if (running != null) {
			running.interrupt();
			try {
				running.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	private void runOrReportDeath() {
		try {
			run();
		}
		catch (Error ex) {
			this.death = ex;
			this.metrics.error(CrawlMetrics.LOOP);
			logger.error("The crawl loop has died; liveness is now DOWN so that the process is restarted", ex);
		}
	}

	/**
	 * The Error that ended the loop, if one did. A state rather than a LivenessState event: an event published
	 * while the application is still starting would be overwritten by Spring Boot's own CORRECT.
	 */
	Optional<Error> death() {
		return Optional.ofNullable(this.death);
	}

	private void run() {
		Duration storeBackoff = this.settings.initialBackoff();
		boolean paused = false;
		while (!Thread.currentThread().isInterrupted()) {
			try {
				step();
				if (paused) {
					logger.info("{} is reachable again; crawling resumes", this.store.describe());
					paused = false;
					this.metrics.paused(false);
				}
				storeBackoff = this.settings.initialBackoff();
			}
			catch (StoreUnavailableException ex) {
				this.metrics.error(CrawlMetrics.STORE);
				if (!paused) {
					logger.warn("Crawling paused: {}", ex.getMessage());
					paused = true;
					this.metrics.paused(true);
				}
				if (!sleep(storeBackoff)) {
					return;
				}
				storeBackoff = min(storeBackoff.multipliedBy(2), min(this.settings.maxBackoff(), MAX_STORE_BACKOFF));
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				this.metrics.error(CrawlMetrics.LOOP);
				logger.error("Crawl step failed; trying again in {}", this.settings.maxBackoff(), ex);
				if (!sleep(this.settings.maxBackoff())) {
					return;
				}
			}
		}
	}

	private void step() throws InterruptedException {
		Cursor cursor = this.store.cursorOr(Cursor.start(this.settings.firstPage()));
		Duration untilStart = Duration.between(Instant.now(), cursor.notBefore());
		this.metrics.waitingForNextPass(untilStart.isPositive());
		if (untilStart.isPositive()) {
			Thread.sleep(min(untilStart, IDLE_POLL));
			return;
		}
		Optional<CataloguePage> page = page(cursor);
		if (page.isEmpty()) {
			Thread.sleep(this.settings.maxBackoff());
			return;
		}
		List<CataloguePage.Book> books = page.get().results();
		for (CataloguePage.Book book : books) {
			if (this.store.claim(book.id())) {
				crawl(book, cursor.page());
			}
		}
		List<Long> ids = books.stream().map(CataloguePage.Book::id).toList();
		if (this.store.settled(ids).size() < ids.size()) {
			Thread.sleep(CLAIM_POLL);
			return;
		}
		advance(cursor, page.get());
	}

	private Optional<CataloguePage> page(Cursor cursor) throws InterruptedException {
		if (cursor.equals(this.cachedCursor)) {
			return Optional.of(this.cachedPage);
		}
		try {
			CataloguePage page = this.fetcher.page(cursor.page());
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
			Fetcher.CountedText text = this.fetcher.count(link.get(), this.settings.keywords());
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
					Instant.now().plus(this.settings.revisitAfter())));
		if (this.store.advance(cursor, next) && next.pass() != cursor.pass()) {
			logger.info("Finished pass {} over the book list; the next pass starts at {}", cursor.pass(),
					next.notBefore());
		}
	}

	private static Optional<URI> nextPage(URI current, CataloguePage page) {
		if (page.next() == null || page.next().isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(current.resolve(page.next().strip()));
		}
		catch (IllegalArgumentException ex) {
			logger.warn("The book list page {} links to an unusable next page \"{}\"; treating it as the last page",
					current, page.next());
			return Optional.empty();
		}
	}

	private static boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration);
			return true;
		}
		catch (InterruptedException ex) {
			return false;
		}
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	/**
	 * What the loop needs from configuration, already resolved.
	 *
	 * @param firstPage the first list page
	 * @param keywords lower-case keywords to count
	 * @param delay pause after each book read (zero for the sample library)
	 * @param revisitAfter pause between the end of one pass and the start of the next
	 * @param initialBackoff first pause while the store is unreachable
	 * @param maxBackoff longest pause while the list is unreachable, and the store (at most 10 s)
	 */
	record Settings(URI firstPage, List<String> keywords, Duration delay, Duration revisitAfter,
			Duration initialBackoff, Duration maxBackoff) {
	}

}
