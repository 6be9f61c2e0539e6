package dev.synergychat.api.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether bytes are valid UTF-8, as JSON between systems must be (RFC 8259). Stricter than Jackson's own decoder, which
 * lets some invalid sequences through, such as the overlong {@code C0 AF} for "/".
 */
public final class StrictUtf8 {

	private StrictUtf8() {
	}

	public static boolean isValid(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return decodes(bytes);
			}
		}
		return true;
	}

	private static boolean decodes(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
