package dev.synergychat.api.message;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Messages in id order with the paging rules every in-process store shares. Not thread-safe: the stores that use it
 * hold a lock around every call.
 */
final class MessageList {

	private final List<Message> messages = new ArrayList<>();

	private long lastId;

	MessageList(List<Message> initial) {
		for (Message message : initial) {
			if (message.id() <= this.lastId) {
				throw new IllegalArgumentException("message ids must increase, found " + message.id() + " after "
						+ this.lastId);
			}
			this.messages.add(message);
			this.lastId = message.id();
		}
	}

	List<Message> add(List<MessageDraft> drafts) {
		List<Message> added = new ArrayList<>(drafts.size());
		for (MessageDraft draft : drafts) {
			added.add(draft.withId(++this.lastId));
		}
		this.messages.addAll(added);
		return added;
	}

	/** Undoes the last {@link #add} when the caller could not make it durable. */
	void remove(List<Message> added) {
		this.messages.subList(this.messages.size() - added.size(), this.messages.size()).clear();
		this.lastId -= added.size();
	}

	List<Message> page(int limit, @Nullable Long before) {
		int end = (before != null) ? indexOfFirstIdAtLeast(before) : this.messages.size();
		return List.copyOf(this.messages.subList(Math.max(0, end - limit), end));
	}

	List<Message> after(long id, int limit) {
		int start = indexOfFirstIdAtLeast(id + 1);
		return List.copyOf(this.messages.subList(start, Math.min(this.messages.size(), start + limit)));
	}

	List<Message> all() {
		return List.copyOf(this.messages);
	}

	private int indexOfFirstIdAtLeast(long id) {
		int low = 0;
		int high = this.messages.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (this.messages.get(middle).id() < id) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

}
