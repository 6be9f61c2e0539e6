package dev.synergychat.api.stats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

import dev.synergychat.api.ApiProperties;
import dev.synergychat.support.stats.KeywordCount;

/**
 * Answers a {@code /stats} command with the text of the {@code crawler-bot} reply. Never throws: when the crawler is
 * not configured, refuses, fails or is slower than the configured timeout, the reply says so, because the user's
 * message must still be stored.
 * <p>
 * The call goes through Spring Boot's {@link RestClient.Builder}, so it is timed in {@code http.client.requests} and,
 * when tracing is on, carries the trace to the crawler in a {@code traceparent} header.
 */
@Component
public class StatsResponder {

	/** The author of every reply. */
	public static final String BOT_USERNAME = "crawler-bot";

	private static final Logger log = LoggerFactory.getLogger(StatsResponder.class);

	private static final ParameterizedTypeReference<List<KeywordCount>> COUNTS = new ParameterizedTypeReference<>() {
	};

	private final String baseUrl;

	private final Duration timeout;

	private final RestClient http;

	private final MeterRegistry meters;

	StatsResponder(ApiProperties properties, RestClient.Builder http, MeterRegistry meters) {
		this.baseUrl = checkBaseUrl(properties.crawler().baseUrl());
		this.timeout = properties.crawler().timeout();
		// The JDK client's read timeout, as Spring applies it, bounds the whole exchange, body included.
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(this.timeout, this.timeout)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		http.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
			.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1))
			.build(settings));
		if (StringUtils.hasText(this.baseUrl)) {
			http.baseUrl(this.baseUrl);
		}
		this.http = http.build();
		this.meters = meters;
	}

	/** A wrong URL is a deployment mistake: better to stop the start than to answer every /stats with an error. */
	private static String checkBaseUrl(String baseUrl) {
		if (StringUtils.hasText(baseUrl)) {
			URI uri = URI.create(baseUrl);
			if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
				throw new IllegalArgumentException(
						"CRAWLER_BASE_URL must be an http:// or https:// URL with a host, got '" + baseUrl + "'");
			}
		}
		return baseUrl;
	}

	public String reply(StatsCommand command) {
		if (!StringUtils.hasText(this.baseUrl)) {
			return "The crawler is not configured (CRAWLER_BASE_URL is empty), so there are no stats to show.";
		}
		Map<String, String> values = new HashMap<>();
		long start = System.nanoTime();
		try {
			return this.http.get().uri(statsTemplate(command, values), values).exchange((request, response) -> {
				if (response.getStatusCode().value() != 200) {
					return unavailable("status " + response.getStatusCode().value(), "status");
				}
				List<KeywordCount> counts = response.bodyTo(COUNTS);
				return (counts != null) ? describe(command, counts) : unavailable("empty answer", "response");
			});
		}
		catch (RestClientException ex) {
			// Before the headers the JDK client says so; a body cut off at the deadline only shows as a closed stream.
			if (causedBy(ex, HttpTimeoutException.class)
					|| Duration.ofNanos(System.nanoTime() - start).compareTo(this.timeout) >= 0) {
				return tooSlow();
			}
			if (causedBy(ex, HttpMessageNotReadableException.class)) {
				return unavailable("unreadable answer: " + ex.getMostSpecificCause().getMessage(), "response");
			}
			return unavailable(String.valueOf((ex.getCause() != null) ? ex.getCause() : ex), "connection");
		}
	}

	/**
	 * The path and query as a URI template, filling {@code values}. Values go in as variables so that "&", "=" and
	 * "+" in a title are encoded, not taken as syntax; the template, not the expanded URI, is what the client metrics
	 * are tagged with.
	 */
	private static String statsTemplate(StatsCommand command, Map<String, String> values) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/stats");
		if (!command.keywords().isEmpty()) {
			uri.queryParam("keywords", "{keywords}");
			values.put("keywords", String.join(",", command.keywords()));
		}
		if (command.title() != null) {
			uri.queryParam("title", "{title}");
			values.put("title", command.title());
		}
		return uri.build().toUriString();
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private String tooSlow() {
		return failure("The crawler did not answer within " + this.timeout.toMillis() + " ms; try /stats again later.",
				"timeout", "timed out");
	}

	private String unavailable(String detail, String reason) {
		return failure("The crawler is unavailable right now; try /stats again later.", reason, detail);
	}

	private String failure(String reply, String reason, String detail) {
		this.meters.counter("synergychat.crawler.errors", "reason", reason).increment();
		log.warn("/stats could not reach the crawler at {}: {}", this.baseUrl, detail);
		return reply;
	}

	private static String describe(StatsCommand command, List<KeywordCount> counts) {
		long total = counts.stream().mapToLong(KeywordCount::count).sum();
		long books = counts.stream().map(KeywordCount::bookTitle).distinct().count();
		String keywords = command.keywords().isEmpty() ? "all keywords" : String.join(", ", command.keywords());
		String title = (command.title() != null) ? " in books whose title contains \"" + command.title() + "\"" : "";
		return "Found " + total + " matches for " + keywords + title + " across " + books
				+ ((books == 1) ? " book." : " books.");
	}

}
