/**
 * Where crawl results and the crawl position are kept: one {@link dev.synergychat.crawler.store.CrawlStore}
 * interface with a memory, a directory and a Redis implementation, chosen in
 * {@link dev.synergychat.crawler.store.StoreConfiguration}.
 */
@NullMarked
package dev.synergychat.crawler.store;

import org.jspecify.annotations.NullMarked;
