package dev.synergychat.crawler.crawl;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.synergychat.crawler.support.RunningCrawler;
import dev.synergychat.crawler.support.TestBookServer.Book;
import dev.synergychat.crawler.support.TestBookServer;
import dev.synergychat.crawler.support.TestRedis;
import dev.synergychat.support.stats.KeywordCount;
import dev.synergychat.testsupport.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Whole crawlers on one real Redis ({@code REDIS_URL}) and one local book server. */
class RedisReplicasTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final String prefix = TestRedis.uniquePrefix();

	private TestBookServer books;

	@BeforeEach
	void startBookServer() throws IOException {
		this.books = TestBookServer.start();
	}

	@AfterEach
	void cleanUp() {
		this.books.close();
		TestRedis.deleteKeys(this.prefix);
	}

	@Test
	void twoReplicasSplitTheListNeverCountABookTwiceAndAnswerFromTheSharedCounts() {
		// Three pages of four books; each text takes a moment to serve, so both replicas get work.
		for (int page = 0; page < 3; page++) {
			this.books.page(LongStream.rangeClosed(page * 4 + 1, page * 4 + 4)
				.mapToObj(id -> Book.of(id, "Book " + id, "text/plain", "/" + id + ".txt"))
				.toArray(Book[]::new));
		}
		for (long id = 1; id <= 12; id++) {
			this.books.slow("/" + id + ".txt", Duration.ofMillis(150), "love\n".repeat((int) id));
		}
		// Hold the list back until both replicas are up, so neither finishes before the other starts.
		this.books.failPage(1, 503);

		try (RunningCrawler first = RunningCrawler.start(redis(TestRedis.url()));
				RunningCrawler second = RunningCrawler.start(redis(TestRedis.url()))) {
			this.books.restorePage(1);
			await().atMost(PATIENCE).until(() -> first.stats("").size() == 12);

			assertThat(this.books.repeatedRequests().keySet()).as("only list page 1 was asked for again")
				.allMatch(path -> path.startsWith("/books/"));
			for (long id = 1; id <= 12; id++) {
				assertThat(this.books.requests("/" + id + ".txt")).as("book %d", id).isEqualTo(1);
			}
			double firstCrawled = first.metric("synergychat_crawler_books_crawled_total");
			double secondCrawled = second.metric("synergychat_crawler_books_crawled_total");
			assertThat(firstCrawled + secondCrawled).isEqualTo(12);
			assertThat(firstCrawled).as("books counted by the first replica").isPositive();
			assertThat(secondCrawled).as("books counted by the second replica").isPositive();
			assertThat(second.stats("?title=Book%2012")).containsExactly(new KeywordCount("love", "Book 12", 12));
			assertThat(second.stats("")).isEqualTo(first.stats(""));
		}
	}

	@Test
	void aRestartedCrawlerContinuesWhereTheSharedCrawlStopped() {
		this.books.page(Book.of(1, "First Book", "text/plain", "/1.txt"))
			.page(Book.of(2, "Second Book", "text/plain", "/2.txt"))
			.text("/1.txt", "fear\n")
			.text("/2.txt", "fear\nfear\n")
			.failPage(2, 503);

		try (RunningCrawler crawler = RunningCrawler.start(redis(TestRedis.url()))) {
			await().atMost(PATIENCE).until(() -> this.books.pageRequests(2) >= 2);
			assertThat(crawler.stats("")).containsExactly(new KeywordCount("fear", "First Book", 1));
		}
		this.books.restorePage(2);

		try (RunningCrawler restarted = RunningCrawler.start(redis(TestRedis.url()))) {
			await().atMost(PATIENCE).until(() -> restarted.stats("").size() == 2);

			assertThat(restarted.stats("")).containsExactly(new KeywordCount("fear", "First Book", 1),
					new KeywordCount("fear", "Second Book", 2));
			assertThat(this.books.pageRequests(1)).as("the restart went on from page 2").isEqualTo(1);
			assertThat(this.books.requests("/1.txt")).isEqualTo(1);
		}
	}

	@Test
	void pausesCrawlingWhileRedisIsCutOffAndResumesWithoutARestart() throws IOException, URISyntaxException {
		this.books.page(Book.of(1, "Before The Cut", "text/plain", "/1.txt"))
			.page(Book.of(2, "After The Cut", "text/plain", "/2.txt"))
			.text("/1.txt", "anger\n")
			.text("/2.txt", "anger\nanger\n")
			.failPage(2, 503);
		URI target = URI.create(TestRedis.url());

		try (TcpProxy proxy = TcpProxy.to(target.getHost(), target.getPort());
				RunningCrawler crawler = RunningCrawler.start(redis(throughProxy(target, proxy)))) {
			await().atMost(PATIENCE).until(() -> crawler.stats("").size() == 1);
			assertThat(crawler.management("/health").body()).contains("\"redis\":{\"details\"", "\"status\":\"UP\"");

			proxy.cut();
			this.books.restorePage(2);

			await().atMost(PATIENCE).until(() -> crawler.metric("synergychat_crawler_crawl_paused") == 1);
			int pageTwoRequests = this.books.pageRequests(2);
			assertThat(crawler.get("/stats").statusCode()).isEqualTo(503);
			assertThat(crawler.get("/stats").body()).startsWith("{\"error\":\"crawl results are unavailable right now: ");
			assertThat(crawler.get("/health/ready").statusCode()).isEqualTo(200);
			assertThat(crawler.get("/health/live").statusCode()).isEqualTo(200);
			assertThat(crawler.management("/health").statusCode()).isEqualTo(503);
			assertThat(crawler.management("/health").body()).contains("paused until Redis answers again");
			assertThat(this.books.requests("/2.txt")).as("nothing is crawled while the store is away").isZero();
			assertThat(this.books.pageRequests(2)).isEqualTo(pageTwoRequests);

			proxy.restore();

			await().atMost(PATIENCE).until(() -> crawler.get("/stats").statusCode() == 200
					&& crawler.stats("").size() == 2);
			assertThat(crawler.stats("")).containsExactly(new KeywordCount("anger", "Before The Cut", 1),
					new KeywordCount("anger", "After The Cut", 2));
			// The loop lifts its pause on its own turn, which may come just after the counts are readable again.
			await().atMost(PATIENCE).until(() -> crawler.metric("synergychat_crawler_crawl_paused") == 0);
			assertThat(crawler.management("/health").statusCode()).isEqualTo(200);
		}
	}

	private Map<String, String> redis(String url) {
		Map<String, String> properties = new HashMap<>();
		properties.put("synergychat.crawler.books-url", this.books.firstPage());
		properties.put("synergychat.crawler.redis.url", url);
		properties.put("synergychat.crawler.redis.key-prefix", this.prefix);
		properties.put("synergychat.crawler.redis.timeout", "1s");
		return properties;
	}

	/** The same URL, credentials and database included, with the proxy in place of the server. */
	private static String throughProxy(URI target, TcpProxy proxy) throws URISyntaxException {
		return new URI(target.getScheme(), target.getUserInfo(), "127.0.0.1", proxy.port(), target.getPath(),
				target.getQuery(), null).toString();
	}

}
