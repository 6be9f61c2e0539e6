package dev.synergychat.crawler.stats;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import dev.synergychat.crawler.store.BookCounts;
import dev.synergychat.crawler.support.FixedCrawlStore;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(StatsController.class)
@Import(StatsControllerTest.Store.class)
class StatsControllerTest {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private FixedCrawlStore store;

	@BeforeEach
	void holdTwoBooks() {
		this.store.hold(new BookCounts(1, "Pride and Prejudice", Map.of("love", 91L, "hate", 7L)),
				new BookCounts(2, "Frankenstein", Map.of("love", 40L, "hate", 22L, "joy", 0L)));
	}

	@Test
	void answersRowsWithTheOriginalFieldNamesSortedByCount() {
		assertThat(this.mvc.get().uri("/stats")).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					[{"Keyword":"hate","BookTitle":"Pride and Prejudice","Count":7},
					 {"Keyword":"hate","BookTitle":"Frankenstein","Count":22},
					 {"Keyword":"love","BookTitle":"Frankenstein","Count":40},
					 {"Keyword":"love","BookTitle":"Pride and Prejudice","Count":91}]""");
	}

	@Test
	void filtersByKeywordsAndTitle() {
		assertThat(this.mvc.get().uri("/stats?keywords=love,joy&title=FRANK")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("""
					[{"Keyword":"love","BookTitle":"Frankenstein","Count":40}]""");
	}

	@Test
	void treatsRepeatedKeywordsParametersAsOneList() {
		assertThat(this.mvc.get().uri("/stats?keywords=hate&keywords=love&title=pride")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].Count")
			.isEqualTo(List.of(7, 91));
	}

	@Test
	void ignoresBlankParameters() {
		assertThat(this.mvc.get().uri("/stats").param("keywords", ", ").param("title", "")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.length()")
			.isEqualTo(4);
	}

	@Test
	void rejectsAnOversizedTitleWithAJsonError() {
		assertThat(this.mvc.get().uri("/stats?title=" + "x".repeat(501))).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"error":"title: at most 500 characters"}""");
	}

	@Test
	void answersUnknownPathsWithA404JsonError() {
		assertThat(this.mvc.get().uri("/books")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"error":"No endpoint GET /books."}""");
	}

	@Test
	void answersOtherMethodsWithA405JsonError() {
		assertThat(this.mvc.post().uri("/stats")).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"error":"Method 'POST' is not supported."}""");
	}

	@Test
	void answers503WithRetryAfterWhileTheStoreIsUnreachable() {
		this.store.failAsUnreachable();

		assertThat(this.mvc.get().uri("/stats")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasHeader("Retry-After", "5")
			.bodyJson()
			.isStrictlyEqualTo("""
					{"error":"crawl results are unavailable right now: Redis at 127.0.0.1:1 is not answering"}""");
	}

	@TestConfiguration
	static class Store {

		@Bean
		FixedCrawlStore fixedCrawlStore() {
			return new FixedCrawlStore();
		}

	}

}
