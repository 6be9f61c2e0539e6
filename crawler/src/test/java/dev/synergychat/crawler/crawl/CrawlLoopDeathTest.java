package dev.synergychat.crawler.crawl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import dev.synergychat.crawler.CrawlerApplication;
import dev.synergychat.crawler.store.BookCounts;
import dev.synergychat.crawler.store.CrawlStore;
import dev.synergychat.crawler.store.Cursor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link Error} in the crawl loop, which no retry mends, ends crawling for good; liveness must say so, so the
 * orchestrator restarts the process rather than keep a crawler that only pretends to work. The Error comes in the
 * very first step, while the application is still starting, the moment an event-based signal would be lost.
 */
class CrawlLoopDeathTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void anErrorInTheCrawlLoopTurnsLivenessDownWhileStatsKeepAnswering() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CrawlerApplication.class,
				BrokenStoreConfiguration.class)
			.run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
					"--synergychat.crawler.books-url=sample")) {
			URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
			URI management = URI.create(
					"http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port"));

			await().atMost(Duration.ofSeconds(10)).until(() -> get(base, "/health/live").statusCode() == 503);

			assertThat(get(base, "/health/live").body()).as("the main port says only DOWN")
				.isEqualTo("{\"status\":\"DOWN\"}");
			JsonNode live = JsonMapper.builder().build().readTree(get(management, "/health").body());
			assertThat(live.at("/status").asString()).isEqualTo("DOWN");
			assertThat(live.at("/components/crawlLoop/status").asString()).isEqualTo("DOWN");
			assertThat(live.at("/components/crawlLoop/details/error").asString())
				.isEqualTo("java.lang.StackOverflowError: simulated");
			assertThat(get(base, "/stats").statusCode()).isEqualTo(200);
			assertThat(get(management, "/metrics").body()).contains("synergychat_crawler_crawl_errors_total{stage=\"loop\"} 1.0");
		}
	}

	private HttpResponse<String> get(URI base, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenStoreConfiguration {

		@Bean
		@Primary
		CrawlStore brokenStore() {
			return new BrokenStore();
		}

	}

	/** Serves no counts and fails the crawl with an Error, as a bug deep in a library might. */
	static final class BrokenStore implements CrawlStore {

		@Override
		public Cursor cursorOr(Cursor initial) {
			throw new StackOverflowError("simulated");
		}

		@Override
		public boolean advance(Cursor expected, Cursor next) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean claim(long bookId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void save(BookCounts counts) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void giveUp(long bookId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void release(long bookId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Set<Long> settled(Collection<Long> bookIds) {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<BookCounts> all() {
			return List.of();
		}

		@Override
		public String describe() {
			return "a store that breaks the crawl";
		}

	}

}
