package dev.synergychat.crawler.crawl;

import java.io.IOException;

/**
 * A read that failed in a way the server reported (a status code, a body that is not what was expected).
 * Only failures another try could cure are retryable: a 503 may, a 404 will not.
 */
class FetchFailedException extends IOException {

	private final boolean retryable;

	FetchFailedException(String message, boolean retryable) {
		super(message);
		this.retryable = retryable;
	}

	boolean retryable() {
		return this.retryable;
	}

}
