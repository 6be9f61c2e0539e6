package dev.synergychat.crawler.crawl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synergychat.crawler.support.RunningCrawler;
import dev.synergychat.crawler.support.TestBookServer.Book;
import dev.synergychat.crawler.support.TestBookServer;
import dev.synergychat.support.stats.KeywordCount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole crawler against a Gutendex-compatible server started by the test. */
class CrawlAgainstBookServerTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private TestBookServer books;

	@BeforeEach
	void startBookServer() throws IOException {
		this.books = TestBookServer.start();
	}

	@AfterEach
	void stopBookServer() {
		this.books.close();
	}

	@Test
	void walksEveryPageAndCountsEachPlainTextVariantOnce() {
		this.books
			.page(Book.of(1, "Unicode Book", "text/plain; charset=utf-8", "/1.txt"),
					Book.of(2, "Ascii Book", "text/plain; charset=us-ascii", "/2.txt"))
			.page(Book.of(3, "Bare Book", "text/plain", "/3.txt"), Book.of(4, "Html Book", "text/html", "/4.html"))
			.page(Book.of(5, "Last Book", "text/plain; charset=utf-8", "/5.txt"))
			.text("/1.txt", "Liebe ist ♥ LOVE\nFear, fear\nlove again\n")
			.text("/2.txt", "joy\nJoy\nJOY")
			.text("/3.txt", "hate\n")
			.text("/5.txt", "surprise love\n");

		try (RunningCrawler crawler = RunningCrawler.start(Map.of("synergychat.crawler.books-url",
				this.books.firstPage(), "synergychat.crawler.keywords", "love,fear,joy,hate,surprise"))) {
			await().atMost(PATIENCE).until(() -> crawler.stats("").size() == 6);

			assertThat(crawler.stats("")).containsExactly(new KeywordCount("hate", "Bare Book", 1),
					new KeywordCount("love", "Last Book", 1), new KeywordCount("surprise", "Last Book", 1),
					new KeywordCount("fear", "Unicode Book", 1), new KeywordCount("love", "Unicode Book", 2),
					new KeywordCount("joy", "Ascii Book", 3));
			assertThat(this.books.repeatedRequests()).isEmpty();
			assertThat(this.books.requests("/4.html")).isZero();
			assertThat(crawler.metric("synergychat_crawler_books_crawled_total")).isEqualTo(4);
			assertThat(crawler.metric("synergychat_crawler_pages_fetched_total")).isEqualTo(3);
			assertThat(crawler.metric("synergychat_crawler_books_unavailable_total{reason=\"no-plain-text\"}")).isEqualTo(1);
		}
	}

	@Test
	void retriesFailuresThenGivesUpTheBookAndCarriesOn() {
		this.books
			.page(Book.of(1, "Broken Book", "text/plain", "/broken.txt"),
					Book.of(2, "Flaky Book", "text/plain", "/flaky.txt"),
					Book.of(3, "Slow Book", "text/plain", "/slow.txt"), Book.of(4, "Fine Book", "text/plain", "/fine.txt"))
			.failing("/broken.txt", 500)
			.flaky("/flaky.txt", 1, 503, "love\n")
			.slow("/slow.txt", Duration.ofSeconds(3), "love\n")
			.text("/fine.txt", "love\nlove\n");

		try (RunningCrawler crawler = RunningCrawler
			.start(Map.of("synergychat.crawler.books-url", this.books.firstPage()))) {
			await().atMost(PATIENCE).until(() -> crawler.stats("?title=fine").size() == 1);

			assertThat(crawler.stats("")).containsExactly(new KeywordCount("love", "Flaky Book", 1),
					new KeywordCount("love", "Fine Book", 2));
			assertThat(this.books.requests("/broken.txt")).as("two tries, as configured").isEqualTo(2);
			assertThat(this.books.requests("/flaky.txt")).isEqualTo(2);
			assertThat(this.books.requests("/slow.txt")).as("the read timeout fired on both tries").isEqualTo(2);
			assertThat(crawler.metric("synergychat_crawler_crawl_errors_total{stage=\"book\"}")).isEqualTo(2);
			assertThat(crawler.metric("synergychat_crawler_books_unavailable_total{reason=\"fetch-failed\"}")).isEqualTo(2);
			assertThat(crawler.metric("synergychat_crawler_fetch_retries_total")).isEqualTo(3);
			assertThat(crawler.get("/health/ready").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void followsARedirectFromTheBookLinkToItsTextAsProjectGutenbergSendsThem() {
		this.books.page(Book.of(7, "Redirected Book", "text/plain; charset=us-ascii", "/ebooks/7.txt.utf-8"))
			.redirect("/ebooks/7.txt.utf-8", "/cache/epub/7/pg7.txt")
			.text("/cache/epub/7/pg7.txt", "love\nLove and fear\nnothing\n");

		try (RunningCrawler crawler = RunningCrawler.start(
				Map.of("synergychat.crawler.books-url", this.books.firstPage(), "synergychat.crawler.keywords",
						"love,fear"))) {
			await().atMost(PATIENCE).until(() -> crawler.stats("").size() == 2);

			assertThat(crawler.stats("")).containsExactly(new KeywordCount("fear", "Redirected Book", 1),
					new KeywordCount("love", "Redirected Book", 2));
			assertThat(this.books.requests("/ebooks/7.txt.utf-8")).isEqualTo(1);
			assertThat(this.books.requests("/cache/epub/7/pg7.txt")).isEqualTo(1);
			assertThat(crawler.metric("synergychat_crawler_books_crawled_total")).isEqualTo(1);
		}
	}

	@Test
	void givesUpABookWhoseDownloadOutlastsTheTimeLimitAndCarriesOn() {
		// A line every 100 ms keeps each read far inside the 500 ms read timeout; only the 1 s limit on the whole
		// download (the 4 s body would take) stops it.
		this.books
			.page(Book.of(1, "Trickling Book", "text/plain", "/trickle.txt"),
					Book.of(2, "Fine Book", "text/plain", "/fine.txt"))
			.trickle("/trickle.txt", "love\n".repeat(40), Duration.ofMillis(100))
			.text("/fine.txt", "love\n");

		try (RunningCrawler crawler = RunningCrawler
			.start(Map.of("synergychat.crawler.books-url", this.books.firstPage(),
					"synergychat.crawler.fetch.max-duration", "1s"))) {
			await().atMost(PATIENCE).until(() -> crawler.stats("?title=fine").size() == 1);

			assertThat(crawler.stats("")).containsExactly(new KeywordCount("love", "Fine Book", 1));
			assertThat(this.books.requests("/trickle.txt")).as("cut off on both tries").isEqualTo(2);
			assertThat(crawler.metric("synergychat_crawler_books_unavailable_total{reason=\"fetch-failed\"}")).isEqualTo(1);
			assertThat(crawler.metric("synergychat_crawler_books_crawled_total")).isEqualTo(1);
			assertThat(crawler.get("/health/ready").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void countsOnlyTheBeginningOfABookLargerThanTheSizeCap() {
		this.books.page(Book.of(1, "Huge Book", "text/plain", "/huge.txt")).text("/huge.txt", "love\n".repeat(1000));

		try (RunningCrawler crawler = RunningCrawler.start(
				Map.of("synergychat.crawler.books-url", this.books.firstPage(),
						"synergychat.crawler.fetch.max-book-size", "1KB"))) {
			await().atMost(PATIENCE).until(() -> crawler.stats("").size() == 1);

			// 1024 bytes hold 204 whole "love\n" lines and then "love" without its newline: 205 lines.
			assertThat(crawler.stats("")).containsExactly(new KeywordCount("love", "Huge Book", 205));
			assertThat(crawler.metric("synergychat_crawler_books_truncated_total")).isEqualTo(1);
		}
	}

	@Test
	void keepsItsCountsAndContinuesWhereItStoppedAfterARestartWithTheDirectoryStore(@TempDir Path directory) {
		this.books.page(Book.of(1, "First Book", "text/plain", "/1.txt"))
			.page(Book.of(2, "Second Book", "text/plain", "/2.txt"))
			.text("/1.txt", "joy\n")
			.text("/2.txt", "joy\njoy\n")
			.failPage(2, 503);
		Map<String, String> properties = Map.of("synergychat.crawler.books-url", this.books.firstPage(),
				"synergychat.crawler.db-path", directory.resolve("crawl").toString());

		try (RunningCrawler crawler = RunningCrawler.start(properties)) {
			await().atMost(PATIENCE).until(() -> this.books.pageRequests(2) >= 2);
			assertThat(crawler.stats("")).containsExactly(new KeywordCount("joy", "First Book", 1));
		}
		this.books.restorePage(2);

		try (RunningCrawler restarted = RunningCrawler.start(properties)) {
			assertThat(restarted.stats("")).contains(new KeywordCount("joy", "First Book", 1));
			await().atMost(PATIENCE).until(() -> restarted.stats("").size() == 2);

			assertThat(restarted.stats("")).containsExactly(new KeywordCount("joy", "First Book", 1),
					new KeywordCount("joy", "Second Book", 2));
			assertThat(this.books.pageRequests(1)).as("the restart went on from page 2").isEqualTo(1);
			assertThat(this.books.requests("/1.txt")).isEqualTo(1);
			assertThat(restarted.metric("synergychat_crawler_books_crawled_total")).isEqualTo(1);
		}
	}

}
