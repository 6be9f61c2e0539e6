package dev.synergychat.crawler;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;

import dev.synergychat.testsupport.PreparedEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crawler's environment variables, by their real names, through {@code application.yaml} into
 * {@link CrawlerProperties} (and {@code LOG_FORMAT} through the support module's defaults): the same environment
 * preparation a started crawler goes through, without starting one (so the default book list is read, never
 * fetched).
 */
class EnvironmentVariablesTest {

	private static CrawlerProperties bind(Map<String, Object> variables) {
		return Binder.get(PreparedEnvironment.with(variables)).bind("synergychat.crawler", CrawlerProperties.class).get();
	}

	@Test
	void withoutVariablesTheDefaultsAreTheOriginalsAndThePublicGutendex() {
		CrawlerProperties properties = bind(Map.of());

		assertThat(properties.booksUrl()).isEqualTo("https://gutendex.com/books/");
		assertThat(properties.keywords()).containsExactly("love", "hate", "joy", "sadness", "anger", "disgust", "fear",
				"surprise");
		assertThat(properties.delay()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.dbPath()).isNull();
	}

	@Test
	void crawlerKeywordsIsACommaListLowerCasedAndTrimmed() {
		assertThat(bind(Map.of("CRAWLER_KEYWORDS", "Whale, SEA ,,ship")).keywords()).containsExactly("whale", "sea",
				"ship");
	}

	@Test
	void crawlerDbPathAndBooksUrlAreTakenAsGiven() {
		CrawlerProperties properties = bind(
				Map.of("CRAWLER_DB_PATH", "/var/lib/crawler/counts", "CRAWLER_BOOKS_URL", "sample"));

		assertThat(properties.dbPath()).isEqualTo("/var/lib/crawler/counts");
		assertThat(properties.booksUrl()).isEqualTo(CrawlerProperties.SAMPLE);
	}

	@ParameterizedTest
	@CsvSource({ "30s, PT30S", "PT30S, PT30S", "30, PT30S", "2m, PT2M", "500ms, PT0.5S", "0, PT0S" })
	void crawlerDelayAcceptsSpringAndIsoDurationsAndABareNumberOfSeconds(String value, Duration expected) {
		assertThat(bind(Map.of("CRAWLER_DELAY", value)).delay()).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "json, ecs", "JSON, ''", "text, ''", "xml, ''" })
	void logFormatJsonInLowerCaseSelectsStructuredLogsAndAnythingElseText(String value, String format) {
		assertThat(PreparedEnvironment.with(Map.of("LOG_FORMAT", value)).getProperty("logging.structured.format.console"))
			.isEqualTo(format);
	}

}
