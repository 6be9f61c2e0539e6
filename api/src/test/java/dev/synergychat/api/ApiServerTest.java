package dev.synergychat.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.apache.catalina.connector.Connector;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import dev.synergychat.api.redis.RedisLink;
import dev.synergychat.api.support.EventStreamClient;
import dev.synergychat.api.support.EventStreamClient.Event;

import static org.assertj.core.api.Assertions.assertThat;

/** The api on a real port with the memory store: the stream, probes, metrics, and what needs a real socket. */
@AutoConfigureMetrics
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "synergychat.api.stream.heartbeat=200ms",
			"synergychat.api.rate-limit=100000" })
class ApiServerTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	JsonMapper json;

	@Autowired
	ApplicationContext context;

	@AfterAll
	static void closeClient() {
		http.close();
	}

	@Test
	void streamDeliversEachNewMessageAsAMessageEventWithItsId() throws Exception {
		try (EventStreamClient stream = EventStreamClient.open(http, uri("/messages/stream"), null)) {
			assertThat(stream.response().headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			stream.nextComment(WAIT);

			JsonNode posted = last(post("streamer", "live!"));
			Event event = stream.nextEvent(WAIT);

			assertThat(event.name()).isEqualTo("message");
			assertThat(event.id()).isEqualTo(posted.get("Id").asString());
			assertThat(this.json.readTree(event.data())).isEqualTo(posted);
		}
	}

	@Test
	void streamResumesAfterLastEventIdWithTheMissedMessagesInOrder() throws Exception {
		long seen = last(post("resumer", "seen")).get("Id").asLong();
		post("resumer", "missed 1");
		post("resumer", "missed 2");

		try (EventStreamClient stream = EventStreamClient.open(http, uri("/messages/stream"), Long.toString(seen))) {
			assertThat(text(stream.nextEvent(WAIT))).isEqualTo("missed 1");
			assertThat(text(stream.nextEvent(WAIT))).isEqualTo("missed 2");
			post("resumer", "live after resume");
			assertThat(text(stream.nextEvent(WAIT))).isEqualTo("live after resume");
		}
	}

	@Test
	void streamStartsAfterTheLastEventIdQueryParameterAndTheHeaderWins() throws Exception {
		long shown = last(post("loader", "shown by GET")).get("Id").asLong();
		post("loader", "posted before the stream opened");

		try (EventStreamClient fromQuery = EventStreamClient.open(http,
				uri("/messages/stream?lastEventId=" + shown), null);
				EventStreamClient headerWins = EventStreamClient.open(http,
						uri("/messages/stream?lastEventId=" + (shown - 1)), Long.toString(shown))) {
			assertThat(text(fromQuery.nextEvent(WAIT))).isEqualTo("posted before the stream opened");
			assertThat(text(headerWins.nextEvent(WAIT))).isEqualTo("posted before the stream opened");
		}
	}

	@Test
	void streamSendsHeartbeatCommentsWhileIdle() throws Exception {
		try (EventStreamClient stream = EventStreamClient.open(http, uri("/messages/stream"), null)) {
			assertThat(stream.nextComment(WAIT).text()).isEqualTo("connected");

			assertThat(stream.nextComment(Duration.ofSeconds(2)).text()).isEqualTo("heartbeat");
			assertThat(stream.nextComment(Duration.ofSeconds(2)).text()).isEqualTo("heartbeat");
		}
	}

	@Test
	void chunkedBodyOver64KibIs413() throws Exception {
		byte[] body = ("{\"AuthorUsername\":\"ann\",\"Text\":\"" + "x".repeat(70_000) + "\"}").getBytes();
		HttpRequest request = HttpRequest.newBuilder(uri("/messages"))
			.header("Content-Type", "application/json")
			// A body publisher of unknown length makes the client send it chunked, with no Content-Length.
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();

		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(this.json.readTree(response.body()).get("error").asString())
			.isEqualTo("request body is larger than 65536 bytes");
	}

	/**
	 * The newest page in memory is answered before Spring MVC ({@code NewestPageShortcut}); an {@code Accept} it does
	 * not take as plain goes on to the controller. Both answers must be the same, header for header, and both are
	 * counted under the controller's {@code uri}.
	 */
	@Test
	void theNewestPageIsTheSameAnswerWhetherSpringMvcServesItOrNot() throws Exception {
		post("shortcut", "one");
		post("shortcut", "two");
		post("shortcut", "the same answer both ways");
		String counted = "http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"GET\","
				+ "outcome=\"SUCCESS\",status=\"200\",uri=\"/messages\"}";
		double beforeWarmUp = metric(counted);
		get("/messages?limit=3");
		double countedBefore = metricOnceRecorded(counted, beforeWarmUp + 1);

		HttpResponse<String> shortcut = get("/messages?limit=3", Map.of());
		HttpResponse<String> mvc = get("/messages?limit=3", Map.of("Accept", "application/json, */*"));

		assertThat(shortcut.statusCode()).isEqualTo(200);
		assertThat(mvc.statusCode()).isEqualTo(200);
		assertThat(shortcut.body()).isEqualTo(mvc.body()).contains("the same answer both ways");
		assertThat(this.json.readTree(shortcut.body()).size()).isEqualTo(3);
		for (String header : new String[] { "ETag", "Cache-Control", "Content-Type", "Content-Length", "Vary" }) {
			assertThat(shortcut.headers().allValues(header)).as(header)
				.isNotEmpty()
				.isEqualTo(mvc.headers().allValues(header));
		}
		assertThat(shortcut.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(shortcut.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(metricOnceRecorded(counted, countedBefore + 2)).as("both counted under the controller's uri")
			.isEqualTo(countedBefore + 2);

		String etag = shortcut.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> notModified = get("/messages?limit=3", Map.of("If-None-Match", "\"other\", " + etag));
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
		assertThat(notModified.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(get("/messages?limit=3", Map.of("If-None-Match", "\"other\"")).statusCode()).isEqualTo(200);
		assertThat(get("/messages?limit=0", Map.of()).statusCode()).as("out of range: the controller's 400")
			.isEqualTo(400);
		assertThat(get("/messages", Map.of("Accept", "text/html")).statusCode()).isEqualTo(406);
	}

	/**
	 * A plain post is taken to the controller before Spring MVC ({@code NewMessageShortcut}); one whose
	 * {@code Content-Type} names a charset goes through Spring MVC. Answers, errors included, must be the same both
	 * ways, header for header, and both are counted under the controller's {@code uri}.
	 */
	@Test
	void aPostIsTheSameAnswerWhetherSpringMvcServesItOrNot() throws Exception {
		String plain = "application/json";
		String withCharset = "application/json;charset=UTF-8";
		String counted = "http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"POST\","
				+ "outcome=\"SUCCESS\",status=\"201\",uri=\"/messages\"}";
		double beforeWarmUp = metric(counted);
		post("poster", "warm the counter up");
		double countedBefore = metricOnceRecorded(counted, beforeWarmUp + 1);

		HttpResponse<String> shortcut = postWith(plain, "{\"AuthorUsername\":\"poster\",\"Text\":\"one way\"}");
		HttpResponse<String> mvc = postWith(withCharset, "{\"AuthorUsername\":\"poster\",\"Text\":\"other way\"}");

		assertThat(shortcut.statusCode()).isEqualTo(201);
		assertThat(mvc.statusCode()).isEqualTo(201);
		assertThat(last(this.json.readTree(shortcut.body())).get("Text").asString()).isEqualTo("one way");
		JsonNode mvcPage = this.json.readTree(mvc.body());
		assertThat(mvcPage.get(mvcPage.size() - 2).get("Text").asString()).isEqualTo("one way");
		assertThat(last(mvcPage).get("Text").asString()).isEqualTo("other way");
		assertSameHeaders(shortcut, mvc, "Content-Type", "Vary");
		assertThat(shortcut.headers().firstValue("Content-Length")).hasValue(
				Integer.toString(shortcut.body().getBytes(StandardCharsets.UTF_8).length));
		assertThat(shortcut.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(metricOnceRecorded(counted, countedBefore + 2)).as("both counted under the controller's uri")
			.isEqualTo(countedBefore + 2);

		for (String body : new String[] { "{\"AuthorUsername\":\"poster\",\"Text\":\" \"}", "{\"Text\":",
				"", "null", "[1]", "{\"AuthorUsername\":\"poster\",\"Text\":\"" + "x".repeat(70_000) + "\"}" }) {
			HttpResponse<String> refusedPlain = postWith(plain, body);
			HttpResponse<String> refusedMvc = postWith(withCharset, body);
			String what = body.length() > 60 ? "a body over 64 KiB" : body;
			assertThat(refusedPlain.statusCode()).as(what).isBetween(400, 499).isEqualTo(refusedMvc.statusCode());
			assertThat(refusedPlain.body()).as(what).startsWith("{\"error\":").isEqualTo(refusedMvc.body());
			assertSameHeaders(refusedPlain, refusedMvc, "Content-Type");
		}
		assertThat(last(this.json.readTree(get("/messages").body())).get("Text").asString())
			.as("nothing refused was stored")
			.isEqualTo("other way");
	}

	private static void assertSameHeaders(HttpResponse<String> one, HttpResponse<String> other, String... names) {
		for (String header : names) {
			assertThat(one.headers().allValues(header)).as(header)
				.isNotEmpty()
				.isEqualTo(other.headers().allValues(header));
		}
	}

	@Test
	void tomcatWritesTheNewestPageAndItsHeadersInOneSocketWrite() throws Exception {
		for (int i = 0; i < 100; i++) {
			post("writer", "a message of an ordinary length, number " + i);
		}
		HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(uri("/messages")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		Connector connector = ((TomcatWebServer) ((WebServerApplicationContext) this.context).getWebServer()).getTomcat()
			.getConnector();

		// Tomcat's default (8 KiB) would take two writes for this page; the status line and headers take under 1 KiB.
		assertThat(page.body().length).isBetween(8 * 1024, 31 * 1024);
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString(String.valueOf(32 * 1024));
	}

	@Test
	void livenessReadinessAndLegacyHealthzAreUpAndSayNothingMoreOnTheMainPort() throws Exception {
		HttpResponse<String> live = get("/health/live");
		HttpResponse<String> ready = get("/health/ready");

		assertThat(live.statusCode()).isEqualTo(200);
		assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(ready.statusCode()).isEqualTo(200);
		assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
		HttpResponse<String> healthz = get("/healthz");
		assertThat(healthz.statusCode()).isEqualTo(200);
		assertThat(healthz.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(healthz.body()).isEqualTo("{\"status\":\"ok\"}");
	}

	@Test
	void theFullHealthReportAndTheMetricsAreOnlyOnTheManagementPort() throws Exception {
		assertThat(get("/health").statusCode()).isEqualTo(404);
		assertThat(get("/metrics").statusCode()).isEqualTo(404);

		HttpResponse<String> health = management("/health");

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(health.body()).at("/components/database/details/store").asString())
			.startsWith("memory");
	}

	@Test
	void withoutRedisUrlNothingConnectsToRedisAndHealthSaysSo() throws Exception {
		JsonNode redis = this.json.readTree(management("/health").body()).at("/components/redis");

		assertThat(this.context.getBeansOfType(RedisLink.class)).isEmpty();
		assertThat(redis.get("status").asString()).isEqualTo("UP");
		assertThat(redis.at("/details/mode").asString()).isEqualTo("in-process, REDIS_URL is not set");
	}

	@Test
	void metricsAreInPrometheusTextWithTheDomainCounters() throws Exception {
		post("counter", "/stats keywords=love");
		get("/messages");

		HttpResponse<String> metrics = management("/metrics");

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(metrics.body()).containsPattern("(?m)^synergychat_messages_stored_total [1-9]")
			.containsPattern("(?m)^synergychat_slash_commands_total\\{command=\"stats\"} [1-9]")
			.contains("synergychat_stream_subscribers")
			.containsPattern("(?m)^synergychat_stream_fanout_lag_seconds_count [1-9]")
			.containsPattern("(?m)^synergychat_stream_recovered_total 0\\.0$")
			.containsPattern("(?m)^synergychat_ready 1\\.0$")
			.containsPattern("(?m)^synergychat_newest_page_rebuilds_total [1-9]")
			.containsPattern("(?m)^synergychat_newest_page_drops_total\\{cause=\"conflict\"} ")
			.containsPattern("http_server_requests_seconds_bucket\\{.*uri=\"/messages\",le=\"0\\.5\"}")
			.contains("http_server_requests_seconds_count");
	}

	private JsonNode post(String username, String text) throws IOException, InterruptedException {
		String body = this.json.writeValueAsString(Map.of("AuthorUsername", username, "Text", text));
		HttpResponse<String> response = postWith("application/json", body);
		assertThat(response.statusCode()).isEqualTo(201);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> postWith(String contentType, String body) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri("/messages"))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode last(JsonNode page) {
		return page.get(page.size() - 1);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private double metric(String series) throws IOException, InterruptedException {
		return management("/metrics").body()
			.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1)))
			.findFirst()
			.orElse(0);
	}

	/**
	 * The series once it reaches {@code expected}, or after {@link #WAIT} whatever it is then: a request is recorded
	 * when its observation stops, which may be just after the client has the answer.
	 */
	private double metricOnceRecorded(String series, double expected) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		double value = metric(series);
		while (value < expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
			value = metric(series);
		}
		return value;
	}

	private HttpResponse<String> management(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private String text(Event event) {
		return this.json.readTree(event.data()).get("Text").asString();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
