package dev.synergychat.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.synergychat.support.stats.KeywordCount;

/**
 * Talks to api and crawler over HTTP the way any client does, and waits for the outcomes the tests check.
 */
public final class ChatClient {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final Duration POLL = Duration.ofMillis(300);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** GET, whatever the status. */
	public HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build());
	}

	/** {@code GET {api}/messages}: the newest page, oldest first. */
	public List<ChatMessage> messages(URI api) {
		HttpResponse<String> response = get(URI.create(api + "/messages"));
		return read(expect(200, response), new TypeReference<>() {
		});
	}

	/** {@code POST {api}/messages}, which must answer 201; returns the user's message as stored. */
	public ChatMessage post(URI api, String author, String text) {
		List<ChatMessage> page = postForPage(api, author, text);
		return page.reversed()
			.stream()
			.filter((message) -> message.author().equals(author) && message.text().equals(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("POST answered a page without the posted message: " + page));
	}

	/** {@code POST {api}/messages}, which must answer 201; returns the page it answered, oldest first. */
	public List<ChatMessage> postForPage(URI api, String author, String text) {
		String body = JSON.writeValueAsString(Map.of("AuthorUsername", author, "Text", text));
		HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/messages"))
			.timeout(Duration.ofSeconds(15))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return read(expect(201, send(request)), new TypeReference<>() {
		});
	}

	/** Waits for crawler-bot's reply to {@code question}: the first bot message after it. */
	public ChatMessage awaitReply(URI api, ChatMessage question, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			Optional<ChatMessage> reply = messages(api).stream()
				.filter((message) -> message.author().equals(ChatMessage.BOT) && message.id() > question.id())
				.findFirst();
			if (reply.isPresent()) {
				return reply.get();
			}
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("No " + ChatMessage.BOT + " reply to " + question + " within " + timeout);
			}
			sleep(POLL);
		}
	}

	/** {@code GET {crawler}/stats?{query}}; {@code query} is a map of unencoded parameter values. */
	public List<KeywordCount> stats(URI crawler, Map<String, String> query) {
		StringBuilder uri = new StringBuilder(crawler + "/stats");
		char separator = '?';
		for (Map.Entry<String, String> parameter : query.entrySet()) {
			uri.append(separator)
				.append(parameter.getKey())
				.append('=')
				.append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
			separator = '&';
		}
		return read(expect(200, get(URI.create(uri.toString()))), new TypeReference<>() {
		});
	}

	/**
	 * Waits until the crawler has read the whole library: its unfiltered {@code /stats} answer is non-empty and the
	 * same over several reads. The sample library is read without pauses, so it settles within seconds.
	 */
	public List<KeywordCount> awaitSettledStats(URI crawler, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		List<KeywordCount> previous = List.of();
		int sameInARow = 0;
		while (sameInARow < 3) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("crawler /stats did not settle within " + timeout + "; last answer: " + previous);
			}
			sleep(Duration.ofMillis(500));
			List<KeywordCount> current = stats(crawler, Map.of());
			sameInARow = (!current.isEmpty() && current.equals(previous)) ? sameInARow + 1 : 0;
			previous = current;
		}
		return previous;
	}

	public static long total(List<KeywordCount> counts) {
		return counts.stream().mapToLong(KeywordCount::count).sum();
	}

	/** Reads a JSON body, e.g. a health answer, as a map. */
	public static Map<String, Object> readObject(String json) {
		return JSON.readValue(json, new TypeReference<>() {
		});
	}

	private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
		if (response.statusCode() != status) {
			throw new AssertionError("Expected " + status + " from " + response.request().method() + " "
					+ response.uri() + " but got " + response.statusCode() + ": " + response.body());
		}
		return response;
	}

	private static <T> T read(HttpResponse<String> response, TypeReference<T> type) {
		return JSON.readValue(response.body(), type);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during " + request.uri(), ex);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting", ex);
		}
	}

}
