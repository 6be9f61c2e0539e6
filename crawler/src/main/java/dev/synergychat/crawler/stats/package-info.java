/**
 * {@code GET /stats}: the stored counts as {@code {"Keyword", "BookTitle", "Count"}} rows, filtered by keyword
 * and title and sorted by count.
 */
@NullMarked
package dev.synergychat.crawler.stats;

import org.jspecify.annotations.NullMarked;
