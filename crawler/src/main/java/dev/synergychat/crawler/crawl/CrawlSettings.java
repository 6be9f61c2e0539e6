package dev.synergychat.crawler.crawl;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What the crawl needs from configuration, already resolved.
 *
 * @param firstPage the first list page
 * @param keywords lower-case keywords to count
 * @param delay pause after each book read (zero for the sample library)
 * @param revisitAfter pause between the end of one pass and the start of the next
 * @param initialBackoff first pause while the store is unreachable
 * @param maxBackoff longest pause while the list is unreachable, and the store (at most 10 s)
 */
record CrawlSettings(URI firstPage, List<String> keywords, Duration delay, Duration revisitAfter,
		Duration initialBackoff, Duration maxBackoff) {
}
