package dev.synergychat.systemtests.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP trace endpoint on a free loopback port, standing in for an OpenTelemetry Collector: it takes
 * {@code POST /v1/traces} with a protobuf {@code ExportTraceServiceRequest}, as the services' exporter sends it, and
 * keeps every span it decodes. Give services {@link #endpoint()} as {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
 */
final class OtlpReceiver implements AutoCloseable {

	private static final Duration POLL = Duration.ofMillis(200);

	private final HttpServer server;

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private OtlpReceiver(HttpServer server) {
		this.server = server;
	}

	static OtlpReceiver start() {
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		OtlpReceiver receiver = new OtlpReceiver(server);
		server.createContext("/", receiver::handle);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
		return receiver;
	}

	/** The base URL, without the {@code /v1/traces} the exporter adds itself. */
	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Waits until the spans received so far satisfy {@code condition}, and returns them. */
	List<ReceivedSpan> await(String what, Predicate<List<ReceivedSpan>> condition, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (!condition.test(List.copyOf(this.spans))) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("No " + what + " within " + timeout + "; received: " + this.spans);
			}
			try {
				Thread.sleep(POLL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + what, ex);
			}
		}
		return List.copyOf(this.spans);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod()) || !"/v1/traces".equals(exchange.getRequestURI().getPath())) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			ExportTraceServiceRequest request;
			try (InputStream body = body(exchange)) {
				request = ExportTraceServiceRequest.parseFrom(body);
			}
			for (ResourceSpans resource : request.getResourceSpansList()) {
				String service = attributes(resource.getResource().getAttributesList()).get("service.name");
				for (ScopeSpans scope : resource.getScopeSpansList()) {
					for (Span span : scope.getSpansList()) {
						this.spans.add(ReceivedSpan.of(service, span));
					}
				}
			}
			byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, (answer.length == 0) ? -1 : answer.length);
			exchange.getResponseBody().write(answer);
		}
	}

	private static InputStream body(HttpExchange exchange) throws IOException {
		boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
		return gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
	}

	private static Map<String, String> attributes(List<KeyValue> attributes) {
		return attributes.stream()
			.collect(Collectors.toMap(KeyValue::getKey, (attribute) -> attribute.getValue().getStringValue(),
					(first, second) -> second));
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One decoded span, ids in the lower-case hex that W3C {@code traceparent} and the logs use.
	 *
	 * @param service the {@code service.name} of the resource that sent it
	 * @param parentSpanId empty for the root span of a trace
	 * @param attributes the string-valued attributes (Micrometer's tags, such as {@code uri} and {@code method})
	 */
	record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
			Span.SpanKind kind, Map<String, String> attributes) {

		static ReceivedSpan of(String service, Span span) {
			return new ReceivedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()),
					hex(span.getParentSpanId()), span.getName(), span.getKind(),
					OtlpReceiver.attributes(span.getAttributesList()));
		}

		private static String hex(ByteString id) {
			return HexFormat.of().formatHex(id.toByteArray());
		}

	}

}
