package dev.synergychat.crawler.store;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Crawl results and crawl position. Replicas sharing a store split the books between them: a book is worked
 * on only after {@link #claim} succeeds, and it is settled (counted, or given up for this pass) exactly once.
 * Every method throws {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface CrawlStore {

	/** The stored cursor, or {@code initial} stored as the cursor if there was none yet. */
	Cursor cursorOr(Cursor initial);

	/**
	 * Moves the cursor from {@code expected} to {@code next} if no one has moved it since. Starting a new pass
	 * (a higher {@link Cursor#pass()}) forgets the books given up in the previous one, so they are tried again.
	 * @return whether this call moved it
	 */
	boolean advance(Cursor expected, Cursor next);

	/**
	 * Takes a book for this replica if it is neither settled nor taken by a live claim.
	 * @return whether this replica now owns the book
	 */
	boolean claim(long bookId);

	/** Stores the counts of a claimed book, which settles it and ends the claim. */
	void save(BookCounts counts);

	/** Settles a claimed book without counts until the next pass (no plain text, or it kept failing). */
	void giveUp(long bookId);

	/** Ends a claim without settling the book, so it can be claimed again right away. */
	void release(long bookId);

	/** The ids among {@code bookIds} that are settled. */
	Set<Long> settled(Collection<Long> bookIds);

	/** All stored counts, in no particular order. */
	List<BookCounts> all();

	/** A short description for the start-up log and the health details; never contains a password. */
	String describe();

}
