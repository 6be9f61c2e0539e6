package dev.synergychat.api.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Ids of the messages this replica's streams were handed above a floor, so {@link FanOutCheck} can tell which
 * stored messages the fan-out did not bring. Nothing is recorded while no check is running.
 */
final class DeliveredIds {

	private static final long NOT_TRACKING = Long.MAX_VALUE;

	private final Set<Long> ids = ConcurrentHashMap.newKeySet();

	private volatile long floor = NOT_TRACKING;

	private final AtomicLong highest = new AtomicLong(NONE);

	static final long NONE = -1;

	/** Called for every message handed to the streams; cheap when nothing is tracked. */
	void record(long id) {
		if (id > this.highest.get()) {
			this.highest.accumulateAndGet(id, Math::max);
		}
		if (id > this.floor) {
			this.ids.add(id);
		}
	}

	/** The highest Id ever handed to the streams, tracked or not, or {@link #NONE}. */
	long highest() {
		return this.highest.get();
	}

	boolean contains(long id) {
		return this.ids.contains(id);
	}

	/** Records the Ids above {@code floor} from now on, and forgets those at or below it. */
	void trackAbove(long floor) {
		this.floor = floor;
		this.ids.removeIf((id) -> id <= floor);
	}

	void stopTracking() {
		this.floor = NOT_TRACKING;
		this.ids.clear();
	}

	/** Stops tracking and forgets the highest Id too: what was handed before no longer says what was missed. */
	void forget() {
		stopTracking();
		this.highest.set(NONE);
	}

}
