package dev.synergychat.systemtests.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code malformed-requests.txt}, whose header comment describes the format. Kept as text until
 * {@link #bytes(String)} fills in the service's path, so one corpus serves all three services (and nginx, for the
 * entries HTTP answers with a 5xx).
 *
 * @param title what is wrong with the request
 * @param head the request line and header lines as written
 * @param body the body as written
 */
public record MalformedRequest(String title, List<String> head, String body) {

	static final String RESOURCE = "/malformed-requests.txt";

	private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(\\d+):(.*?)}");

	private static final Pattern BYTE = Pattern.compile("\\\\x([0-9a-fA-F]{2})");

	private static final Pattern PRESCRIBED = Pattern.compile("\\[http-(5\\d\\d)]");

	private static final Pattern NGINX = Pattern.compile("\\[nginx (\\d{3})]");

	/** Rejected by Tomcat's HTTP parser, so the error page is not the service's own. */
	boolean protocolLevel() {
		return this.title.contains("[protocol]");
	}

	/** One for which HTTP prescribes a 5xx (501 or 505), which Tomcat sends. */
	public boolean prescribedServerError() {
		return PRESCRIBED.matcher(this.title).find();
	}

	/** The 5xx HTTP prescribes for this entry and Tomcat sends; 0 for the others. */
	public int prescribedStatus() {
		Matcher status = PRESCRIBED.matcher(this.title);
		return status.find() ? Integer.parseInt(status.group(1)) : 0;
	}

	/** What nginx answers to an entry with a prescribed 5xx: that status unless the title says otherwise. */
	public int nginxStatus() {
		Matcher status = NGINX.matcher(this.title);
		return status.find() ? Integer.parseInt(status.group(1)) : prescribedStatus();
	}

	/** Its Accept header rules JSON out, so an error may come without a body. */
	boolean refusesJson() {
		return this.title.contains("[refuses-json]");
	}

	/** Sent exactly as written. */
	boolean raw() {
		return this.title.contains("[raw]");
	}

	boolean head(String method) {
		return this.head.getFirst().startsWith(method + " ");
	}

	/** The bytes to send to a service whose main path is {@code path}. */
	public byte[] bytes(String path) {
		List<String> lines = new ArrayList<>(this.head);
		byte[] body = encode(expand(this.body, path));
		if (!raw()) {
			if (!hasHeader("Host") && !this.title.contains("[no-host]")) {
				lines.add(1, "Host: 127.0.0.1");
			}
			boolean sendsBody = body.length > 0 || head("POST") || head("PUT") || head("PATCH");
			if (sendsBody && !hasHeader("Content-Length") && !hasHeader("Transfer-Encoding")) {
				lines.add("Content-Length: " + body.length);
			}
			if (!hasHeader("Connection")) {
				lines.add("Connection: close");
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (String line : lines) {
			out.writeBytes(encode(expand(line, path)));
			out.writeBytes(new byte[] { '\r', '\n' });
		}
		out.writeBytes(new byte[] { '\r', '\n' });
		out.writeBytes(body);
		return out.toByteArray();
	}

	private boolean hasHeader(String name) {
		String prefix = name.toLowerCase(Locale.ROOT) + ":";
		return this.head.stream().anyMatch((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix));
	}

	public static List<MalformedRequest> load() {
		try (InputStream in = MalformedRequest.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is not on the test class path");
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<MalformedRequest> parse(String text) {
		List<MalformedRequest> entries = new ArrayList<>();
		String title = null;
		List<String> head = new ArrayList<>();
		List<String> body = new ArrayList<>();
		boolean inBody = false;
		for (String line : text.split("\n", -1)) {
			if (line.startsWith("=== ") || line.startsWith("###")) {
				if (title != null) {
					entries.add(entry(title, head, body));
				}
				title = line.startsWith("=== ") ? line.substring(4).strip() : null;
				head = new ArrayList<>();
				body = new ArrayList<>();
				inBody = false;
			}
			else if (title != null) {
				if (inBody) {
					body.add(line);
				}
				else if (line.isEmpty()) {
					inBody = true;
				}
				else {
					head.add(line);
				}
			}
		}
		if (title != null) {
			entries.add(entry(title, head, body));
		}
		return entries;
	}

	private static MalformedRequest entry(String title, List<String> head, List<String> body) {
		List<String> lines = new ArrayList<>(body);
		while (!lines.isEmpty() && lines.getLast().isEmpty()) {
			lines.removeLast();
		}
		if (head.isEmpty()) {
			throw new IllegalStateException("entry '" + title + "' has no request line");
		}
		return new MalformedRequest(title, List.copyOf(head), String.join("\n", lines));
	}

	private static String expand(String text, String path) {
		Matcher repeat = REPEAT.matcher(text.replace("${path}", path));
		return repeat.replaceAll((match) -> Matcher.quoteReplacement(
				match.group(2).repeat(Integer.parseInt(match.group(1)))));
	}

	/** UTF-8, except that {@code \xHH} is the byte HH, so invalid UTF-8 and control bytes can be written. */
	private static byte[] encode(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Matcher escape = BYTE.matcher(text);
		int from = 0;
		while (escape.find()) {
			out.writeBytes(text.substring(from, escape.start()).getBytes(StandardCharsets.UTF_8));
			out.write(Integer.parseInt(escape.group(1), 16));
			from = escape.end();
		}
		out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

	@Override
	public String toString() {
		return this.title;
	}

}
