package dev.synergychat.api.stats;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.web.client.RestClient;

import dev.synergychat.api.ApiProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The api side of {@code /stats} against a local HTTP server that plays the crawler. */
class StatsResponderTest {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private HttpServer crawler;

	/**
	 * The first exchange in a JVM loads the HTTP client, RestClient and converter classes, which can take longer than
	 * the short timeout the tests use; done once here, it does not count against any test.
	 */
	@BeforeAll
	static void loadTheHttpClientClasses() {
		HttpServer crawler = serve((exchange) -> respond(exchange, 200, "[]"));
		try {
			assertThat(responder("http://127.0.0.1:" + crawler.getAddress().getPort(), Duration.ofSeconds(30),
					new SimpleMeterRegistry())
				.reply(new StatsCommand(List.of(), null))).startsWith("Found 0 matches");
		}
		finally {
			crawler.stop(0);
		}
	}

	@AfterEach
	void stopCrawler() {
		if (this.crawler != null) {
			this.crawler.stop(0);
		}
	}

	@Test
	void repliesWithTheTotalCountAndPassesTheFiltersToTheCrawler() {
		AtomicReference<String> query = new AtomicReference<>();
		String baseUrl = startCrawler((exchange) -> {
			query.set(exchange.getRequestURI().getRawQuery());
			respond(exchange, 200, """
					[{"Keyword":"love","BookTitle":"Pride and Prejudice","Count":3},
					 {"Keyword":"hate","BookTitle":"Pride and Prejudice","Count":4}]""");
		});

		String reply = responder(baseUrl).reply(new StatsCommand(List.of("love", "hate"), "Pride & Joy"));

		assertThat(reply).isEqualTo(
				"Found 7 matches for love, hate in books whose title contains \"Pride & Joy\" across 1 book.");
		assertThat(query.get()).isEqualTo("keywords=love%2Chate&title=Pride%20%26%20Joy");
	}

	@Test
	void aBaseUrlWithAPathKeepsIt() {
		AtomicReference<String> path = new AtomicReference<>();
		String baseUrl = startCrawler((exchange) -> {
			path.set(exchange.getRequestURI().getPath());
			respond(exchange, 200, "[]");
		});

		String reply = responder(baseUrl + "/crawler/").reply(new StatsCommand(List.of(), null));

		assertThat(path.get()).isEqualTo("/crawler/stats");
		assertThat(reply).isEqualTo("Found 0 matches for all keywords across 0 books.");
	}

	@Test
	void serverErrorRepliesThatTheCrawlerIsUnavailable() {
		String baseUrl = startCrawler((exchange) -> respond(exchange, 500, "boom"));

		String reply = responder(baseUrl).reply(new StatsCommand(List.of(), null));

		assertThat(reply).isEqualTo("The crawler is unavailable right now; try /stats again later.");
		assertThat(this.meters.counter("synergychat.crawler.errors", "reason", "status").count()).isEqualTo(1);
	}

	/** Crawlers that take 5 s: one before it answers at all, one in the middle of its answer. */
	static final List<Named<HttpHandler>> STALLING_CRAWLERS = List.of(
			Named.of("slow to answer", (exchange) -> {
				sleep(Duration.ofSeconds(5));
				respond(exchange, 200, "[]");
			}), Named.of("stalls in the middle of its answer", (exchange) -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, 100);
				exchange.getResponseBody().write("[{\"Keyword\":".getBytes(StandardCharsets.UTF_8));
				exchange.getResponseBody().flush();
				sleep(Duration.ofSeconds(5));
				exchange.close();
			}));

	@ParameterizedTest
	@FieldSource("STALLING_CRAWLERS")
	void stallingCrawlerIsCutOffAtTheTimeoutAndTheReplySaysSo(HttpHandler stalling) {
		String baseUrl = startCrawler(stalling);
		long start = System.nanoTime();

		String reply = responder(baseUrl).reply(new StatsCommand(List.of(), null));

		// Well under the crawler's 5 s, with room for a busy machine.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		assertThat(reply).isEqualTo("The crawler did not answer within 500 ms; try /stats again later.");
		assertThat(this.meters.counter("synergychat.crawler.errors", "reason", "timeout").count()).isEqualTo(1);
	}

	@Test
	void refusedConnectionRepliesThatTheCrawlerIsUnavailable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}

		String reply = responder("http://127.0.0.1:" + closedPort).reply(new StatsCommand(List.of(), null));

		assertThat(reply).isEqualTo("The crawler is unavailable right now; try /stats again later.");
		assertThat(this.meters.counter("synergychat.crawler.errors", "reason", "connection").count()).isEqualTo(1);
	}

	@Test
	void answerThatIsNotTheStatsJsonRepliesThatTheCrawlerIsUnavailable() {
		String baseUrl = startCrawler((exchange) -> respond(exchange, 200, "<html>not the crawler</html>"));

		assertThat(responder(baseUrl).reply(new StatsCommand(List.of(), null)))
			.isEqualTo("The crawler is unavailable right now; try /stats again later.");
	}

	@Test
	void withoutBaseUrlRepliesThatTheCrawlerIsNotConfigured() {
		assertThat(responder("").reply(new StatsCommand(List.of("love"), null))).isEqualTo(
				"The crawler is not configured (CRAWLER_BASE_URL is empty), so there are no stats to show.");
	}

	@Test
	void aBaseUrlWithoutSchemeStopsTheStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> responder("crawler:8080"))
			.withMessage("CRAWLER_BASE_URL must be an http:// or https:// URL with a host, got 'crawler:8080'");
	}

	private StatsResponder responder(String baseUrl) {
		return responder(baseUrl, TIMEOUT, this.meters);
	}

	private static StatsResponder responder(String baseUrl, Duration timeout, SimpleMeterRegistry meters) {
		ApiProperties properties = new ApiProperties(new ApiProperties.Storage("", "", "", ""),
				new ApiProperties.Crawler(baseUrl, timeout), new ApiProperties.Redis("", "test:"), 60,
				List.of("*"), List.of(), new ApiProperties.Stream(Duration.ofSeconds(10), 500));
		return new StatsResponder(properties, RestClient.builder(), meters);
	}

	private String startCrawler(HttpHandler handler) {
		this.crawler = serve(handler);
		return "http://127.0.0.1:" + this.crawler.getAddress().getPort();
	}

	private static HttpServer serve(HttpHandler handler) {
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		server.createContext("/", handler);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
		return server;
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
