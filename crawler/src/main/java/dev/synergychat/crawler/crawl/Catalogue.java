package dev.synergychat.crawler.crawl;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What a crawl step reads: list pages and the texts they link to. The {@link Fetcher} reads them from a book
 * server with size caps and retries; the step's unit tests hand it pages and texts from memory instead.
 */
interface Catalogue {

	/** The list page at {@code uri}. */
	CataloguePage page(URI uri) throws IOException, InterruptedException;

	/** The number of lines of the text at {@code link} that contain each of {@code keywords}. */
	CountedText count(PlainTextLink link, List<String> keywords) throws IOException, InterruptedException;

	/**
	 * @param counts keyword to number of matching lines
	 * @param truncated whether the text was longer than the cap and only its beginning was counted
	 */
	record CountedText(Map<String, Long> counts, boolean truncated) {
	}

}
