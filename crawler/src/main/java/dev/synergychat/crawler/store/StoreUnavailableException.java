package dev.synergychat.crawler.store;

/** The store cannot be reached right now; the caller should pause and try again later. */
public class StoreUnavailableException extends RuntimeException {

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
