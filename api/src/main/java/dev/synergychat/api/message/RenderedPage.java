package dev.synergychat.api.message;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * A page as the bytes {@code GET /messages} sends, and its entity tag. The tag is the newest Id and a digest of the
 * bytes, so it changes whenever the page does, even when a late message fills a hole below the newest Id.
 */
record RenderedPage(byte[] json, String etag) {

	static RenderedPage of(List<Message> page, JsonMapper json) {
		byte[] bytes = json.writeValueAsBytes(page);
		long newestId = page.isEmpty() ? 0 : page.getLast().id();
		return new RenderedPage(bytes, "\"" + newestId + "-" + digest(bytes) + "\"");
	}

	private static String digest(byte[] bytes) {
		try {
			byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
			return HexFormat.of().formatHex(sha, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

}
