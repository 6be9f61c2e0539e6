package dev.synergychat.api.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.synergychat.api.PeriodicTask;

/**
 * The newest {@value #CAPACITY} messages in memory, so {@code GET /messages} without {@code before} is answered
 * without the store, with its JSON already written. Kept current by this replica's own appends (before the post is
 * answered) and by the message fan-out that feeds the streams (the other replicas' posts).
 * <p>
 * Messages are kept in Id order, whatever order they arrive in. One whose Id is above the next leaves a gap: with
 * posts on several replicas, another replica's message often arrives before one committed just before it, or one
 * still being committed, and the one in between takes its place when its own fan-out arrives. A message whose fan-out
 * is lost is found by the check against the store, as it would be if it were the newest.
 * <p>
 * The window is only used while it is known to be current; otherwise pages come from the store, which is correct,
 * just slower. It is dropped, and rebuilt from the store by the next page read, when:
 * <ul>
 * <li>a message arrives with the Id of a kept message but other content: the store started over;</li>
 * <li>an own append's read of the store's newest messages does not reach down to the window's newest (what lies
 * between is unknown; a gap within the read is a message not yet committed, which the window keeps as a gap);</li>
 * <li>the fan-out is not live (the Redis subscription is down, so other replicas' posts would be missed); no window
 * is built until it is live again;</li>
 * <li>an append fails, or the store cannot be read;</li>
 * <li>the check every {@link #VERIFY_INTERVAL} finds the store's newest messages differ from the window, still
 * {@link #FAN_OUT_GRACE} later: a message whose fan-out was lost, a store changed behind this replica's back, a
 * database restored or restarted empty.</li>
 * </ul>
 * Each drop of a current window is counted by its cause ({@code synergychat.newest.page.drops}: {@code conflict},
 * {@code append}, {@code check}, or {@code outage} for the fan-out or the store failing), and each read of the whole
 * window from the store ({@code synergychat.newest.page.rebuilds}). Posts to several replicas at once cause a few
 * {@code check} drops (a check that runs while a message's fan-out is on its way); many more than that mean the
 * pages are read from the store, not from memory.
 */
@Component
public final class NewestPage implements SmartLifecycle {

	static final int CAPACITY = MessageController.MAX_LIMIT;

	static final Duration VERIFY_INTERVAL = Duration.ofSeconds(1);

	/**
	 * How long the check waits for the fan-out of a stored message the window lacks before it drops the window: a
	 * message committed just before the check is usually still on its way (its p99 is a few milliseconds).
	 */
	static final Duration FAN_OUT_GRACE = Duration.ofMillis(100);

	/** Pages of other limits kept written per window; the default limit's is always kept. */
	private static final int OTHER_LIMITS_KEPT = 8;

	private final MessageStore store;

	private final JsonMapper json;

	private final Object lock = new Object();

	/**
	 * One rebuild at a time. Page reads that find one under way wait for it and answer from the window it installs,
	 * so a replica that just dropped its window under load reads the store once, not once per waiting request.
	 */
	private final ReentrantLock rebuilding = new ReentrantLock();

	private volatile @Nullable Window window;

	private volatile BooleanSupplier fanOutLive = () -> true;

	/** Counts every drop, so a rebuild that a drop overtook does not install what it read. Guarded by lock. */
	private long drops;

	/** Messages that arrived while a rebuild read the store, to merge into what it read. Guarded by lock. */
	private @Nullable List<Message> arrivedWhileRebuilding;

	private final PeriodicTask verifier = new PeriodicTask("newest-page-verify", VERIFY_INTERVAL, this::verify);

	private final Runnable awaitFanOut;

	private final Counter rebuilds;

	private final Counter conflictDrops;

	private final Counter appendDrops;

	private final Counter checkDrops;

	private final Counter outageDrops;

	@Autowired
	NewestPage(MessageStore store, JsonMapper json, MeterRegistry meters) {
		this(store, json, meters, PeriodicTask.pause(FAN_OUT_GRACE));
	}

