package dev.synergychat.crawler.crawl;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The crawler's domain metrics, scraped from {@code /metrics} on the management port (Prometheus names in
 * brackets, all with the project's {@code synergychat_} prefix): books counted and stored by this replica
 * ({@code synergychat_crawler_books_crawled_total}) and when the last one was
 * ({@code synergychat_crawler_last_success_timestamp_seconds}), books given up by reason
 * ({@code synergychat_crawler_books_unavailable_total}), books only partly counted because of the size cap
 * ({@code synergychat_crawler_books_truncated_total}), list pages read ({@code synergychat_crawler_pages_fetched_total}),
 * retried reads ({@code synergychat_crawler_fetch_retries_total}), failures by stage
 * ({@code synergychat_crawler_crawl_errors_total}), whether crawling is paused because the store is unreachable
 * ({@code synergychat_crawler_crawl_paused}), whether the catalogue is done and the crawler waits for the next pass
 * ({@code synergychat_crawler_waiting_for_next_pass}) and how many books the list says it holds
 * ({@code synergychat_crawler_catalogue_books}, absent until a list page that gives a count has been read).
 */
class CrawlMetrics {

	static final String PAGE = "page";

	static final String BOOK = "book";

	static final String STORE = "store";

	static final String LOOP = "loop";

	static final String NO_PLAIN_TEXT = "no-plain-text";

	static final String FETCH_FAILED = "fetch-failed";

	private final MeterRegistry registry;

	private final Counter crawled;

	private final Counter truncated;

	private final Counter pages;

	private final Counter retries;

	private final AtomicInteger paused;

	private final AtomicInteger waiting;

	private final AtomicLong lastSuccess;

	private final AtomicLong catalogueBooks;

	CrawlMetrics(MeterRegistry registry) {
		this.registry = registry;
		// Registered up front so every series exists at 0 and rate() works from the first scrape.
		for (String stage : new String[] { PAGE, BOOK, STORE, LOOP }) {
			errorCounter(stage);
		}
		for (String reason : new String[] { NO_PLAIN_TEXT, FETCH_FAILED }) {
			unavailableCounter(reason);
		}
		this.crawled = Counter.builder("synergychat.crawler.books.crawled")
			.description("Books counted and stored by this replica")
			.register(registry);
		this.truncated = Counter.builder("synergychat.crawler.books.truncated")
			.description("Books longer than the size cap, of which only the beginning was counted")
			.register(registry);
		this.pages = Counter.builder("synergychat.crawler.pages.fetched")
			.description("Book list pages read")
			.register(registry);
		this.retries = Counter.builder("synergychat.crawler.fetch.retries")
			.description("Reads from the book server that failed and were tried again")
			.register(registry);
		this.paused = new AtomicInteger();
		Gauge.builder("synergychat.crawler.crawl.paused", this.paused, AtomicInteger::get)
			.description("1 while crawling is paused because the store cannot be reached")
			.register(registry);
		this.waiting = new AtomicInteger();
		Gauge.builder("synergychat.crawler.waiting.for.next.pass", this.waiting, AtomicInteger::get)
			.description("1 while the whole catalogue is done and the next pass has not started yet")
			.register(registry);
		// 0 until the first book of this process: an alert on its age then sees a very old success.
		this.lastSuccess = new AtomicLong();
		Gauge.builder("synergychat.crawler.last.success.timestamp", this.lastSuccess, AtomicLong::get)
			.description("When this replica last counted and stored a book, in seconds since the epoch")
			.baseUnit("seconds")
			.register(registry);
		this.catalogueBooks = new AtomicLong(-1);
		Gauge.builder("synergychat.crawler.catalogue.books", this.catalogueBooks,
				(books) -> (books.get() < 0) ? Double.NaN : books.get())
			.description("How many books the book list says it holds, as of the last page read")
			.register(registry);
	}

	void crawled() {
		this.crawled.increment();
		this.lastSuccess.set(Instant.now().getEpochSecond());
	}

	void waitingForNextPass(boolean waiting) {
		this.waiting.set(waiting ? 1 : 0);
	}

	void catalogueBooks(long books) {
		this.catalogueBooks.set(books);
	}

	void truncated() {
		this.truncated.increment();
	}

	void pageFetched() {
		this.pages.increment();
	}

	void retried() {
		this.retries.increment();
	}

	void unavailable(String reason) {
		unavailableCounter(reason).increment();
	}

	void error(String stage) {
		errorCounter(stage).increment();
	}

	void paused(boolean paused) {
		this.paused.set(paused ? 1 : 0);
	}

	private Counter unavailableCounter(String reason) {
		return Counter.builder("synergychat.crawler.books.unavailable")
			.description("Books given up for this pass: no plain text, or every try failed")
			.tag("reason", reason)
			.register(this.registry);
	}

	private Counter errorCounter(String stage) {
		return Counter.builder("synergychat.crawler.crawl.errors")
			.description("Failures of the crawl loop by stage; the loop carries on after each")
			.tag("stage", stage)
			.register(this.registry);
	}

}
