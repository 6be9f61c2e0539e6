package dev.synergychat.api.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests that once got a 500 or were stored, found by the system tests' corpus
 * ({@code malformed-requests.txt}), on a real Tomcat: MockMvc decodes neither charsets nor query strings the way
 * Tomcat does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "synergychat.api.rate-limit=100000",
			"synergychat.api.cors-allowed-origins=https://chat.example" })
class MalformedRequestTest {

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@AfterAll
	static void closeClient() {
		http.close();
	}

	@Test
	void anEmptyCharsetIsRefusedWithAJsonErrorAndNothingIsStored() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/messages"))
			.header("Content-Type", "application/json; charset=")
			.POST(BodyPublishers.ofString("{\"AuthorUsername\":\"mallory\",\"Text\":\"empty charset\"}")));

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
		assertThat(response.body()).startsWith("{\"error\":");
		assertThat(messages()).doesNotContain("empty charset");
	}

	@Test
	void anOverlongUtf8SequenceIs400AndNotStoredAsTheCharacterItDisguises() throws Exception {
		byte[] body = concat("{\"AuthorUsername\":\"mallory\",\"Text\":\"overlong ", new byte[] { (byte) 0xc0, (byte) 0xaf },
				" slash\"}");

		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/messages"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(body)));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body())
			.isEqualTo("{\"error\":\"request body is not a valid JSON message: not valid UTF-8\"}");
		assertThat(messages()).doesNotContain("overlong / slash");
	}

	@Test
	void validUtf8IncludingEmojiIsStillStored() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/messages"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"AuthorUsername\":\"ann\",\"Text\":\"Grüße 🙂\"}", StandardCharsets.UTF_8)));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(messages()).contains("Grüße 🙂");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/messages?limit=%ff", "/messages?&&===&&", "/messages/stream?lastEventId=%c0" })
	void anUndecodableQueryStringIs400WithAJsonError(String pathAndQuery) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(pathAndQuery)));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
		assertThat(response.body()).isEqualTo("{\"error\":\"the query string cannot be read: it has a malformed "
				+ "%-escape, an escape that is not UTF-8 or a parameter without a name\"}");
	}

	@Test
	void aRefusedPreflightIs403WithAJsonError() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/messages"))
			.header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "POST")
			.method("OPTIONS", BodyPublishers.noBody()));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
		assertThat(response.body()).isEqualTo(
				"{\"error\":\"cross-origin request refused: its origin, method or headers are not allowed\"}");
	}

	private String messages() throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri("/messages?limit=500"))).body();
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
	}

	private static byte[] concat(String before, byte[] middle, String after) {
		byte[] head = before.getBytes(StandardCharsets.UTF_8);
		byte[] tail = after.getBytes(StandardCharsets.UTF_8);
		byte[] all = new byte[head.length + middle.length + tail.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(middle, 0, all, head.length, middle.length);
		System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
		return all;
	}

}
