package dev.synergychat.systemtests.docker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.synergychat.systemtests.browser.ChatPage;
import dev.synergychat.systemtests.browser.Chromium;
import dev.synergychat.systemtests.support.HeavyLane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Topology 3: {@code compose/compose.nginx-tls.yaml}, nginx in front with HTTPS, as
 * docs/topology-3-compose-nginx-tls.md runs it: compose up from a fresh clone, nothing made by hand (the compose
 * file's own job makes the certificate, the database password has its local default). The client trusts exactly the
 * certificate that job made, read from the running nginx, so every HTTPS check also proves the certificate names the
 * host. nginx is published on free loopback ports instead of 80 and 443, with {@code HTTPS_PORT} telling it which one
 * HTTPS is on, as the page tells users who cannot use 443.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@HeavyLane
class ComposeNginxTlsTopologyIT extends ChatThroughTopology {

	private static final int HTTP_PORT = Commands.freePort();

	private static final int HTTPS_PORT = Commands.freePort();

	private static final String SITE = "https://localhost:" + HTTPS_PORT;

	private static final int PROMETHEUS_PORT = Commands.freePort();

	private static final ComposeProject PROJECT = new ComposeProject("synergychat-it-tls",
			List.of("compose/compose.nginx-tls.yaml", "system-tests/src/test/images/books/compose.topology-3.yaml"),
			settings());

	private SSLContext tls;

	private static Map<String, String> settings() {
		Map<String, String> settings = new HashMap<>(LocalImages.composeVariables());
		settings.putAll(Map.of("HTTP_PUBLISH", "127.0.0.1:" + HTTP_PORT, "HTTPS_PORT", String.valueOf(HTTPS_PORT), "HTTPS_PUBLISH",
				"127.0.0.1:" + HTTPS_PORT, "SITE_ORIGIN", SITE, "CRAWLER_BOOKS_URL", "http://books/books/",
				"CRAWLER_DELAY", "1s", "PROMETHEUS_PUBLISH", "127.0.0.1:" + PROMETHEUS_PORT));
		return settings;
	}

	@Override
	Chat start() {
		PROJECT.up();
		ObservabilityProfile.start(PROJECT);
		this.tls = trusting(PROJECT.compose("exec", "-T", "nginx", "cat", "/etc/nginx/certs/tls.crt"));
		return new Chat(HttpClient.newBuilder().sslContext(this.tls).build(), URI.create(SITE + "/"),
				URI.create(SITE + "/api"));
	}

	@Override
	void stop() {
		PROJECT.down();
	}

	@Override
	String documentedApiUrl() {
		return "/api";
	}

	@Test
	void plainHttpIsRedirectedToTheHttpsPortKeepingPathAndQuery() {
		HttpResponse<String> response = chat()
			.get(URI.create("http://localhost:" + HTTP_PORT + "/api/messages?limit=5&before=9"));

		assertThat(response.statusCode()).isEqualTo(301);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).isEqualTo("https://localhost:" + HTTPS_PORT + "/api/messages?limit=5&before=9");
		// Where the redirect leads, the chat answers: the messages, as JSON.
		HttpResponse<String> followed = chat().get(URI.create(location));
		assertThat(followed.statusCode()).isEqualTo(200);
		assertThat(followed.body()).startsWith("[");
	}

	/**
	 * With HTTPS on its standard port the redirect names no port. Checked on an nginx of its own, started from the
	 * same image and template as the topology's, with only {@code HTTPS_PORT} changed.
	 */
	@Test
	void onPort443TheRedirectNamesNoPort() {
		String name = PROJECT.name() + "-nginx-443";
		Commands.run("docker", "run", "-d", "--name", name, "-e", "HTTPS_PORT=443", "--add-host", "web:127.0.0.1",
				"--add-host", "api:127.0.0.1", "-v",
				Commands.ROOT.resolve("nginx/synergychat.conf.template") + ":/etc/nginx/templates/default.conf.template:ro",
				"-v", PROJECT.name() + "_tls-certs:/etc/nginx/certs:ro", LocalImages.NGINX);
		try {
			String headers = awaitHeaders(name, "http://127.0.0.1/api/messages?limit=5", "Host: chat.example");

			assertThat(headers).contains("HTTP/1.1 301 Moved Permanently")
				.contains("Location: https://chat.example/api/messages?limit=5");
		}
		finally {
			Commands.run("docker", "rm", "-f", name);
		}
	}

	/**
	 * api sends {@code X-Accel-Buffering: no} on its event stream itself, so a stream arriving on time does not show
	 * that nginx is set up for it. This reads the configuration the running nginx has loaded ({@code nginx -T}, after
	 * the template was rendered) and checks the stream location's own directives.
	 */
	@Test
	void theStreamLocationIsUnbufferedWithALongReadTimeout() {
		String config = PROJECT.compose("exec", "-T", "nginx", "nginx", "-T");

		List<String> directives = block(config, "location = /api/messages/stream {");
		assertThat(directives).containsExactlyInAnyOrder("proxy_pass http://api/messages/stream;",
				"proxy_buffering off;", "proxy_cache off;", "proxy_read_timeout 1h;");
		assertThat(config).contains("map \"" + HTTPS_PORT + "\" $https_port_suffix {");
		List<String> gzipTypes = config.lines().map(String::strip).filter((line) -> line.startsWith("gzip_types")).toList();
		assertThat(gzipTypes).singleElement().asString().contains("text/plain").doesNotContain("event-stream");
	}

	/**
	 * Metrics and the full health report are on each service's management port, which nginx does not forward: through
	 * the only door they are 404, and readiness says UP and nothing more. Inside the network the port answers.
	 */
	@Test
	void metricsAndHealthDetailsStayInside() {
		for (String path : List.of("/metrics", "/api/metrics", "/health", "/api/health")) {
			assertThat(chat().get(URI.create(SITE + path)).statusCode()).as("GET %s through nginx", path).isEqualTo(404);
		}
		HttpResponse<String> ready = chat().get(URI.create(SITE + "/api/health/ready"));
		assertThat(ready.statusCode()).isEqualTo(200);
		assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");

		String inside = PROJECT.compose("exec", "-T", "api", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9090 && printf "
				+ "'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3");
		assertThat(inside).contains(" 200 ", "\"database\"", "postgres:5432");
	}

	/**
	 * {@code docker compose --profile observability}: Prometheus reaches web on the front network and crawler on the
	 * back one (see {@link ObservabilityProfile}).
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void theObservabilityProfilesPrometheusScrapesEveryServiceWithTheRulesLoaded() throws Exception {
		ObservabilityProfile.assertPrometheusScrapesEveryServiceWithTheRulesLoaded(PROJECT, PROMETHEUS_PORT);
	}

	@Test
	void certificateNamesLocalhostAndTheLoopbackAddress() throws GeneralSecurityException, IOException {
		HttpResponse<String> response = chat().get(URI.create("https://127.0.0.1:" + HTTPS_PORT + "/health/ready"));

		X509Certificate certificate = (X509Certificate) response.sslSession()
			.orElseThrow()
			.getPeerCertificates()[0];
		assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"),
				List.of(7, "127.0.0.1"));
	}

	@Test
	void tlsOneThreeIsPreferredAndTlsOneTwoStillServed() {
		SSLParameters onlyTlsOneTwo = new SSLParameters();
		onlyTlsOneTwo.setProtocols(new String[] { "TLSv1.2" });
		HttpClient oldClient = HttpClient.newBuilder().sslContext(this.tls).sslParameters(onlyTlsOneTwo).build();

		assertThat(protocolOf(chat().http())).isEqualTo("TLSv1.3");
		assertThat(protocolOf(oldClient)).isEqualTo("TLSv1.2");
	}

	/**
	 * Each security header comes from one side, once: nginx sends the ones about the connection on every response
	 * (and drops web's copies), web sends the Content-Security-Policy, which follows from its {@code API_URL}.
	 */
	@Test
	void everySecurityHeaderComesExactlyOnce() {
		String webPolicy = "default-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
				+ "form-action 'self'; frame-ancestors 'none'";
		for (String path : List.of("/", "/app.js", "/config.js", "/no-such-page")) {
			HttpResponse<String> response = chat().get(URI.create(SITE + path));

			assertThat(response.statusCode()).as(path).isIn(200, 404);
			assertConnectionHeadersOnce(path, response);
			assertThat(response.headers().allValues("Content-Security-Policy")).as(path + " (from web)")
				.containsExactly(webPolicy);
		}
		for (String path : List.of("/api/messages", "/api/no-such-path")) {
			HttpResponse<String> response = chat().get(URI.create(SITE + path));

			assertConnectionHeadersOnce(path, response);
			assertThat(response.headers().allValues("Content-Security-Policy")).as(path + " (api sends none)")
				.isEmpty();
		}
		// nginx's own answer: the body limit.
		HttpResponse<String> refused = chat().send(HttpRequest.newBuilder(URI.create(SITE + "/api/messages"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("x".repeat(100 * 1024)))
			.build());
		assertThat(refused.statusCode()).isEqualTo(413);
		assertConnectionHeadersOnce("413 from nginx", refused);
	}

	private static void assertConnectionHeadersOnce(String what, HttpResponse<String> response) {
		assertThat(response.headers().allValues("Strict-Transport-Security")).as(what)
			.containsExactly("max-age=31536000");
		assertThat(response.headers().allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
		assertThat(response.headers().allValues("Referrer-Policy")).as(what).containsExactly("no-referrer");
	}

	/**
	 * nginx answers {@code /api} with a redirect to {@code /api/}; it must lead to the port the browser used, not to
	 * nginx's own 443, where nothing is published here.
	 */
	@Test
	void theRedirectFromApiToApiSlashKeepsThePublishedPort() {
		URI api = URI.create(SITE + "/api");
		HttpResponse<String> response = chat().get(api);

		assertThat(response.statusCode()).isEqualTo(301);
		URI target = api.resolve(response.headers().firstValue("Location").orElseThrow());
		assertThat(target).isEqualTo(URI.create(SITE + "/api/"));
		assertThat(chat().get(target).headers().firstValue("Content-Type")).as("api answers there")
			.hasValueSatisfying((type) -> assertThat(type).contains("json"));
	}

	/** The certificate job keeps the pair it made: restarting the stack does not change what browsers accepted. */
	@Test
	void theCertificateJobKeepsAnExistingPair() {
		String before = PROJECT.compose("exec", "-T", "nginx", "cat", "/etc/nginx/certs/tls.crt");

		assertThat(PROJECT.compose("run", "--rm", "tls-cert")).contains("keeping /certs/tls.crt");
		assertThat(PROJECT.compose("exec", "-T", "nginx", "cat", "/etc/nginx/certs/tls.crt")).isEqualTo(before);
	}

	@Test
	void textIsServedGzipped() {
		HttpResponse<byte[]> response = sendBytes(
				HttpRequest.newBuilder(URI.create(SITE + "/app.js")).header("Accept-Encoding", "gzip").build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
		assertThat(response.body()).startsWith(0x1f, 0x8b);
	}

	/** api refuses such bodies too, but with JSON: this page is nginx's own. */
	@Test
	void bodiesOverTheLimitAreRefusedAtTheProxy() {
		String text = "x".repeat(100 * 1024);

		HttpResponse<String> response = chat().send(HttpRequest.newBuilder(URI.create(SITE + "/api/messages"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"AuthorUsername\":\"docker-it\",\"Text\":\"" + text + "\"}"))
			.build());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Server")).contains("nginx");
		assertThat(response.headers().firstValue("Content-Type")).contains("text/html");
		assertThat(response.body()).contains("<title>413 Request Entity Too Large</title>")
			.contains("<center>nginx</center>");
	}

	@Test
	void onlyNginxIsPublished() {
		assertThat(PROJECT.services()).contains("nginx", "web", "api", "crawler", "postgres", "redis", "books");
		assertThat(PROJECT.publishedStackPorts()).containsOnly(
				entry("nginx:80", List.of("127.0.0.1:" + HTTP_PORT)),
				entry("nginx:443", List.of("127.0.0.1:" + HTTPS_PORT)));
	}

	@Test
	void chatWorksInHeadlessChromiumOverHttps() {
		String text = "hello over https " + UUID.randomUUID();
		// The certificate is self-signed, so the browser is told to accept it, as a user clicks through the warning.
		try (Chromium chromium = Chromium.start(true)) {
			ChatPage page = ChatPage.open(chromium.driver(), URI.create(SITE + "/"), Duration.ofSeconds(30));

			assertThat(page.apiUrl()).isEqualTo("/api");
			page.awaitLive();
			page.setUsername("browser-it").send(text);

			assertThat(page.awaitMessage("browser-it", text).id()).isPositive();
			assertThat(page.contentSecurityPolicyViolations()).isEmpty();
		}
	}

	/**
	 * api allows each client 60 posts a minute ({@code API_RATE_LIMIT}'s default) and learns the client from
	 * {@code X-Forwarded-For}. A client that forges a new address in every request must still be counted as one,
	 * because api believes only nginx, whose own entry names the real client. Runs near the end, because it spends
	 * this client's posts for a minute.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 2)
	@Override
	void forgedForwardedForDoesNotGetAClientPastApisLimit() {
		// Paced, so nginx's own per-client limit (which answers without Retry-After) is not what stops the posts.
		assertThat(postsBeforeApiRefusesAForger(Duration.ofMillis(100))).as("posts accepted from made-up addresses")
			.isBetween(1, 120);
	}

	/**
	 * Last of the tests that go through nginx, because it spends this client's request budget at the proxy. Only
	 * the Prometheus check, which talks to Prometheus's own port, comes after it.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 1)
	void aClientSendingTooFastIsLimitedByTheProxy() {
		URI uri = URI.create(SITE + "/api/health/live");
		int limited = 0;
		for (int i = 0; i < 150; i++) {
			if (chat().get(uri).statusCode() == 429) {
				limited++;
			}
		}

		assertThat(limited).as("requests answered 429 out of 150 sent back to back").isPositive();
	}

	/** The directives inside the block that opens with the given line of {@code nginx -T} output, trimmed. */
	private static List<String> block(String config, String opening) {
		List<String> lines = config.lines().map(String::strip).toList();
		int first = lines.indexOf(opening);
		assertThat(first).as("'" + opening + "' in nginx -T output:\n" + config).isNotNegative();
		return lines.subList(first + 1, lines.size())
			.stream()
			.takeWhile((line) -> !line.equals("}"))
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
	}

	/** The response headers curl sees inside the container, once nginx there answers. */
	private static String awaitHeaders(String container, String url, String header) {
		Commands.Result result = null;
		for (int attempt = 0; attempt < 50; attempt++) {
			result = Commands.attempt(Duration.ofSeconds(30), Map.of(), "docker", "exec", container, "curl", "-sI",
					"-H", header, url);
			if (result.exitCode() == 0) {
				return result.output();
			}
			Commands.pause(Duration.ofMillis(200));
		}
		throw new AssertionError("nginx in " + container + " did not answer " + url + ":\n" + result.output()
				+ result.errors() + Commands.attempt("docker", "logs", container).errors());
	}

	private static String protocolOf(HttpClient client) {
		try {
			HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(SITE + "/health/live")).build(),
					BodyHandlers.discarding());
			return response.sslSession().map(SSLSession::getProtocol).orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<byte[]> sendBytes(HttpRequest request) {
		try {
			return chat().http().send(request, BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A TLS context that trusts the one PEM certificate given, and nothing else. */
	private static SSLContext trusting(String certificate) {
		try (InputStream in = new ByteArrayInputStream(certificate.getBytes(StandardCharsets.US_ASCII))) {
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			store.setCertificateEntry("synergychat", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
