package dev.synergychat.crawler.crawl;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;

import dev.synergychat.crawler.CrawlerProperties;

/**
 * Reads from a Gutendex-compatible server over HTTP(S). {@link HttpURLConnection} is used because its read
 * timeout bounds every blocking read of the body, which a book download needs; on top of that a whole
 * download is cut off after {@code maxDuration} so a server that trickles bytes cannot hold the loop.
 */
class HttpBookServer implements BookServer {

	private static final String USER_AGENT = "SynergyChat-crawler/1.0";

	private final CrawlerProperties.Fetch fetch;

	HttpBookServer(CrawlerProperties.Fetch fetch) {
		this.fetch = fetch;
	}

	@Override
	public <T> T read(URI uri, BodyReader<T> reader) throws IOException {
		URLConnection opened = uri.toURL().openConnection();
		if (!(opened instanceof HttpURLConnection connection)) {
			throw new FetchFailedException("not an http(s) URL: " + uri, false);
		}
		connection.setConnectTimeout(millis(this.fetch.connectTimeout()));
		connection.setReadTimeout(millis(this.fetch.readTimeout()));
		connection.setInstanceFollowRedirects(true);
		connection.setRequestProperty("User-Agent", USER_AGENT);
		try {
			int status = connection.getResponseCode();
			if (status < 200 || status > 299) {
				boolean retryable = status >= 500 || status == 429 || status == 408;
				throw new FetchFailedException("GET " + uri + " answered " + status, retryable);
			}
			try (InputStream body = new DeadlineInputStream(connection.getInputStream(), this.fetch.maxDuration())) {
				return reader.read(body);
			}
		}
		finally {
			connection.disconnect();
		}
	}

	@Override
	public boolean remote() {
		return true;
	}

	private static int millis(Duration duration) {
		return Math.toIntExact(duration.toMillis());
	}

}
