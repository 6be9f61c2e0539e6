import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers a constant rate of HTTP/1.1 requests, the way wrk2 does: request i is due at start + i / rate, whatever
 * happened to the ones before it, and its latency counts from when it was due, not from when a connection was free to
 * send it. A closed-loop client (hey, wrk) waits for each answer before the next request, so once the server slows
 * down it offers less and times less, and the slow answers hide the ones that were never sent.
 * <p>
 * The requests are spread evenly over the URLs (one a replica) and over a fixed set of keep-alive connections per
 * URL, each a thread that sends its due requests in turn: with enough connections each has far more time between its
 * requests than one takes, and one that falls behind sends late requests at once, timed from when they were due.
 * The threads are platform threads blocking in the socket's own read: the generator shares the machine with the
 * servers it measures, and virtual threads, which park and hand each waiting socket to the JDK's poller, cost it
 * twice the CPU (19 % of two cores against 11 % at 2,000 posts/s, 2026-12-03).
 * <p>
 * The first {@code WARM_UP_SECONDS} of the schedule are sent the same way but not counted: in them every connection
 * is opened and the generator's own code is still interpreted and compiled, so their latencies say more about this
 * program's first second than about the server (at 2,000/s, the first second's answers took 100 to 400 ms, every
 * later second's p99 of GET under 6 ms, 2026-12-03).
 *
 * <pre>java bench/OfferedLoad.java RATE WARM_UP_SECONDS SECONDS CONNECTIONS_PER_URL [POST_BODY|-] URL...</pre>
 *
 * Prints one line: {@code <served/s> <p50> <p90> <p99> <max> <errors>}, latencies in milliseconds, served counting
 * the answers 2xx and 3xx, errors the others and the requests that got no answer, of the measured seconds only. When
 * there are errors, a second line on standard error says what they were: how many of each status, and for the
 * requests without an answer, how many of each exception with the first one's message.
 */
