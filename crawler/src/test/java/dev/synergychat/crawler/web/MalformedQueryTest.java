package dev.synergychat.crawler.web;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.synergychat.crawler.support.RunningCrawler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query strings Tomcat cannot decode, on a real server: MockMvc parses parameters itself and never fails this way.
 */
class MalformedQueryTest {

	private static RunningCrawler crawler;

	@BeforeAll
	static void start() {
		crawler = RunningCrawler.start(Map.of("crawler.books-url", "sample"));
	}

	@AfterAll
	static void stop() {
		crawler.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "?keywords=%ff%fe", "?title=%c0%af", "?&&===&&", "?keywords=love&=x" })
	void anUndecodableQueryStringIs400WithAJsonError(String query) {
		HttpResponse<String> response = crawler.get("/stats" + query);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
		assertThat(response.body()).isEqualTo("{\"error\":\"the query string cannot be read: it has a malformed "
				+ "%-escape, an escape that is not UTF-8 or a parameter without a name\"}");
	}

}
