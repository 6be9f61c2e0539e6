package dev.synergychat.api.message;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Writes a page of messages as the JSON array {@code JsonMapper} writes for it, byte for byte, from each message's
 * own JSON, written once and kept: a post answers with the newest page, so without this each post would write the
 * same hundred messages again (their timestamps above all), which under load cost more than storing the post.
 * <p>
 * A message's JSON is kept in the slot of its Id, so the newest {@link #KEPT} messages (those pages show) each have
 * their own, and looking one up costs no hashing. It is used only for a message equal to the one it was written
 * for, so a message that changed under the same Id (a store started over) is written anew.
 */
@Component
final class PageJson {

	/** Messages whose JSON is kept, a power of two above a few of the largest pages. */
	static final int KEPT = 2048;

	private final JsonMapper json;

	private final AtomicReferenceArray<Written> written = new AtomicReferenceArray<>(KEPT);

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
		int slot = (int) (message.id() & (KEPT - 1));
		Written kept = this.written.get(slot);
		if (kept != null && kept.message().equals(message)) {
			return kept.json();
		}
		byte[] bytes = this.json.writeValueAsBytes(message);
		this.written.set(slot, new Written(message, bytes));
		return bytes;
	}

	private record Written(Message message, byte[] json) {
	}

}
