package dev.synergychat.crawler.crawl;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ends the stream after {@code maxBytes}, so an unexpectedly large body is never read (or buffered) whole.
 * {@link #truncated()} tells whether there was more.
 */
class CappedInputStream extends FilterInputStream {

	private long remaining;

	private boolean truncated;

	CappedInputStream(InputStream in, long maxBytes) {
		super(in);
		this.remaining = maxBytes;
	}

	@Override
	public int read() throws IOException {
		if (this.remaining <= 0) {
			return endOrTruncate();
		}
		int value = super.read();
		if (value >= 0) {
			this.remaining--;
		}
		return value;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (this.remaining <= 0) {
			return endOrTruncate();
		}
		int read = super.read(buffer, offset, (int) Math.min(length, this.remaining));
		if (read > 0) {
			this.remaining -= read;
		}
		return read;
	}

	@Override
	public long skip(long n) throws IOException {
		long skipped = super.skip(Math.min(n, this.remaining));
		this.remaining -= skipped;
		return skipped;
	}

	@Override
	public int available() throws IOException {
		return (int) Math.min(super.available(), this.remaining);
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	boolean truncated() {
		return this.truncated;
	}

	private int endOrTruncate() throws IOException {
		// One byte past the cap tells a body that is exactly maxBytes long from one that is longer.
		if (!this.truncated && super.read() >= 0) {
			this.truncated = true;
		}
		return -1;
	}

}
