package dev.synergychat.crawler.crawl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/** Where list pages and book texts are read from: a remote server, or the sample library in the jar. */
interface BookServer {

	/** Opens {@code uri} and hands the body to {@code reader}; the stream is closed afterwards. */
	<T> T read(URI uri, BodyReader<T> reader) throws IOException;

	/** Whether reads go over the network, which is when the crawler pauses between books to be polite. */
	boolean remote();

	/** Consumes a response body. */
	@FunctionalInterface
	interface BodyReader<T> {

		T read(InputStream body) throws IOException;

	}

}