	/** @param awaitFanOut what the check does before it looks again for messages it found missing */
	NewestPage(MessageStore store, JsonMapper json, MeterRegistry meters, Runnable awaitFanOut) {
		this.awaitFanOut = awaitFanOut;
		this.store = store;
		this.json = json;
		this.rebuilds = Counter.builder("synergychat.newest.page.rebuilds")
			.description("Reads of the newest messages from the store into the page kept in memory")
			.register(meters);
		this.conflictDrops = drops(meters, "conflict");
		this.appendDrops = drops(meters, "append");
		this.checkDrops = drops(meters, "check");
		this.outageDrops = drops(meters, "outage");
	}

	private static Counter drops(MeterRegistry meters, String cause) {
		return Counter.builder("synergychat.newest.page.drops")
			.description("Times the page kept in memory was found possibly behind the store and dropped")
			.tag("cause", cause)
			.register(meters);
	}

	/** The newest {@code limit} messages, from memory when the window is current, else from the store. */
	RenderedPage newest(int limit) {
		Window current = this.window;
		if (current != null) {
			return current.render(limit);
		}
		if (this.fanOutLive.getAsBoolean()) {
			if (this.rebuilding.tryLock()) {
				try {
					Window rebuiltMeanwhile = this.window;
					return (rebuiltMeanwhile != null) ? rebuiltMeanwhile.render(limit) : rebuild().render(limit);
				}
				finally {
					this.rebuilding.unlock();
				}
			}
			Window rebuilt = awaitRebuildUnderWay();
			if (rebuilt != null) {
				return rebuilt.render(limit);
			}
		}
		return RenderedPage.of(this.store.page(limit, null), this.json);
	}

	/**
	 * Waits for the rebuild under way to end, however it ends, and returns the window it installed. Null when it
	 * installed none (the store failed, or the window was dropped while it read): then the caller reads its page from
	 * the store itself, as it would have without waiting. The wait is bounded by the store's own timeouts, which
	 * bound the rebuild's read.
	 */
	private @Nullable Window awaitRebuildUnderWay() {
		this.rebuilding.lock();
		this.rebuilding.unlock();
		return this.window;
	}

	/** The newest {@code limit} messages when the window is current, else null: then {@link #newest} reads them. */
	@Nullable RenderedPage fromMemory(int limit) {
		Window current = this.window;
		return (current != null) ? current.render(limit) : null;
	}

	/**
	 * Makes the window depend on the fan-out: it is dropped now and whenever the fan-out loses messages
	 * ({@link #drop}), and only rebuilt while {@code live} is true.
	 */
	public void dependOn(BooleanSupplier live) {
		this.fanOutLive = live;
		drop();
	}

	/** Messages that reached this replica through the fan-out, in any order and possibly more than once. */
	public void received(List<Message> messages) {
		synchronized (this.lock) {
			if (this.arrivedWhileRebuilding != null) {
				this.arrivedWhileRebuilding.addAll(messages);
			}
			Window current = this.window;
			if (current != null) {
				Window next = current.with(messages);
				if (next != null) {
					this.window = next;
				}
				else {
					dropLocked(this.conflictDrops);
				}
			}
		}
	}

	/**
	 * This replica's own appends, published before the post is answered. They come with the store's newest messages as
	 * the append read them, which say that an Id missing below the new ones was not committed when it was stored: it
	 * is still on its way from another replica (and takes its place when it arrives) or was rolled back. So under posts
	 * on several replicas, an own append above another replica's message in flight keeps the window instead of
	 * dropping it, as long as what was read reaches down to the window's newest message.
	 */
	@EventListener
	void onCreated(MessagesCreated created) {
		synchronized (this.lock) {
			if (this.arrivedWhileRebuilding != null) {
				this.arrivedWhileRebuilding.addAll(created.messages());
			}
			Window current = this.window;
			if (current != null) {
				Window next = current.withRead(created.newestAfter());
				if (next != null) {
					this.window = next;
				}
				else {
					dropLocked(this.appendDrops);
				}
			}
		}
	}

