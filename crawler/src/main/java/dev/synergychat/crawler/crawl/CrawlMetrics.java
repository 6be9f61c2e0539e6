package dev.synergychat.crawler.crawl;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The crawler's domain metrics, scraped from {@code /metrics} (Prometheus names in brackets):
 * books counted and stored by this replica ({@code crawler_books_crawled_total}), books given up by reason
 * ({@code crawler_books_unavailable_total}), books only partly counted because of the size cap
 * ({@code crawler_books_truncated_total}), list pages read ({@code crawler_pages_fetched_total}), retried reads
 * ({@code crawler_fetch_retries_total}), failures by stage ({@code crawler_crawl_errors_total}) and whether
 * crawling is paused because the store is unreachable ({@code crawler_crawl_paused}).
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

	CrawlMetrics(MeterRegistry registry) {
		this.registry = registry;
		// Registered up front so every series exists at 0 and rate() works from the first scrape.
		for (String stage : new String[] { PAGE, BOOK, STORE, LOOP }) {
			errorCounter(stage);
		}
		for (String reason : new String[] { NO_PLAIN_TEXT, FETCH_FAILED }) {
			unavailableCounter(reason);
		}
		this.crawled = Counter.builder("crawler.books.crawled")
			.description("Books counted and stored by this replica")
			.register(registry);
		this.truncated = Counter.builder("crawler.books.truncated")
			.description("Books longer than the size cap, of which only the beginning was counted")
			.register(registry);
		this.pages = Counter.builder("crawler.pages.fetched")
			.description("Book list pages read")
			.register(registry);
		this.retries = Counter.builder("crawler.fetch.retries")
			.description("Reads from the book server that failed and were tried again")
			.register(registry);
		this.paused = new AtomicInteger();
		Gauge.builder("crawler.crawl.paused", this.paused, AtomicInteger::get)
			.description("1 while crawling is paused because the store cannot be reached")
			.register(registry);
	}

	void crawled() {
		this.crawled.increment();
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
		return Counter.builder("crawler.books.unavailable")
			.description("Books given up for this pass: no plain text, or every try failed")
			.tag("reason", reason)
			.register(this.registry);
	}

	private Counter errorCounter(String stage) {
		return Counter.builder("crawler.crawl.errors")
			.description("Failures of the crawl loop by stage; the loop carries on after each")
			.tag("stage", stage)
			.register(this.registry);
	}

}
