package dev.synergychat.systemtests.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request written byte for byte on a connection of its own, as no HTTP client library would send it, and
 * whatever came back before the server closed the connection or went quiet.
 *
 * @param statuses the status codes of every response read, in order (more than one for pipelined requests)
 * @param contentType the first response's Content-Type, empty if none
 * @param body the first response's body, de-chunked
 * @param outcome how the exchange ended
 */
public record RawExchange(List<Integer> statuses, String contentType, String body, Outcome outcome) {

	private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})");

	/**
	 * How long one exchange may take: long enough for a server on a busy machine, short enough that a request the
	 * server holds open (an event stream, which sends a heartbeat now and then) ends the exchange.
	 */
	private static final Duration LIMIT = Duration.ofSeconds(5);

	public enum Outcome {

		/** At least one response arrived and the server closed the connection. */
		ANSWERED,
		/** The server closed (or reset) the connection without a response. */
		CLOSED_WITHOUT_ANSWER,
		/** The server still held the connection open after {@link #LIMIT}; a response may have started (a stream). */
		QUIET

	}

	public static RawExchange send(int port, byte[] request) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		Outcome outcome;
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			try {
				socket.getOutputStream().write(request);
				socket.getOutputStream().flush();
				// The request is complete: an end of input lets a server that waits for more body bytes give up.
				socket.shutdownOutput();
			}
			catch (IOException ex) {
				// The server answered and closed before taking the whole request (a body over the limit); read that.
			}
			outcome = readAll(socket, received);
		}
		String text = received.toString(StandardCharsets.ISO_8859_1);
		List<Integer> statuses = STATUS_LINE.matcher(text).results().map((m) -> Integer.parseInt(m.group(1))).toList();
		if (statuses.isEmpty()) {
			return new RawExchange(statuses, "", "",
					(outcome == Outcome.QUIET) ? Outcome.QUIET : Outcome.CLOSED_WITHOUT_ANSWER);
		}
		// An interim response (100 Continue) comes before the one that answers the request.
		while (text.matches("(?s)HTTP/1\\.[01] 1\\d\\d.*?\r\n\r\n.*")) {
			text = text.substring(text.indexOf("\r\n\r\n") + 4);
		}
		int headEnd = text.indexOf("\r\n\r\n");
		String head = (headEnd < 0) ? text : text.substring(0, headEnd);
		String rest = (headEnd < 0) ? "" : text.substring(headEnd + 4);
		String body = header(head, "Transfer-Encoding").equalsIgnoreCase("chunked") ? dechunk(rest) : rest;
		byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
		return new RawExchange(statuses, header(head, "Content-Type"), new String(bytes, StandardCharsets.UTF_8),
				outcome);
	}

	private static Outcome readAll(Socket socket, ByteArrayOutputStream received) {
		byte[] buffer = new byte[8192];
		long deadline = System.nanoTime() + LIMIT.toNanos();
		try {
			InputStream in = socket.getInputStream();
			while (true) {
				long left = (deadline - System.nanoTime()) / 1_000_000;
				if (left <= 0) {
					return Outcome.QUIET;
				}
				socket.setSoTimeout((int) left);
				int n = in.read(buffer);
				if (n < 0) {
					return Outcome.ANSWERED;
				}
				received.write(buffer, 0, n);
			}
		}
		catch (SocketTimeoutException ex) {
			return Outcome.QUIET;
		}
		catch (IOException reset) {
			return Outcome.ANSWERED;
		}
	}

	private static String header(String head, String name) {
		Matcher matcher = Pattern.compile("(?im)^" + name + ":\\s*(.*?)\\s*$").matcher(head);
		return matcher.find() ? matcher.group(1) : "";
	}

	/** The first response's body from chunked framing; whatever follows it (a pipelined response) is dropped. */
	private static String dechunk(String framed) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = framed.indexOf("\r\n", at);
			if (lineEnd < 0) {
				return body.toString();
			}
			int size = Integer.parseInt(framed.substring(at, lineEnd).split(";")[0].strip().toLowerCase(Locale.ROOT), 16);
			if (size == 0 || lineEnd + 2 + size > framed.length()) {
				return body.toString();
			}
			body.append(framed, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

	/** The status of the response to the request, after any interim (1xx) one; 0 when none came. */
	public int firstStatus() {
		return this.statuses.stream().filter((status) -> status >= 200).findFirst().orElse(0);
	}

}
