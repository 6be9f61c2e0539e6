package dev.synergychat.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe and scrape endpoints every topology relies on, over real HTTP: the probes on the main port, saying only
 * UP or DOWN, and the metrics and full health report on the management port alone. Metrics export is switched back
 * on: Spring Boot turns it off in tests by default.
 */
@AutoConfigureMetrics
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class HealthAndMetricsTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return get(this.port, path);
	}

	private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/health/live", "/health/ready" })
	void healthEndpointsReportUpWithoutAnyOtherService(String path) throws Exception {
		HttpResponse<String> response = get(path);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void healthzAnswersWhatTheOriginalImagesAnswered() throws Exception {
		HttpResponse<String> response = get("/healthz");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
	}

	@Test
	void metricsArePrometheusTextWithJvmAndHttpServerTimings() throws Exception {
		get("/");

		// A request is recorded when its observation stops, which may be just after the client has the answer.
		Pattern counted = Pattern.compile("http_server_requests_seconds_count\\{.*uri=\"/\\*\\*\".*\\} [1-9]");
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		HttpResponse<String> response = get(this.managementPort, "/metrics");
		while (!counted.matcher(response.body()).find() && System.nanoTime() < deadline) {
			Thread.sleep(20);
			response = get(this.managementPort, "/metrics");
		}

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
		assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge")
			.containsPattern(counted);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/metrics", "/health" })
	void metricsAndTheFullHealthReportAreNotOnTheMainPort(String path) throws Exception {
		assertThat(get(path).statusCode()).isEqualTo(404);
	}

	@Test
	void theManagementPortShowsTheHealthComponents() throws Exception {
		HttpResponse<String> response = get(this.managementPort, "/health");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"livenessState\":{\"status\":\"UP\"}",
				"\"readinessState\":{\"status\":\"UP\"}");
	}

	@Test
	void rootServesThePageNotTheActuatorIndex() throws Exception {
		HttpResponse<String> response = get("/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("<title>SynergyChat</title>");
	}

}
