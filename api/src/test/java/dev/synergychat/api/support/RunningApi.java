package dev.synergychat.api.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.synergychat.api.ApiApplication;

/** One api instance started by a test on a random loopback port, with a small HTTP client for it. */
public final class RunningApi implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	private final int managementPort;

	private RunningApi(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
		this.managementPort = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
	}

	/** Starts the api with {@code properties} on top of test defaults (random port, no banner). */
	public static RunningApi start(Map<String, Object> properties) {
		return start(properties, new SpringApplicationBuilder(ApiApplication.class));
	}

	/** Starts the api as {@link #start(Map)} does, reading the time from {@code clock} instead of the system's. */
	public static RunningApi start(Map<String, Object> properties, Clock clock) {
		return start(properties, new SpringApplicationBuilder(ApiApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("clock", clock)));
	}

	private static RunningApi start(Map<String, Object> properties, SpringApplicationBuilder application) {
		Map<String, Object> all = new HashMap<>(Map.of("server.port", "0", "server.address", "127.0.0.1",
				"spring.main.banner-mode", "off"));
		all.putAll(properties);
		// As command-line arguments, because those win over application.yaml (default properties would not).
		String[] arguments = all.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new RunningApi(application.run(arguments));
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public HttpClient http() {
		return this.http;
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** A GET on the management port, where {@code /metrics} and the detailed {@code /health} are. */
	public HttpResponse<String> management(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> post(String username, String text) throws IOException, InterruptedException {
		return postAs("127.0.0.1", username, text);
	}

	/** Posts as if a trusted proxy forwarded the request for {@code clientAddress}. */
	public HttpResponse<String> postAs(String clientAddress, String username, String text)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri("/messages"))
			.timeout(Duration.ofSeconds(10))
			.header("X-Forwarded-For", clientAddress)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(
					json.writeValueAsString(Map.of("AuthorUsername", username, "Text", text))))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	public static JsonNode body(HttpResponse<String> response) {
		return body(response.body());
	}

	public static JsonNode body(String json) {
		return RunningApi.json.readTree(json);
	}

	@Override
	public void close() {
		this.context.close();
		this.http.close();
	}

}
