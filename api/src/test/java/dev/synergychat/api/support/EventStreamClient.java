package dev.synergychat.api.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A minimal Server-Sent Events reader for tests: reads a stream on its own thread and hands out its events and
 * comments in arrival order.
 */
public final class EventStreamClient implements AutoCloseable {

	private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();

	private final HttpResponse<Stream<String>> response;

	private final CountDownLatch ended = new CountDownLatch(1);

	private EventStreamClient(HttpResponse<Stream<String>> response) {
		this.response = response;
		Thread.ofVirtual().name("test-sse-reader").start(this::read);
	}

	/** Opens the stream at {@code uri}, resuming after {@code lastEventId} when it is not null. */
	public static EventStreamClient open(HttpClient http, URI uri, String lastEventId)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		return new EventStreamClient(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
	}

	public HttpResponse<Stream<String>> response() {
		return this.response;
	}

	/** The next event, skipping comments; fails when none arrives within {@code timeout}. */
	public Event nextEvent(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (next(deadline) instanceof Event event) {
				return event;
			}
		}
	}

	/** The next comment, skipping events; fails when none arrives within {@code timeout}. */
	public Comment nextComment(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (next(deadline) instanceof Comment comment) {
				return comment;
			}
		}
	}

	private Item next(long deadline) throws InterruptedException {
		Item item = this.items.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
		if (item == null) {
			throw new AssertionError("nothing arrived on the event stream in time");
		}
		return item;
	}

	private void read() {
		String name = null;
		String id = null;
		StringBuilder data = new StringBuilder();
		try (Stream<String> lines = this.response.body()) {
			for (String line : (Iterable<String>) lines::iterator) {
				if (line.startsWith(":")) {
					this.items.add(new Comment(line.substring(1)));
				}
				else if (line.startsWith("event:")) {
					name = line.substring("event:".length()).strip();
				}
				else if (line.startsWith("id:")) {
					id = line.substring("id:".length()).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring("data:".length()));
				}
				else if (line.isEmpty() && !data.isEmpty()) {
					this.items.add(new Event(name, id, data.toString()));
					name = null;
					id = null;
					data.setLength(0);
				}
			}
		}
		catch (RuntimeException ex) {
			// The stream was closed by the test or the server; the queue simply stops filling.
		}
		finally {
			this.ended.countDown();
		}
	}

	/** Whether the server ended the stream within {@code timeout}. */
	public boolean awaitEnd(Duration timeout) throws InterruptedException {
		return this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.response.body().close();
	}

	public sealed interface Item permits Event, Comment {

	}

	public record Event(String name, String id, String data) implements Item {
	}

	public record Comment(String text) implements Item {
	}

}
