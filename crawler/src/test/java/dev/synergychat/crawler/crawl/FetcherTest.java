package dev.synergychat.crawler.crawl;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import dev.synergychat.crawler.CrawlerProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How a read is tried again, against a book server that fails on cue: retryable failures up to the configured
 * number of tries, then the last failure; a missing file or a failure that says so at once; an interrupt during
 * the pause ends the wait.
 */
class FetcherTest {

	private static final URI BOOK = URI.create("http://books.test/1.txt");

	private static final PlainTextLink LINK = new PlainTextLink(BOOK, StandardCharsets.UTF_8);

	private final ScriptedServer server = new ScriptedServer();

	@Test
	void aFailedReadIsTriedAgainUntilItSucceeds() throws Exception {
		this.server.failWith(new ConnectException("refused"), new ConnectException("refused"));

		Fetcher.CountedText counted = fetcher(3, Duration.ofMillis(1)).count(LINK, List.of("love"));

		assertThat(counted.counts()).isEqualTo(Map.of("love", 1L));
		assertThat(this.server.reads).hasValue(3);
	}

	@Test
	void afterTheLastTryTheLastFailureIsThrown() {
		this.server.failWith(new ConnectException("first"), new ConnectException("second"),
				new ConnectException("third"));

		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> fetcher(2, Duration.ofMillis(1)).count(LINK, List.of("love")))
			.withMessage("second");
		assertThat(this.server.reads).hasValue(2);
	}

	@Test
	void aMissingFileIsNotTriedAgain() {
		this.server.failWith(new FileNotFoundException(BOOK.toString()));

		assertThatExceptionOfType(FileNotFoundException.class)
			.isThrownBy(() -> fetcher(3, Duration.ofMillis(1)).count(LINK, List.of("love")));
		assertThat(this.server.reads).hasValue(1);
	}

	@Test
	void aFailureThatSaysItIsFinalIsNotTriedAgain() {
		this.server.failWith(new FetchFailedException("not a book list page", false));

		assertThatExceptionOfType(FetchFailedException.class)
			.isThrownBy(() -> fetcher(3, Duration.ofMillis(1)).count(LINK, List.of("love")))
			.withMessage("not a book list page");
		assertThat(this.server.reads).hasValue(1);
	}

	@Test
	void anInterruptDuringThePauseEndsTheWait() {
		this.server.failWith(new ConnectException("refused"));
		Thread.currentThread().interrupt();

		assertThatExceptionOfType(InterruptedException.class)
			.isThrownBy(() -> fetcher(3, Duration.ofMinutes(1)).count(LINK, List.of("love")));
		assertThat(Thread.interrupted()).as("the interrupt is reported by the exception, not left set").isFalse();
		assertThat(this.server.reads).hasValue(1);
	}

	private Fetcher fetcher(int attempts, Duration backoff) {
		CrawlerProperties.Fetch fetch = new CrawlerProperties.Fetch(Duration.ofSeconds(1), Duration.ofSeconds(1),
				Duration.ofSeconds(5), DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), attempts, backoff,
				backoff.multipliedBy(4));
		return new Fetcher(this.server, fetch, JsonMapper.builder().build(),
				new CrawlMetrics(new SimpleMeterRegistry()));
	}

	/** Fails the first reads with the given exceptions, then serves a one-line book. */
	private static final class ScriptedServer implements BookServer {

		private final Deque<IOException> failures = new ArrayDeque<>();

		private final AtomicInteger reads = new AtomicInteger();

		void failWith(IOException... failures) {
			this.failures.addAll(List.of(failures));
		}

		@Override
		public <T> T read(URI uri, BodyReader<T> reader) throws IOException {
			this.reads.incrementAndGet();
			IOException failure = this.failures.poll();
			if (failure != null) {
				throw failure;
			}
			return reader.read(new ByteArrayInputStream("I love this book\n".getBytes(StandardCharsets.UTF_8)));
		}

		@Override
		public boolean remote() {
			return true;
		}

	}

}
