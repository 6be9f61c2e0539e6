package dev.synergychat.api.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.synergychat.api.message.Message;

/**
 * One open stream. Posting threads only put messages in its queue; its own virtual thread writes them, so a slow
 * client never slows down a post. A client that falls {@link #QUEUE_CAPACITY} messages behind is disconnected and
 * resumes with {@code Last-Event-ID}.
 */
final class Subscriber {

	static final int QUEUE_CAPACITY = 1_000;

	private static final long RECONNECT_MILLIS = 2_000;

	private final SseEmitter emitter;

	private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);

	Subscriber(SseEmitter emitter) {
		this.emitter = emitter;
	}

	SseEmitter emitter() {
		return this.emitter;
	}

	void deliver(Message message) {
		offer(new Deliver(message));
	}

	void heartbeat() {
		offer(Signal.HEARTBEAT);
	}

	void close() {
		this.queue.clear();
		this.queue.offer(Signal.CLOSE);
	}

	private void offer(Item item) {
		if (!this.queue.offer(item)) {
			close();
		}
	}

	/**
	 * Writes the stream until it is closed: first the messages after {@code lastEventId} from {@code missed}, then
	 * whatever arrives, skipping messages already sent as missed ones.
	 */
	void run(@Nullable Long lastEventId, Function<Long, List<Message>> missed) {
		try {
			this.emitter.send(SseEmitter.event().comment("connected").reconnectTime(RECONNECT_MILLIS));
			Set<Long> replayed = (lastEventId != null) ? replay(missed.apply(lastEventId)) : Set.of();
			while (true) {
				switch (this.queue.take()) {
					case Deliver(Message message) when replayed.contains(message.id()) -> {
					}
					case Deliver(Message message) -> send(message);
					case Signal.HEARTBEAT -> this.emitter.send(SseEmitter.event().comment("heartbeat"));
					case Signal.CLOSE -> {
						this.emitter.complete();
						return;
					}
				}
			}
		}
		catch (IOException ex) {
			// The client went away; the servlet container ends the request itself.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.emitter.complete();
		}
		catch (RuntimeException ex) {
			// The store could not replay: end the stream, the client reconnects and tries again.
			this.emitter.complete();
		}
	}

	private Set<Long> replay(List<Message> missed) throws IOException {
		for (Message message : missed) {
			send(message);
		}
		return missed.stream().map(Message::id).collect(Collectors.toUnmodifiableSet());
	}

	private void send(Message message) throws IOException {
		this.emitter.send(SseEmitter.event()
			.name("message")
			.id(Long.toString(message.id()))
			.data(message, MediaType.APPLICATION_JSON));
	}

	private sealed interface Item permits Deliver, Signal {

	}

	private record Deliver(Message message) implements Item {
	}

	private enum Signal implements Item {

		HEARTBEAT, CLOSE

	}

}
