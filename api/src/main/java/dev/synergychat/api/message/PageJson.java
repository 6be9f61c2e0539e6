package dev.synergychat.api.message;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Writes a page of messages as the JSON array {@code JsonMapper} writes for it, byte for byte, from each message's
 * own JSON, written once and kept: a post answers with the newest page, so without this each post would write the
 * same hundred messages again (their timestamps above all), which under load cost more than storing the post.
 * <p>
 * Messages are keyed by their whole value, so a message that changed (a store started over with the same Ids) is
 * written anew. The newest messages are the ones pages show, so when more than {@link #KEPT} are kept they are all
 * forgotten and the next pages write them again.
 */
@Component
final class PageJson {

	/** Messages whose JSON is kept: a few of the largest pages. */
	static final int KEPT = 4 * MessageController.MAX_LIMIT;

	private final JsonMapper json;

	private final Map<Message, byte[]> written = new ConcurrentHashMap<>();

	PageJson(JsonMapper json) {
		this.json = json;
	}

	/** The page as a JSON array, oldest first as given. */
	byte[] write(List<Message> page) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(page.size() * 128 + 2);
		out.write('[');
		for (int i = 0; i < page.size(); i++) {
			if (i > 0) {
				out.write(',');
			}
			out.writeBytes(messageJson(page.get(i)));
		}
		out.write(']');
		return out.toByteArray();
	}

	private byte[] messageJson(Message message) {
		byte[] kept = this.written.get(message);
		if (kept != null) {
			return kept;
		}
		byte[] bytes = this.json.writeValueAsBytes(message);
		if (this.written.size() >= KEPT) {
			this.written.clear();
		}
		this.written.put(message, bytes);
		return bytes;
	}

}
