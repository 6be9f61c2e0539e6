package dev.synergychat.crawler.crawl;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synergychat.crawler.CrawlerProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads list pages and book texts from a {@link BookServer} with size caps and retries: a failed try is
 * repeated after a pause that doubles each time, up to the configured number of tries.
 */
class Fetcher {

	private static final Logger logger = LoggerFactory.getLogger(Fetcher.class);

	private final BookServer server;

	private final CrawlerProperties.Fetch fetch;

	private final JsonMapper json;

	private final CrawlMetrics metrics;

	Fetcher(BookServer server, CrawlerProperties.Fetch fetch, JsonMapper json, CrawlMetrics metrics) {
		this.server = server;
		this.fetch = fetch;
		this.json = json;
		this.metrics = metrics;
	}

	CataloguePage page(URI uri) throws IOException, InterruptedException {
		return withRetries(uri, body -> {
			CappedInputStream capped = new CappedInputStream(body, this.fetch.maxPageSize().toBytes());
			try {
				CataloguePage page = this.json.readValue(capped, CataloguePage.class);
				if (capped.truncated()) {
					throw new FetchFailedException(uri + " is larger than " + this.fetch.maxPageSize(), false);
				}
				return page;
			}
			catch (JacksonException ex) {
				String reason = capped.truncated() ? "is larger than " + this.fetch.maxPageSize()
						: "is not a book list page: " + ex.getOriginalMessage();
				throw new FetchFailedException(uri + " " + reason, false);
			}
		});
	}

	CountedText count(PlainTextLink link, List<String> keywords) throws IOException, InterruptedException {
		return withRetries(link.uri(), body -> {
			CappedInputStream capped = new CappedInputStream(body, this.fetch.maxBookSize().toBytes());
			Map<String, Long> counts = KeywordCounter.count(new InputStreamReader(capped, link.charset()), keywords);
			return new CountedText(counts, capped.truncated());
		});
	}

	private <T> T withRetries(URI uri, BookServer.BodyReader<T> reader) throws IOException, InterruptedException {
		Duration backoff = this.fetch.initialBackoff();
		for (int attempt = 1;; attempt++) {
			try {
				return this.server.read(uri, reader);
			}
			catch (IOException ex) {
				if (!retryable(ex) || attempt >= this.fetch.attempts()) {
					throw ex;
				}
				logger.info("Try {} of {} for {} failed ({}); trying again in {}", attempt, this.fetch.attempts(), uri,
						ex.toString(), backoff);
				this.metrics.retried();
				Thread.sleep(backoff);
				backoff = min(backoff.multipliedBy(2), this.fetch.maxBackoff());
			}
		}
	}

	private static boolean retryable(IOException ex) {
		if (ex instanceof FetchFailedException failed) {
			return failed.retryable();
		}
		return !(ex instanceof FileNotFoundException);
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	/**
	 * @param counts keyword to number of matching lines
	 * @param truncated whether the text was longer than the cap and only its beginning was counted
	 */
	record CountedText(Map<String, Long> counts, boolean truncated) {
	}

}
