package dev.synergychat.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Asking a server the same thing until it answers what a test waits for. */
public final class HttpPolling {

	private HttpPolling() {
	}

	/**
	 * {@code GET uri} every 50 ms until it answers {@code status} or {@code within} has passed; returns the last
	 * answer, whatever its status, for the test to assert on.
	 */
	public static HttpResponse<String> awaitStatus(HttpClient http, URI uri, int status, Duration within)
			throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(within);
		HttpResponse<String> response = get(http, uri);
		while (response.statusCode() != status && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
			response = get(http, uri);
		}
		return response;
	}

	private static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
