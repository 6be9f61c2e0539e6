/**
 * The crawl loop: walks the book list page by page, picks each book's plain text, streams it with a size cap,
 * counts keyword lines and stores the result; retries with backoff and never stops on a failure. Book lists
 * come from a remote Gutendex-compatible server or from the sample library bundled in the jar, through the
 * same code.
 */
@NullMarked
package dev.synergychat.crawler.crawl;

import org.jspecify.annotations.NullMarked;
