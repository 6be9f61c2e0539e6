package dev.synergychat.crawler.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Keeps everything in this process, like the original crawler: one replica, lost on restart. Claims always
 * succeed for unsettled books because this process is the only crawler using the store. Public because the crawl
 * step's unit tests run against it.
 */
public class MemoryCrawlStore implements CrawlStore {

	private final Map<Long, BookCounts> counts = new HashMap<>();

	private final Set<Long> givenUp = new HashSet<>();

	private @Nullable Cursor cursor;

	@Override
	public synchronized Cursor cursorOr(Cursor initial) {
		if (this.cursor == null) {
			this.cursor = initial;
		}
		return this.cursor;
	}

	@Override
	public synchronized boolean advance(Cursor expected, Cursor next) {
		if (!expected.equals(this.cursor)) {
			return false;
		}
		if (next.pass() != expected.pass()) {
			this.givenUp.clear();
		}
		this.cursor = next;
		return true;
	}

	@Override
	public synchronized boolean claim(long bookId) {
		return !isSettled(bookId);
	}

	@Override
	public synchronized void save(BookCounts bookCounts) {
		this.counts.put(bookCounts.id(), bookCounts);
	}

	@Override
	public synchronized void giveUp(long bookId) {
		this.givenUp.add(bookId);
	}

	@Override
	public void release(long bookId) {
		// Claims are not recorded in a single-process store, so there is nothing to end.
	}

	@Override
	public synchronized Set<Long> settled(Collection<Long> bookIds) {
		Set<Long> settled = new HashSet<>();
		for (long id : bookIds) {
			if (isSettled(id)) {
				settled.add(id);
			}
		}
		return settled;
	}

	@Override
	public synchronized List<BookCounts> all() {
		return List.copyOf(this.counts.values());
	}

	@Override
	public String describe() {
		return "memory";
	}

	synchronized Cursor cursor() {
		return this.cursor;
	}

	private boolean isSettled(long bookId) {
		return this.counts.containsKey(bookId) || this.givenUp.contains(bookId);
	}

}
