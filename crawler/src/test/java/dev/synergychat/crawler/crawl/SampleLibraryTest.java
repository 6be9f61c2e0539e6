package dev.synergychat.crawler.crawl;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.synergychat.crawler.support.RunningCrawler;
import dev.synergychat.support.stats.KeywordCount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** {@code CRAWLER_BOOKS_URL=sample}: the bundled library, counted offline and without pauses. */
class SampleLibraryTest {

	private static RunningCrawler crawler;

	@BeforeAll
	static void start() {
		// The default 30 s delay stays in place: the sample must not wait for it.
		crawler = RunningCrawler
			.start(Map.of("synergychat.crawler.books-url", "sample", "synergychat.crawler.delay", "30s"));
	}

	@AfterAll
	static void stop() {
		crawler.close();
	}

	@Test
	void answersStatsForEveryPlainTextSampleBookWithinSeconds() {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> crawler.metric("synergychat_crawler_books_crawled_total") == 5);

		String orchard = "A Quarrel in the Orchard";
		assertThat(crawler.stats("?title=orchard")).containsExactly(new KeywordCount("disgust", orchard, 1),
				new KeywordCount("hate", orchard, 1), new KeywordCount("joy", orchard, 1),
				new KeywordCount("surprise", orchard, 1), new KeywordCount("anger", orchard, 2));
		assertThat(crawler.stats("?keywords=love")).extracting(KeywordCount::bookTitle)
			.containsExactlyInAnyOrder("The Clockmaker's Apprentice", "The Ferryman's Almanac",
					"The Lighthouse Keeper's Logbook", "Letters from the Salt Marsh");
		assertThat(crawler.stats("?title=winter%20fair")).as("the sample book with no plain text").isEmpty();
	}

	@Test
	void servesStatusOnlyProbesOnTheMainPortAndMetricsAndDetailsOnTheManagementPort() {
		assertThat(crawler.get("/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(crawler.get("/health/ready").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(crawler.get("/healthz").body()).as("the original's answer").isEqualTo("{\"status\":\"ok\"}");
		assertThat(crawler.get("/health").statusCode()).as("the full report is not on the main port").isEqualTo(404);
		assertThat(crawler.get("/metrics").statusCode()).as("nor are the metrics").isEqualTo(404);
		assertThat(crawler.management("/health").body()).as("no Redis without REDIS_URL")
			.contains("\"crawlLoop\"")
			.doesNotContain("redis");
		String metrics = crawler.management("/metrics").body();
		assertThat(metrics).contains("synergychat_crawler_books_crawled_total",
				"synergychat_crawler_crawl_errors_total{stage=\"store\"}", "jvm_memory_used_bytes",
				"http_server_requests_seconds_count");
	}

	@Test
	void progressShowsTheCatalogueSizeTheLastSuccessAndTheWaitForTheNextPass() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> crawler.metric("synergychat_crawler_waiting_for_next_pass") == 1);

		assertThat(crawler.metric("synergychat_crawler_catalogue_books")).as("the count the sample list gives")
			.isEqualTo(6);
		assertThat(crawler.metric("synergychat_crawler_last_success_timestamp_seconds"))
			.isCloseTo(System.currentTimeMillis() / 1000.0, within(120.0));
		assertThat(crawler.metric("synergychat_crawler_crawl_paused")).isZero();
	}

}
