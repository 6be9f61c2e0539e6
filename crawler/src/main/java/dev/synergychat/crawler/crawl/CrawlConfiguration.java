package dev.synergychat.crawler.crawl;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.synergychat.crawler.CrawlerProperties;
import dev.synergychat.crawler.store.CrawlStore;
import tools.jackson.databind.json.JsonMapper;

/** Builds the crawl loop for {@code CRAWLER_BOOKS_URL}: a remote Gutendex-compatible list or the sample. */
@Configuration(proxyBeanMethods = false)
class CrawlConfiguration {

	@Bean
	CrawlLoop crawlLoop(CrawlerProperties properties, CrawlStore store, JsonMapper json, MeterRegistry registry,
			Clock clock) {
		boolean sample = CrawlerProperties.SAMPLE.equalsIgnoreCase(properties.booksUrl());
		BookServer server = sample ? new SampleLibrary() : new HttpBookServer(properties.fetch());
		URI firstPage = sample ? SampleLibrary.FIRST_PAGE : remoteFirstPage(properties.booksUrl());
		// The pause exists to spare a remote server; the sample is read from the jar, so it has none.
		Duration delay = server.remote() ? properties.delay() : Duration.ZERO;
		CrawlMetrics metrics = new CrawlMetrics(registry);
		Fetcher fetcher = new Fetcher(server, properties.fetch(), json, metrics);
		CrawlSettings settings = new CrawlSettings(firstPage, properties.keywords(), delay,
				properties.revisitAfter(), properties.fetch().initialBackoff(), properties.fetch().maxBackoff());
		return new CrawlLoop(new CrawlStep(store, fetcher, metrics, settings, clock), store, metrics, settings);
	}

	/** Part of the liveness group: a loop ended by an Error never recovers, so the process should be restarted. */
	@Bean
	HealthIndicator crawlLoopHealthIndicator(CrawlLoop loop) {
		return () -> loop.death()
			.map((error) -> Health.down().withDetail("error", error.toString()).build())
			.orElseGet(() -> Health.up().build());
	}

	private static URI remoteFirstPage(String booksUrl) {
		try {
			URI uri = new URI(booksUrl);
			if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					&& uri.getHost() != null) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// Reported below with the accepted forms.
		}
		throw new IllegalStateException(
				"CRAWLER_BOOKS_URL must be an http(s) URL of a Gutendex-compatible book list or \"sample\", not \""
						+ booksUrl + "\"");
	}

}
