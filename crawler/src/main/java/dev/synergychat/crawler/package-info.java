/**
 * The crawler service: walks a Gutendex-compatible book list, counts configured keywords per book and answers
 * {@code GET /stats}. Features live in sub-packages: {@code crawl} (the loop and book fetching), {@code store}
 * (where counts are kept), {@code stats} (the query endpoint) and {@code web} (errors and legacy health).
 */
@NullMarked
package dev.synergychat.crawler;

import org.jspecify.annotations.NullMarked;
