package dev.synergychat.crawler.crawl;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Fails the read that comes after a deadline, so a download cannot run on indefinitely. */
class DeadlineInputStream extends FilterInputStream {

	private final long deadlineNanos;

	private final Duration limit;

	DeadlineInputStream(InputStream in, Duration limit) {
		super(in);
		this.limit = limit;
		this.deadlineNanos = System.nanoTime() + limit.toNanos();
	}

	@Override
	public int read() throws IOException {
		checkDeadline();
		return super.read();
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		checkDeadline();
		return super.read(buffer, offset, length);
	}

	private void checkDeadline() throws SocketTimeoutException {
		if (System.nanoTime() - this.deadlineNanos > 0) {
			throw new SocketTimeoutException("download took longer than " + this.limit);
		}
	}

}
