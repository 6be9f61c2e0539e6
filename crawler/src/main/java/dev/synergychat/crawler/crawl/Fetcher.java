package dev.synergychat.crawler.crawl;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

import dev.synergychat.crawler.CrawlerProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads list pages and book texts from a {@link BookServer} with size caps and retries: a failed try is
 * repeated after a pause that doubles each time, up to the configured number of tries. A missing file
 * ({@link FileNotFoundException}) and a {@link FetchFailedException} that says so are not tried again.
 */
class Fetcher implements Catalogue {

	private static final Logger logger = LoggerFactory.getLogger(Fetcher.class);

	private final BookServer server;

	private final CrawlerProperties.Fetch fetch;

	private final JsonMapper json;

	/** Spring's retry: {@code attempts} tries, pauses doubling from {@code initialBackoff} up to {@code maxBackoff}. */
	private final RetryTemplate retries;

	Fetcher(BookServer server, CrawlerProperties.Fetch fetch, JsonMapper json, CrawlMetrics metrics) {
		this.server = server;
		this.fetch = fetch;
		this.json = json;
		this.retries = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(fetch.attempts() - 1)
			.delay(fetch.initialBackoff())
			.multiplier(2)
			.maxDelay(fetch.maxBackoff())
			.predicate(Fetcher::retryable)
			.build());
		this.retries.setRetryListener(new CountRetries(fetch.attempts(), metrics));
	}

	@Override
	public CataloguePage page(URI uri) throws IOException, InterruptedException {
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

	@Override
	public CountedText count(PlainTextLink link, List<String> keywords) throws IOException, InterruptedException {
		return withRetries(link.uri(), body -> {
			CappedInputStream capped = new CappedInputStream(body, this.fetch.maxBookSize().toBytes());
			Map<String, Long> counts = KeywordCounter.count(new InputStreamReader(capped, link.charset()), keywords);
			return new CountedText(counts, capped.truncated());
		});
	}

	private <T> T withRetries(URI uri, BookServer.BodyReader<T> reader) throws IOException, InterruptedException {
		try {
			return this.retries.execute(new Read<>(this.server, uri, reader));
		}
		catch (RetryException ex) {
			if (Thread.interrupted()) {
				throw new InterruptedException("stopped while waiting to try " + uri + " again");
			}
			switch (ex.getLastException()) {
				case IOException failed -> throw failed;
				case InterruptedException failed -> throw failed;
				case RuntimeException failed -> throw failed;
				case Error failed -> throw failed;
				case Throwable other -> throw new IllegalStateException(other);
			}
		}
	}

	private static boolean retryable(Throwable ex) {
		if (ex instanceof FetchFailedException failed) {
			return failed.retryable();
		}
		return (ex instanceof IOException) && !(ex instanceof FileNotFoundException);
	}

	/** One read of {@code uri}, named by it so the retry log says what is tried again. */
	private record Read<T>(BookServer server, URI uri, BookServer.BodyReader<T> reader) implements Retryable<T> {

		@Override
		public T execute() throws IOException, InterruptedException {
			return this.server.read(this.uri, this.reader);
		}

		@Override
		public String getName() {
			return this.uri.toString();
		}

	}

	/** Logs and counts each retry ({@code synergychat_crawler_fetch_retries_total}), after the pause and before the try. */
	private record CountRetries(int attempts, CrawlMetrics metrics) implements RetryListener {

		@Override
		public void beforeRetry(RetryPolicy policy, Retryable<?> read, RetryState state) {
			logger.info("Try {} of {} for {} failed ({}); trying again", state.getRetryCount(), this.attempts,
					read.getName(), state.getLastException().toString());
			this.metrics.retried();
		}

	}

}