	/**
	 * Forgets the window, because the fan-out or the store failed: the next page read rebuilds it from the store (or
	 * reads the store while it cannot).
	 */
	public void drop() {
		synchronized (this.lock) {
			dropLocked(this.outageDrops);
		}
	}

	private void dropLocked(Counter cause) {
		if (this.window != null) {
			cause.increment();
		}
		this.drops++;
		this.window = null;
	}

	/**
	 * Reads the newest messages from the store and installs them as the window, with whatever arrived meanwhile,
	 * unless the window was dropped meanwhile or the fan-out is not live. Either way the page read is correct to
	 * answer with.
	 */
	private Window rebuild() {
		long dropsBefore;
		synchronized (this.lock) {
			dropsBefore = this.drops;
			this.arrivedWhileRebuilding = new ArrayList<>();
		}
		this.rebuilds.increment();
		List<Message> read;
		try {
			read = this.store.page(CAPACITY, null);
		}
		catch (RuntimeException ex) {
			synchronized (this.lock) {
				this.arrivedWhileRebuilding = null;
			}
			throw ex;
		}
		Window fromStore = new Window(read, this.json);
		synchronized (this.lock) {
			List<Message> arrived = this.arrivedWhileRebuilding;
			this.arrivedWhileRebuilding = null;
			if (arrived == null || this.drops != dropsBefore || !this.fanOutLive.getAsBoolean()) {
				return fromStore;
			}
			arrived.sort(Comparator.comparingLong(Message::id));
			Window merged = fromStore.with(arrived);
			if (merged == null) {
				return fromStore;
			}
			this.window = merged;
			return merged;
		}
	}

	/**
	 * Compares the window with the store's newest messages and drops it when they differ. A message this replica
	 * saw before the check must be in the store; a message in the store must be in the window (or arrive in it very
	 * soon: the check looks again {@link #FAN_OUT_GRACE} later, and drops the window only if it still lacks it).
	 */
	void verify() {
		Window before = this.window;
		if (before == null) {
			return;
		}
		if (!this.fanOutLive.getAsBoolean()) {
			drop();
			return;
		}
		List<Message> stored;
		try {
			stored = this.store.page(CAPACITY, null);
		}
		catch (RuntimeException ex) {
			drop();
			return;
		}
		List<Message> missing;
		synchronized (this.lock) {
			Window now = this.window;
			if (now == null) {
				return;
			}
			if (!before.allIn(stored)) {
				dropLocked(this.checkDrops);
				return;
			}
			missing = now.missing(stored);
		}
		if (missing.isEmpty()) {
			return;
		}
		this.awaitFanOut.run();
		synchronized (this.lock) {
			Window now = this.window;
			if (now != null && !now.missing(missing).isEmpty()) {
				dropLocked(this.checkDrops);
			}
		}
	}

	@Override
	public void start() {
		this.verifier.start();
	}

	@Override
	public void stop() {
		this.verifier.stop();
	}

	@Override
	public boolean isRunning() {
		return this.verifier.isRunning();
	}

	/**
	 * The newest messages, oldest first, at most {@link #CAPACITY}: every message of the store above the oldest one
	 * kept, or all of them when fewer are kept. Immutable; pages are written to JSON once and reused.
	 */
	private static final class Window {

		private final List<Message> messages;

		private final JsonMapper json;

		private volatile @Nullable RenderedPage defaultPage;

		private final Map<Integer, RenderedPage> otherPages = new ConcurrentHashMap<>();

		Window(List<Message> messages, JsonMapper json) {
			this.messages = List.copyOf(messages);
			this.json = json;
		}

		RenderedPage render(int limit) {
			if (limit == MessageController.DEFAULT_LIMIT) {
				RenderedPage page = this.defaultPage;
				if (page == null) {
					page = write(limit);
					this.defaultPage = page;
				}
				return page;
			}
			RenderedPage page = this.otherPages.get(limit);
			if (page == null) {
				page = write(limit);
				if (this.otherPages.size() < OTHER_LIMITS_KEPT) {
					this.otherPages.put(limit, page);
				}
			}
			return page;
		}

