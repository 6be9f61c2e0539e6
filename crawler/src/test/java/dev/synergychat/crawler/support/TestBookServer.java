package dev.synergychat.crawler.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A Gutendex-compatible book server on a random loopback port. Tests describe pages and books, point the
 * crawler at {@link #firstPage()}, and afterwards read how often each path was requested.
 */
public final class TestBookServer implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, Response> responses = new ConcurrentHashMap<>();

	/** Paths answered in a way {@link Response} cannot describe: redirects and trickled bodies. */
	private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private final List<List<Book>> pages = new ArrayList<>();

	private TestBookServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static TestBookServer start() throws IOException {
		return new TestBookServer();
	}

	/** Adds a list page holding {@code books}; pages link to each other in the order they are added. */
	public TestBookServer page(Book... books) {
		this.pages.add(List.of(books));
		return restorePage(this.pages.size());
	}

	/** Makes list page {@code number} answer {@code status} until {@link #restorePage} is called. */
	public TestBookServer failPage(int number, int status) {
		return failing(pagePath(number), status);
	}

	public TestBookServer restorePage(int number) {
		this.responses.put(pagePath(number), Response.ok(() -> pageJson(number)));
		return this;
	}

	/** How many requests list page {@code number} got. */
	public int pageRequests(int number) {
		return requests(pagePath(number));
	}

	/** Serves {@code body} at {@code path}. */
	public TestBookServer text(String path, String body) {
		this.responses.put(path, Response.ok(() -> body));
		return this;
	}

	/** Answers {@code path} with {@code status} every time. */
	public TestBookServer failing(String path, int status) {
		this.responses.put(path, new Response(status, () -> "failure for the test", Duration.ZERO, 0));
		return this;
	}

	/** Answers {@code status} to the first {@code failures} requests for {@code path}, then {@code body}. */
	public TestBookServer flaky(String path, int failures, int status, String body) {
		this.responses.put(path, new Response(status, () -> body, Duration.ZERO, failures));
		return this;
	}

	/** Waits {@code delay} before answering {@code path}, longer than the crawler's read timeout. */
	public TestBookServer slow(String path, Duration delay, String body) {
		this.responses.put(path, new Response(200, () -> body, delay, 0));
		return this;
	}

	/**
	 * Answers {@code path} with a 302 to {@code target}, another path on this server, as Project Gutenberg's
	 * plain-text links do.
	 */
	public TestBookServer redirect(String path, String target) {
		this.handlers.put(path, (exchange) -> {
			exchange.getResponseHeaders().set("Location", url(target));
			exchange.sendResponseHeaders(302, -1);
		});
		return this;
	}

	/**
	 * Sends {@code body} one line at a time with {@code pause} between lines: each read is quick, so only a limit
	 * on the whole download stops it.
	 */
	public TestBookServer trickle(String path, String body, Duration pause) {
		this.handlers.put(path, (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "text/plain");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (String line : body.split("(?<=\n)")) {
					out.write(line.getBytes(StandardCharsets.UTF_8));
					out.flush();
					Thread.sleep(pause);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		return this;
	}

	public String firstPage() {
		return url(pagePath(1));
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** How many requests {@code path} got. */
	public int requests(String path) {
		AtomicInteger count = this.requests.get(path);
		return count == null ? 0 : count.get();
	}

	/** Every path requested more than once, with its count. */
	public Map<String, Integer> repeatedRequests() {
		return this.requests.entrySet()
			.stream()
			.filter(entry -> entry.getValue().get() > 1)
			.collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().get()));
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static String pagePath(int number) {
		return "/books/?page=" + number;
	}

	private String pageJson(int number) {
		String next = number < this.pages.size() ? "\"" + url(pagePath(number + 1)) + "\"" : "null";
		String results = this.pages.get(number - 1).stream().map(this::bookJson).collect(Collectors.joining(","));
		return "{\"count\":" + this.pages.stream().mapToInt(List::size).sum() + ",\"next\":" + next
				+ ",\"previous\":null,\"results\":[" + results + "]}";
	}

	private String bookJson(Book book) {
		String formats = book.formats()
			.entrySet()
			.stream()
			.map(format -> quote(format.getKey()) + ":" + quote(url(format.getValue())))
			.collect(Collectors.joining(","));
		return "{\"id\":" + book.id() + ",\"title\":" + quote(book.title()) + ",\"authors\":[],\"formats\":{" + formats
				+ "}}";
	}

	private static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().toString();
		int count = this.requests.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
		Response response = this.responses.get(path);
		HttpHandler handler = this.handlers.get(path);
		try (exchange) {
			if (handler != null) {
				handler.handle(exchange);
				return;
			}
			if (response == null) {
				send(exchange, 404, "no such path in the test book server");
				return;
			}
			if (response.delay().isPositive()) {
				Thread.sleep(response.delay());
			}
			boolean fails = response.status() != 200 && (response.failures() == 0 || count <= response.failures());
			send(exchange, fails ? response.status() : 200, fails ? "failure for the test" : response.body().get());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// The crawler gave up on a slow answer and closed the connection; that is what the test wanted.
		}
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * A book in a list page.
	 *
	 * @param id its catalogue id
	 * @param title its title
	 * @param formats media type to path on this server
	 */
	public record Book(long id, String title, Map<String, String> formats) {

		/** A book with one format. */
		public static Book of(long id, String title, String mediaType, String path) {
			Map<String, String> formats = new LinkedHashMap<>();
			formats.put(mediaType, path);
			return new Book(id, title, formats);
		}

	}

	private record Response(int status, Supplier<String> body, Duration delay, int failures) {

		static Response ok(Supplier<String> body) {
			return new Response(200, body, Duration.ZERO, 0);
		}

	}

}
