package dev.synergychat.crawler.crawl;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * One page of a Gutendex-compatible book list ({@code GET /books/}); only the fields the crawler uses.
 *
 * @param count how many books the whole list holds, if the server says ({@code null} otherwise)
 * @param next the following page, absolute or relative to this one; {@code null} on the last page
 * @param results the books on this page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CataloguePage(@Nullable Long count, @Nullable String next, List<Book> results) {

	CataloguePage {
		results = results == null ? List.of() : List.copyOf(results);
	}

	/**
	 * @param id the catalogue's id for the book
	 * @param title the book's title
	 * @param formats media type (such as {@code text/plain; charset=utf-8}) to the URL of that format
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Book(long id, String title, Map<String, String> formats) {

		Book {
			title = title == null ? "" : title;
			formats = formats == null ? Map.of() : Map.copyOf(formats);
		}

	}

}
