package dev.synergychat.crawler.store;

import java.net.URI;
import java.time.Instant;

/**
 * Where the crawl stands: the list page being worked on. Kept in the store so that a restarted crawler, or
 * another replica, continues from here.
 *
 * @param pass how many times the whole list has been walked, starting at 1
 * @param page the list page whose books are being counted
 * @param notBefore no replica starts on {@code page} before this instant (the pause between passes)
 */
public record Cursor(long pass, URI page, Instant notBefore) {

	/** The cursor of a crawl that has not started: pass 1 on the first page, right away. */
	public static Cursor start(URI firstPage) {
		return new Cursor(1, firstPage, Instant.EPOCH);
	}

}
