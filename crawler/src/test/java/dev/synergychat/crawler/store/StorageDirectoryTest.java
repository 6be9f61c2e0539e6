package dev.synergychat.crawler.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.synergychat.crawler.support.RunningCrawler;
import dev.synergychat.support.stats.KeywordCount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code CRAWLER_DB_PATH} as the course uses it: shared by two crawlers (two containers of one pod on one
 * {@code emptyDir}), and on a volume this process cannot write (a bind mount Docker created as root).
 */
@ExtendWith(OutputCaptureExtension.class)
class StorageDirectoryTest {

	private static final Map<String, String> SAMPLE = Map.of("synergychat.crawler.books-url", "sample");

	@TempDir
	Path directory;

	@Test
	void twoCrawlersOnOneDirectoryBothCountEveryBookAndARestartReadsWhatTheyWrote() throws Exception {
		Map<String, String> shared = with(SAMPLE, "synergychat.crawler.db-path", this.directory.toString());
		try (RunningCrawler first = RunningCrawler.start(shared); RunningCrawler second = RunningCrawler.start(shared)) {
			// Whichever starts second may find the books already counted in the directory and take them from there.
			for (RunningCrawler crawler : new RunningCrawler[] { first, second }) {
				await().atMost(Duration.ofSeconds(10)).until(() -> crawler.stats("?keywords=love").size() == 4);
				assertThat(crawler.metric("synergychat_crawler_crawl_errors_total{stage=\"store\"}")).isZero();
				assertThat(crawler.get("/health/ready").statusCode()).isEqualTo(200);
			}
			assertThat(first.metric("synergychat_crawler_books_crawled_total") + second.metric("synergychat_crawler_books_crawled_total"))
				.isGreaterThanOrEqualTo(5);
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			assertThat(files.filter(Files::isRegularFile).map((file) -> file.getFileName().toString()))
				.as("five books and the cursor, no temporary file left")
				.containsExactlyInAnyOrder("cursor.json", "1.json", "2.json", "3.json", "4.json", "6.json");
		}

		try (RunningCrawler restarted = RunningCrawler.start(with(shared, "synergychat.crawler.books-url", "http://127.0.0.1:9/"))) {
			assertThat(restarted.stats("?keywords=love")).as("read back, not crawled: the list is unreachable")
				.extracting(KeywordCount::bookTitle)
				.containsExactlyInAnyOrder("The Clockmaker's Apprentice", "The Ferryman's Almanac",
						"The Lighthouse Keeper's Logbook", "Letters from the Salt Marsh");
		}
	}

	@Test
	void aDirectoryThatCannotBeWrittenIsExplainedInOneErrorLineAndTheCrawlerCountsInMemory(CapturedOutput output)
			throws Exception {
		// Tests run as root, whom file modes do not stop: a file where the directory should be stands in for the
		// root-owned volume (the Docker tests in system-tests use a real one with a non-root container).
		Path blocker = Files.writeString(this.directory.resolve("crawler"), "not a directory");
		Path dbPath = blocker.resolve("db");
		String runsAs = Files.getAttribute(Path.of("/proc/self"), "unix:uid") + ":"
				+ Files.getAttribute(Path.of("/proc/self"), "unix:gid");

		try (RunningCrawler crawler = RunningCrawler.start(with(SAMPLE, "synergychat.crawler.db-path", dbPath.toString()))) {
			await().atMost(Duration.ofSeconds(10)).until(() -> crawler.metric("synergychat_crawler_books_crawled_total") == 5);
			assertThat(crawler.stats("?keywords=love")).hasSize(4);
			assertThat(crawler.get("/health/ready").statusCode()).isEqualTo(200);
		}
		String errors = output.getOut()
			.lines()
			.filter((line) -> line.contains(" ERROR "))
			.reduce("", (a, b) -> a + b + "\n");
		assertThat(errors.lines()).hasSize(1);
		assertThat(errors).contains("CRAWLER_DB_PATH=" + dbPath + " cannot be written",
				"cannot be written: Not a directory in " + dbPath, "runs as uid:gid " + runsAs,
				"the nearest existing directory " + this.directory + " is owned by " + runsAs,
				"securityContext.fsGroup: ", "chown " + runsAs, "--user",
				"with --user set to the directory's owner. Counting in memory instead: the counts are lost when the "
						+ "process stops.");
		assertThat(output.getOut()).contains("Crawl results are kept in memory").doesNotContain("\tat ");
	}

	private static Map<String, String> with(Map<String, String> properties, String name, String value) {
		Map<String, String> all = new java.util.HashMap<>(properties);
		all.put(name, value);
		return all;
	}

}
