package dev.synergychat.crawler.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.synergychat.crawler.CrawlerApplication;
import dev.synergychat.support.stats.KeywordCount;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole crawler application on a random loopback port, configured through the same properties the
 * environment variables map to. Several can run in one JVM, which is how the multi-replica tests run two.
 */
public final class RunningCrawler implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ConfigurableApplicationContext context;

	private final URI base;

	private final URI management;

	private RunningCrawler(ConfigurableApplicationContext context) {
		this.context = context;
		this.base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
		this.management = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port"));
	}

	/**
	 * Starts a crawler with fast test timeouts; {@code properties} (such as
	 * {@code synergychat.crawler.books-url}) override them.
	 */
	public static RunningCrawler start(Map<String, String> properties) {
		Map<String, String> merged = new LinkedHashMap<>(Map.of("server.port", "0", "server.address", "127.0.0.1",
				"synergychat.crawler.delay", "0s", "synergychat.crawler.fetch.connect-timeout", "500ms",
				"synergychat.crawler.fetch.read-timeout", "500ms", "synergychat.crawler.fetch.max-duration", "5s",
				"synergychat.crawler.fetch.attempts", "2", "synergychat.crawler.fetch.initial-backoff", "50ms",
				"synergychat.crawler.fetch.max-backoff", "200ms", "spring.lifecycle.timeout-per-shutdown-phase", "2s"));
		merged.putAll(properties);
		List<String> arguments = new ArrayList<>();
		merged.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CrawlerApplication.class)
			.run(arguments.toArray(String[]::new));
		return new RunningCrawler(context);
	}

	public HttpResponse<String> get(String pathAndQuery) {
		return send(this.base.resolve(pathAndQuery));
	}

	/** A GET on the management port, where {@code /metrics} and the detailed {@code /health} are. */
	public HttpResponse<String> management(String path) {
		return send(this.management.resolve(path));
	}

	private static HttpResponse<String> send(URI uri) {
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + uri + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/** {@code GET /stats} with {@code query} (such as {@code ?title=x}), which must answer 200. */
	public List<KeywordCount> stats(String query) {
		HttpResponse<String> response = get("/stats" + query);
		if (response.statusCode() != 200) {
			throw new AssertionError("GET /stats" + query + " answered " + response.statusCode() + ": " + response.body());
		}
		return List.of(json.readValue(response.body(), KeywordCount[].class));
	}

	/** The value of one Prometheus sample in {@code /metrics}, such as {@code synergychat_crawler_books_crawled_total}. */
	public double metric(String sample) {
		return management("/metrics").body()
			.lines()
			.filter(line -> line.startsWith(sample + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).strip()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no sample " + sample + " in /metrics"));
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
