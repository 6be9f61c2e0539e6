package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user of one running topology, seen from the host: loads the page from the entry URL, reads the API_URL the
 * page was given, and talks to api at the address the browser would use. The same checks run against every
 * topology, so the topologies differ only in how they are wired, which is what the tests compare.
 *
 * @param http the client, which for HTTPS trusts the topology's certificate
 * @param page where the browser opens the chat
 * @param api api's base URL as the browser resolves the page's API_URL
 */
record Chat(HttpClient http, URI page, URI api) {

	/** A topology where web and api are published on localhost over plain HTTP. */
	static Chat onLocalhost(int webPort, int apiPort) {
		return new Chat(HttpClient.newHttpClient(), URI.create("http://localhost:" + webPort + "/"),
				URI.create("http://localhost:" + apiPort));
	}

	/** Expected for {@code /stats keywords=love} once crawler has walked the stand-in book server's library. */
	static final String BOOK_SERVER_LOVE_STATS = "Found 5 matches for love across 3 books.";

	/**
	 * Polls until the page and api's readiness both answer 200 at the addresses the browser uses, since containers
	 * are still starting when {@code docker run} or {@code compose up} returns.
	 */
	void awaitReady(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		List<URI> probes = List.of(this.page, URI.create(this.api + "/health/ready"));
		String last = "";
		while (Instant.now().isBefore(deadline)) {
			try {
				if (probes.stream().allMatch((uri) -> get(uri).statusCode() == 200)) {
					return;
				}
				last = "not 200 yet";
			}
			catch (UncheckedIOException ex) {
				last = ex.getMessage();
			}
			Commands.pause(Duration.ofMillis(250));
		}
		throw new AssertionError(probes + " not ready within " + timeout + ": " + last);
	}

	String pageHtml() {
		HttpResponse<String> response = get(this.page);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		return response.body();
	}

	/** The API_URL the page runs with, read from the settings script web serves next to it. */
	String configuredApiUrl() {
		HttpResponse<String> response = get(this.page.resolve("/config.js"));
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		String json = body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
		return JsonPath.read(json, "$.apiUrl");
	}

	/** Posts a message and returns its Id as api reported it in the page after the insert. */
	long post(String author, String text) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(messages())
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"AuthorUsername\":\"" + author + "\",\"Text\":\"" + text + "\"}"))
			.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		List<Integer> ids = JsonPath.read(response.body(),
				"$[?(@.AuthorUsername == '" + author + "' && @.Text == '" + text + "')].Id");
		// The page is oldest first, so a text posted before (a repeated /stats command) comes earlier.
		assertThat(ids).as("the posted message in the page after the insert").isNotEmpty();
		return ids.getLast();
	}

	/** Messages as api lists them, oldest first, as maps of the JSON fields. */
	List<Map<String, Object>> messages(int limit) {
		HttpResponse<String> response = get(URI.create(messages() + "?limit=" + limit));
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonPath.read(response.body(), "$");
	}

	/**
	 * Posts a {@code /stats} command until crawler-bot's reply to it is the expected one, because crawler answers
	 * from what it has crawled so far and starts with nothing. Returns the last reply.
	 */
	String statsReply(String command, String expected, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		String reply;
		do {
			long id = post("docker-it", command);
			reply = messages(20).stream()
				.filter((message) -> ((Number) message.get("Id")).longValue() > id)
				.filter((message) -> "crawler-bot".equals(message.get("AuthorUsername")))
				.map((message) -> (String) message.get("Text"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no crawler-bot reply after message " + id));
			if (reply.equals(expected)) {
				return reply;
			}
			Commands.pause(Duration.ofSeconds(1));
		}
		while (Instant.now().isBefore(deadline));
		return reply;
	}

	/**
	 * Opens {@code /messages/stream} as the page does, posts a message, and returns the Server-Sent Event that
	 * carried it.
	 */
	StreamEvent streamedMessage(Duration timeout) {
		String text = "streamed " + UUID.randomUUID();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.api + "/messages/stream"))
			.header("Accept", "text/event-stream")
			.build();
		CompletableFuture<HttpResponse<Stream<String>>> opened = this.http.sendAsync(request, BodyHandlers.ofLines());
		try {
			HttpResponse<Stream<String>> response = opened.get(timeout.toSeconds(), TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			try (Stream<String> lines = response.body()) {
				CompletableFuture<StreamEvent> event = CompletableFuture
					.supplyAsync(() -> firstEventContaining(lines, text), Commands.READERS);
				post("docker-it", text);
				return event.get(timeout.toSeconds(), TimeUnit.SECONDS);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new AssertionError("no Server-Sent Event with the posted message from " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	URI messages() {
		return URI.create(this.api + "/messages");
	}

	private static StreamEvent firstEventContaining(Stream<String> lines, String text) {
		List<String> block = new ArrayList<>();
		for (String line : (Iterable<String>) lines::iterator) {
			if (!line.isEmpty()) {
				block.add(line);
				continue;
			}
			StreamEvent event = StreamEvent.of(block);
			block.clear();
			if (event.data().contains(text)) {
				return event;
			}
		}
		throw new AssertionError("the stream ended before a message with '" + text + "' arrived");
	}

	/** One Server-Sent Event: its {@code event:}, {@code id:} and {@code data:} fields. */
	record StreamEvent(String event, String id, String data) {

		static StreamEvent of(List<String> lines) {
			String event = "";
			String id = "";
			StringBuilder data = new StringBuilder();
			for (String line : lines) {
				if (line.startsWith("event:")) {
					event = line.substring(6).strip();
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).strip());
				}
			}
			return new StreamEvent(event, id, data.toString());
		}

	}

}
