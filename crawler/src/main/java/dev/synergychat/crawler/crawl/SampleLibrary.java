package dev.synergychat.crawler.crawl;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

import org.springframework.core.io.ClassPathResource;

/**
 * The sample library bundled in the jar ({@code CRAWLER_BOOKS_URL=sample}): list pages and texts under
 * {@code src/main/resources/sample}, addressed as {@code sample:<path>}. The pages use the Gutendex format, so
 * the sample goes through the same parsing, format choice, size cap and counting as a real server; only the
 * transport differs, and nothing here is remote, so the crawler does not pause between sample books.
 */
class SampleLibrary implements BookServer {

	static final String SCHEME = "sample";

	static final URI FIRST_PAGE = URI.create(SCHEME + ":books/page-1.json");

	@Override
	public <T> T read(URI uri, BodyReader<T> reader) throws IOException {
		if (!SCHEME.equals(uri.getScheme())) {
			throw new FetchFailedException("the sample library has no " + uri, false);
		}
		ClassPathResource resource = new ClassPathResource(SCHEME + "/" + uri.getSchemeSpecificPart());
		if (!resource.exists()) {
			throw new FileNotFoundException("the sample library has no " + uri);
		}
		try (InputStream body = resource.getInputStream()) {
			return reader.read(body);
		}
	}

	@Override
	public boolean remote() {
		return false;
	}

}