		private RenderedPage write(int limit) {
			int size = this.messages.size();
			return RenderedPage.of(this.messages.subList(Math.max(0, size - limit), size), this.json);
		}

		/**
		 * This window with {@code arrived} added, or null when one has the Id of a kept message but other content.
		 * Messages already kept are skipped; one below the newest that is missing (posted on another replica,
		 * committed after a later one) takes its place in Id order. One above the next Id leaves a gap for the
		 * messages in between, which take their places when their fan-out arrives.
		 */
		@Nullable Window with(List<Message> arrived) {
			return merge(arrived);
		}

		/**
		 * This window with the store's newest messages as an append read them ({@link MessagesCreated#newestAfter}),
		 * or null when they do not reach down to the newest message kept here (what lies between is unknown), or
		 * when one has the Id of a kept message but other content. Ids missing in what was read were not committed
		 * when it was read, so they may be left as gaps.
		 */
		@Nullable Window withRead(List<Message> read) {
			if (read.isEmpty()) {
				return this;
			}
			long newest = this.messages.isEmpty() ? 0 : this.messages.getLast().id();
			if (read.getFirst().id() > newest + 1) {
				return null;
			}
			return merge(read);
		}

		private @Nullable Window merge(List<Message> arrived) {
			List<Message> next = new ArrayList<>(this.messages);
			for (Message message : arrived) {
				long newest = next.isEmpty() ? 0 : next.getLast().id();
				if (message.id() > newest) {
					next.add(message);
					continue;
				}
				int index = indexOf(next, message.id());
				if (index >= 0) {
					if (!next.get(index).equals(message)) {
						// The same Id with other content: the store started over (restored, or emptied and its
						// Ids reset), so nothing kept here can be trusted.
						return null;
					}
					continue;
				}
				int insertAt = -index - 1;
				if (insertAt == 0 && next.size() >= CAPACITY) {
					continue;
				}
				next.add(insertAt, message);
			}
			if (next.size() > CAPACITY) {
				next = next.subList(next.size() - CAPACITY, next.size());
			}
			return (next.size() == this.messages.size() && next.equals(this.messages)) ? this
					: new Window(next, this.json);
		}

		/** Whether every message kept here that the store's page covers is in it, unchanged. */
		boolean allIn(List<Message> stored) {
			Map<Long, Message> byId = byId(stored);
			long coveredFrom = (stored.size() >= CAPACITY) ? stored.getFirst().id() : Long.MIN_VALUE;
			for (Message message : this.messages) {
				if (message.id() >= coveredFrom && !message.equals(byId.get(message.id()))) {
					return false;
				}
			}
			return true;
		}

		/** The stored messages this window covers but does not keep unchanged. */
		List<Message> missing(List<Message> stored) {
			Map<Long, Message> byId = byId(this.messages);
			long coveredFrom = (this.messages.size() >= CAPACITY) ? this.messages.getFirst().id() : Long.MIN_VALUE;
			List<Message> missing = new ArrayList<>();
			for (Message message : stored) {
				if (message.id() >= coveredFrom && !message.equals(byId.get(message.id()))) {
					missing.add(message);
				}
			}
			return missing;
		}

		private static Map<Long, Message> byId(List<Message> messages) {
			Map<Long, Message> byId = new HashMap<>(messages.size() * 2);
			messages.forEach((message) -> byId.put(message.id(), message));
			return byId;
		}

		private static int indexOf(List<Message> messages, long id) {
			int low = 0;
			int high = messages.size() - 1;
			while (low <= high) {
				int middle = (low + high) >>> 1;
				long middleId = messages.get(middle).id();
				if (middleId < id) {
					low = middle + 1;
				}
				else if (middleId > id) {
					high = middle - 1;
				}
				else {
					return middle;
				}
			}
			return -(low + 1);
		}

	}

}
