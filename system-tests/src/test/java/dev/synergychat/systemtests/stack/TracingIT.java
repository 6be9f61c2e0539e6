package dev.synergychat.systemtests.stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.synergychat.systemtests.stack.OtlpReceiver.ReceivedSpan;
import dev.synergychat.systemtests.support.ChatClient;
import dev.synergychat.systemtests.support.ChatMessage;
import dev.synergychat.systemtests.support.LightLane;
import dev.synergychat.systemtests.support.Service;
import dev.synergychat.systemtests.support.ServiceProcess;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing across api and crawler: both export over OTLP/HTTP to a receiver this test runs, as they would to an
 * OpenTelemetry Collector, set by the standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}. A {@code /stats} post must be one
 * trace from api's request through its call to the crawler into the crawler's answer, and api's JSON log line about
 * that call must name the same trace.
 */
@LightLane
class TracingIT {

	private static final Duration EXPORTED = Duration.ofSeconds(30);

	private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(15);

	private static final ChatClient client = new ChatClient();

	private static OtlpReceiver receiver;

	private static ServiceProcess crawler;

	private static ServiceProcess api;

	@BeforeAll
	static void startServicesThatExportToTheReceiver() {
		receiver = OtlpReceiver.start();
		// Spans go out every 100 ms (OTEL_BSP_SCHEDULE_DELAY) rather than every 5 s, so the test waits less.
		Map<String, String> tracing = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
				"OTEL_BSP_SCHEDULE_DELAY", "100", "LOG_FORMAT", "json");
		int[] ports = ServiceProcess.freePorts(2);
		crawler = ServiceProcess.launch(Service.CRAWLER, ports[0], with(tracing, "CRAWLER_BOOKS_URL", "sample"));
		api = ServiceProcess.launch(Service.API, ports[1],
				with(tracing, "CRAWLER_BASE_URL", crawler.baseUri().toString()));
		ServiceProcess.awaitAllReady(crawler, api);
	}

	@AfterAll
	static void stopAll() {
		if (api != null) {
			api.close();
		}
		if (crawler != null) {
			crawler.close();
		}
		if (receiver != null) {
			receiver.close();
		}
	}

	@Test
	void statsPostIsOneTraceFromApiThroughItsCallIntoTheCrawler() {
		ChatMessage question = client.post(api.baseUri(), "ann", "/stats keywords=love");
		assertThat(client.awaitReply(api.baseUri(), question, REPLY_TIMEOUT).text()).startsWith("Found ");

		// Each service exports its spans as they end, in batches of its own: the crawler's answer, api's POST and
		// api's call into the crawler can arrive in any order, so wait for all three before looking at them.
		List<ReceivedSpan> spans = receiver.await(
				"crawler answer in the trace of api's POST /messages, and api's call that it answered",
				(received) -> answered(received).flatMap((answer) -> parent(received, answer)).isPresent(), EXPORTED);
		ReceivedSpan crawlerSpan = answered(spans).orElseThrow();
		ReceivedSpan post = postSpan(spans, crawlerSpan.traceId()).orElseThrow();
		ReceivedSpan call = parent(spans, crawlerSpan).orElseThrow();

		assertThat(post.parentSpanId()).as("api's POST starts the trace").isEmpty();
		assertThat(post.name()).isEqualTo("http post /messages");
		assertThat(call.name()).isEqualTo("http get");
		assertThat(crawlerSpan.name()).isEqualTo("http get /stats");
		assertThat(call.service()).isEqualTo("api");
		assertThat(call.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(call.traceId()).isEqualTo(post.traceId());
		assertThat(call.attributes()).containsEntry("method", "GET").containsEntry("uri", "/stats?keywords={keywords}");
		assertThat(crawlerSpan.attributes()).containsEntry("uri", "/stats").containsEntry("status", "200");
		// Both services were polled on /health/ready until they were up; none of that is exported.
		assertThat(spans).extracting((span) -> span.attributes().getOrDefault("uri", ""))
			.noneMatch((uri) -> uri.startsWith("/health"));
	}

	@Test
	void apiLogLineAboutAFailedCrawlerCallCarriesTheTraceIdOfThatCall() {
		// The crawler refuses keywords longer than 100 characters with a 400, which api logs as a warning.
		String tooLong = "x".repeat(101);
		ChatMessage question = client.post(api.baseUri(), "ann", "/stats keywords=" + tooLong);
		assertThat(client.awaitReply(api.baseUri(), question, REPLY_TIMEOUT).text()).contains("unavailable");

		Map<String, Object> line = api.logText()
			.lines()
			.filter((text) -> text.contains("could not reach the crawler"))
			.map(ChatClient::readObject)
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("No log line about the failed call in " + api));
		assertThat(line).containsKeys("trace.id", "span.id");
		String traceId = (String) line.get("trace.id");

		String spanId = (String) line.get("span.id");
		List<ReceivedSpan> spans = receiver.await(
				"crawler span in the logged trace " + traceId + " and api's span " + spanId + " that logged it",
				(received) -> crawlerServerSpan(received, traceId).isPresent() && apiSpan(received, spanId).isPresent(),
				EXPORTED);
		assertThat(crawlerServerSpan(spans, traceId).orElseThrow().attributes()).containsEntry("status", "400");
		assertThat(spans).filteredOn((span) -> span.traceId().equals(traceId))
			.extracting(ReceivedSpan::service)
			.contains("api", "crawler");
		assertThat(spans).filteredOn((span) -> span.service().equals("api"))
			.extracting(ReceivedSpan::spanId)
			.contains(spanId);
	}

	/** The crawler's successful {@code /stats} answer in a trace that api's {@code POST /messages} started. */
	private static Optional<ReceivedSpan> answered(List<ReceivedSpan> spans) {
		return spans.stream()
			.filter((span) -> span.service().equals("crawler") && span.kind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> "/stats".equals(span.attributes().get("uri"))
					&& "200".equals(span.attributes().get("status")))
			.filter((span) -> postSpan(spans, span.traceId()).isPresent())
			.findFirst();
	}

	private static Optional<ReceivedSpan> apiSpan(List<ReceivedSpan> spans, String spanId) {
		return spans.stream().filter((span) -> span.service().equals("api") && span.spanId().equals(spanId)).findFirst();
	}

	/** The span {@code child} names as its parent, once it has arrived. */
	private static Optional<ReceivedSpan> parent(List<ReceivedSpan> spans, ReceivedSpan child) {
		return spans.stream().filter((span) -> span.spanId().equals(child.parentSpanId())).findFirst();
	}

	private static Optional<ReceivedSpan> postSpan(List<ReceivedSpan> spans, String traceId) {
		return spans.stream()
			.filter((span) -> span.service().equals("api") && span.kind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> span.traceId().equals(traceId) && "POST".equals(span.attributes().get("method"))
					&& "/messages".equals(span.attributes().get("uri")))
			.findFirst();
	}

	private static Optional<ReceivedSpan> crawlerServerSpan(List<ReceivedSpan> spans, String traceId) {
		return spans.stream()
			.filter((span) -> span.service().equals("crawler") && span.kind() == SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> span.traceId().equals(traceId) && "/stats".equals(span.attributes().get("uri")))
			.findFirst();
	}

	private static Map<String, String> with(Map<String, String> common, String name, String value) {
		Map<String, String> env = ServiceProcess.env(name, value);
		env.putAll(common);
		return env;
	}

}
