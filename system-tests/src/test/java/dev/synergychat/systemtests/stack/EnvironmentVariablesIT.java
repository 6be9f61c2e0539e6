package dev.synergychat.systemtests.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.synergychat.support.stats.KeywordCount;
import dev.synergychat.systemtests.support.ChatClient;
import dev.synergychat.systemtests.support.ChatMessage;
import dev.synergychat.systemtests.support.LightLane;
import dev.synergychat.systemtests.support.Service;
import dev.synergychat.systemtests.support.ServiceProcess;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage variables of the original images, set by their real names on the packaged jars, and what they
 * promise across a restart: the crawler's counts in {@code CRAWLER_DB_PATH}, api's messages in
 * {@code API_DB_FILEPATH}.
 */
@LightLane
class EnvironmentVariablesIT {

	private final ChatClient client = new ChatClient();

	@TempDir
	Path temp;

	@Test
	void crawlerCountsOnlyCrawlerKeywordsAndKeepsTheCountsInCrawlerDbPathAcrossARestart() {
		Path counts = this.temp.resolve("crawler/counts");
		List<KeywordCount> first;
		try (ServiceProcess crawler = ServiceProcess.start(Service.CRAWLER, ServiceProcess.env("CRAWLER_BOOKS_URL",
				"sample", "CRAWLER_KEYWORDS", "Love,zebra", "CRAWLER_DB_PATH", counts.toString()))) {
			first = this.client.awaitSettledStats(crawler.baseUri(), Duration.ofSeconds(60));
		}
		assertThat(first).extracting(KeywordCount::keyword).contains("love").allMatch(List.of("love", "zebra")::contains);
		assertThat(counts).isDirectory();

		// Nothing to crawl after the restart: whatever it answers comes from the directory.
		try (ServiceProcess restarted = ServiceProcess.start(Service.CRAWLER, ServiceProcess.env("CRAWLER_BOOKS_URL",
				"http://127.0.0.1:9/books/", "CRAWLER_KEYWORDS", "love,zebra", "CRAWLER_DB_PATH", counts.toString()))) {
			assertThat(this.client.stats(restarted.baseUri(), Map.of())).containsExactlyInAnyOrderElementsOf(first);
		}
	}

	@Test
	void apiCreatesApiDbFilePathWithItsDirectoriesAndKeepsMessagesAcrossARestart() throws Exception {
		Path file = this.temp.resolve("api/data/messages.json");
		try (ServiceProcess api = ServiceProcess.start(Service.API, ServiceProcess.env("API_DB_FILEPATH", file.toString()))) {
			this.client.post(api.baseUri(), "ann", "first, with \"quotes\"");
			this.client.post(api.baseUri(), "bob", "second ✓");
		}
		assertThat(file).isRegularFile();
		assertThat(Files.readString(file)).contains("second ✓");

		try (ServiceProcess restarted = ServiceProcess.start(Service.API,
				ServiceProcess.env("API_DB_FILEPATH", file.toString()))) {
			assertThat(this.client.messages(restarted.baseUri())).extracting(ChatMessage::author, ChatMessage::text)
				.containsExactly(Tuple.tuple("ann", "first, with \"quotes\""),
						Tuple.tuple("bob", "second ✓"));
		}
	}

}
