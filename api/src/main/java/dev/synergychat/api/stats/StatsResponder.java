package dev.synergychat.api.stats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

import dev.synergychat.api.ApiProperties;
import dev.synergychat.support.stats.KeywordCount;

/**
 * Answers a {@code /stats} command with the text of the {@code crawler-bot} reply. Never throws: when the crawler is
 * not configured, refuses, fails or is slower than the configured timeout, the reply says so, because the user's
 * message must still be stored.
 */
@Component
public class StatsResponder {

	/** The author of every reply. */
	public static final String BOT_USERNAME = "crawler-bot";

	private static final Logger log = LoggerFactory.getLogger(StatsResponder.class);

	private static final TypeReference<List<KeywordCount>> COUNTS = new TypeReference<>() {
	};

	private final String baseUrl;

	private final Duration timeout;

	private final HttpClient http;

	private final JsonMapper json;

	private final MeterRegistry meters;

	StatsResponder(ApiProperties properties, JsonMapper json, MeterRegistry meters) {
		this.baseUrl = checkBaseUrl(properties.crawler().baseUrl());
		this.timeout = properties.crawler().timeout();
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(this.timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.json = json;
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
		URI uri = statsUri(command);
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(this.timeout).GET().build();
		CompletableFuture<HttpResponse<byte[]>> call = this.http.sendAsync(request,
				HttpResponse.BodyHandlers.ofByteArray());
		try {
			// The request timeout only covers the headers; this bounds the whole exchange, body included.
			HttpResponse<byte[]> response = call.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (response.statusCode() != 200) {
				return unavailable("status " + response.statusCode(), "status");
			}
			return describe(command, this.json.readValue(response.body(), COUNTS));
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			return tooSlow();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof HttpTimeoutException) {
				return tooSlow();
			}
			return unavailable(String.valueOf(ex.getCause()), "connection");
		}
		catch (JacksonException ex) {
			return unavailable("unreadable answer: " + ex.getOriginalMessage(), "response");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.cancel(true);
			return unavailable("interrupted", "connection");
		}
	}

	private URI statsUri(StatsCommand command) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(this.baseUrl).path("/stats");
		Map<String, String> values = new HashMap<>();
		if (!command.keywords().isEmpty()) {
			uri.queryParam("keywords", "{keywords}");
			values.put("keywords", String.join(",", command.keywords()));
		}
		if (command.title() != null) {
			uri.queryParam("title", "{title}");
			values.put("title", command.title());
		}
		// Values go in as variables so that "&", "=" and "+" in a title are encoded, not taken as syntax.
		return uri.encode().buildAndExpand(values).toUri();
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
