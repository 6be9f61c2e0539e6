package dev.synergychat.crawler.support;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.synergychat.crawler.store.BookCounts;
import dev.synergychat.crawler.store.CrawlStore;
import dev.synergychat.crawler.store.Cursor;
import dev.synergychat.crawler.store.StoreUnavailableException;

/**
 * A read-only store for HTTP slice tests: it holds the counts a test gives it, or fails like an unreachable
 * store. The crawl-side methods are not used by {@code /stats} and refuse to be called.
 */
public final class FixedCrawlStore implements CrawlStore {

	private volatile List<BookCounts> counts = List.of();

	private volatile boolean unavailable;

	public void hold(BookCounts... counts) {
		this.counts = List.of(counts);
		this.unavailable = false;
	}

	public void failAsUnreachable() {
		this.unavailable = true;
	}

	@Override
	public List<BookCounts> all() {
		if (this.unavailable) {
			throw new StoreUnavailableException("Redis at 127.0.0.1:1 is not answering", null);
		}
		return this.counts;
	}

	@Override
	public String describe() {
		return "fixed";
	}

	@Override
	public Cursor cursorOr(Cursor initial) {
		throw new UnsupportedOperationException("not used by /stats");
	}

	@Override
	public boolean advance(Cursor expected, Cursor next) {
		throw new UnsupportedOperationException("not used by /stats");
	}

	@Override
	public boolean claim(long bookId) {
		throw new UnsupportedOperationException("not used by /stats");
	}

	@Override
	public void save(BookCounts counts) {
		throw new UnsupportedOperationException("not used by /stats");
	}

	@Override
	public void giveUp(long bookId) {
		throw new UnsupportedOperationException("not used by /stats");
	}

	@Override
	public void release(long bookId) {
		throw new UnsupportedOperationException("not used by /stats");
	}

	@Override
	public Set<Long> settled(Collection<Long> bookIds) {
		throw new UnsupportedOperationException("not used by /stats");
	}

}