public final class OfferedLoad {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	public static void main(String[] args) throws Exception {
		if (args.length < 6) {
			System.err.println("usage: OfferedLoad RATE WARM_UP_SECONDS SECONDS CONNECTIONS_PER_URL POST_BODY|- URL...");
			System.exit(2);
		}
		double rate = Double.parseDouble(args[0]);
		double warmUpSeconds = Double.parseDouble(args[1]);
		double seconds = Double.parseDouble(args[2]);
		int perUrl = Integer.parseInt(args[3]);
		String body = "-".equals(args[4]) ? null : args[4];
		List<URI> urls = Arrays.stream(args, 5, args.length).map(URI::create).toList();
		int connections = perUrl * urls.size();
		long warmUp = Math.round(rate * warmUpSeconds);
		long total = warmUp + Math.round(rate * seconds);
		long period = Math.round(NANOS_PER_SECOND / rate);
		long[] latencies = new long[(int) (total - warmUp)];
		AtomicLong errors = new AtomicLong();
		Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
		Map<String, String> firstMessages = new ConcurrentHashMap<>();
		AtomicLong answered = new AtomicLong();
		long start = System.nanoTime() + NANOS_PER_SECOND / 2;
		long measuredFrom = start + warmUp * period;
		List<Thread> threads = new ArrayList<>(connections);
		for (int c = 0; c < connections; c++) {
			int first = c;
			// Request i goes to URL i % urls, so each URL gets every urls-th due time, evenly spaced.
			URI url = urls.get(c % urls.size());
			byte[] request = request(url, body);
			threads.add(Thread.ofPlatform().daemon().start(() -> {
				Connection connection = null;
				for (long i = first; i < total; i += connections) {
					long due = start + i * period;
					long wait;
					while ((wait = due - System.nanoTime()) > 0) {
						LockSupport.parkNanos(wait);
					}
					int status;
					String failure = null;
					try {
						if (connection == null) {
							connection = new Connection(url);
						}
						status = connection.exchange(request);
						if (connection.closing) {
							connection.close();
							connection = null;
						}
					}
					catch (IOException ex) {
						status = 0;
						failure = ex.getClass().getSimpleName();
						firstMessages.putIfAbsent(failure, String.valueOf(ex.getMessage()));
						if (connection != null) {
							connection.close();
						}
						connection = null;
					}
					long latency = System.nanoTime() - due;
					if (i < warmUp) {
						continue;
					}
					latencies[(int) (i - warmUp)] = latency;
					if (status >= 200 && status < 400) {
						answered.incrementAndGet();
					}
					else {
						errors.incrementAndGet();
						String kind = (failure != null) ? "no answer, " + failure : "status " + status;
						errorKinds.computeIfAbsent(kind, (k) -> new AtomicLong()).incrementAndGet();
					}
				}
				if (connection != null) {
					connection.close();
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double elapsed = (System.nanoTime() - measuredFrom) / (double) NANOS_PER_SECOND;
		Arrays.sort(latencies);
		System.out.printf(Locale.ROOT, "%.1f %.2f %.2f %.2f %.2f %d%n", answered.get() / Math.max(elapsed, seconds),
				millis(latencies, 0.5), millis(latencies, 0.9), millis(latencies, 0.99), millis(latencies, 1.0),
				errors.get());
		System.out.flush();
		if (!errorKinds.isEmpty()) {
			StringBuilder kinds = new StringBuilder("errors:");
			new TreeMap<>(errorKinds).forEach((kind, count) -> {
				kinds.append(' ').append(kind).append(" x").append(count.get());
				String exception = kind.startsWith("no answer, ") ? kind.substring("no answer, ".length()) : null;
				if (exception != null) {
					kinds.append(" (first: ").append(firstMessages.get(exception)).append(')');
				}
				kinds.append(';');
			});
			System.err.println(kinds);
		}
	}

	private static double millis(long[] sorted, double percentile) {
		int index = (int) Math.ceil(sorted.length * percentile) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	private static byte[] request(URI url, String body) {
		String path = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
		if (url.getRawQuery() != null) {
			path += "?" + url.getRawQuery();
		}
		String host = url.getHost() + ":" + url.getPort();
		byte[] content = (body == null) ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
		String head = (body == null) ? "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n"
				: "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
						+ content.length + "\r\n\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
		byte[] all = Arrays.copyOf(headBytes, headBytes.length + content.length);
		System.arraycopy(content, 0, all, headBytes.length, content.length);
		return all;
	}

	/** One keep-alive connection: sends a request and reads its whole answer (Content-Length or chunked). */
	private static final class Connection {

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		/** Whether the last answer said {@code Connection: close}: the next request needs a new connection. */
		boolean closing;

		Connection(URI url) throws IOException {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
			this.socket.setSoTimeout(30_000);
			this.out = this.socket.getOutputStream();
			this.in = new BufferedInputStream(this.socket.getInputStream(), 65_536);
		}

		int exchange(byte[] request) throws IOException {
			this.out.write(request);
			this.out.flush();
			String statusLine = line();
			if (statusLine.length() < 12) {
				throw new IOException("no status line: " + statusLine);
			}
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			if (chunked) {
				for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
						size = Long.parseLong(line().split(";")[0].trim(), 16)) {
					skip(size);
					line();
				}
				while (!line().isEmpty()) {
					// trailers
				}
			}
			else if (length > 0) {
				skip(length);
			}
			this.closing = close;
			return status;
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = this.in.read()) != '\n') {
				if (c < 0) {
					throw new IOException("connection closed");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		private void skip(long bytes) throws IOException {
			long left = bytes;
			while (left > 0) {
				long skipped = this.in.skip(left);
				if (skipped <= 0) {
					if (this.in.read() < 0) {
						throw new IOException("connection closed");
					}
					skipped = 1;
				}
				left -= skipped;
			}
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// nothing left to do with it
			}
		}

	}

}
