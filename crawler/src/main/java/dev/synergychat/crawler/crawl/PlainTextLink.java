package dev.synergychat.crawler.crawl;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The plain-text version of a book and the charset to decode it with.
 *
 * @param uri where the text is, resolved against the list page
 * @param charset from the format's {@code charset} parameter; UTF-8 when there is none or it is unknown
 */
record PlainTextLink(URI uri, Charset charset) {

	/**
	 * Picks the plain text among a book's formats. Gutendex names them {@code text/plain},
	 * {@code text/plain; charset=utf-8}, {@code text/plain; charset=us-ascii} and so on; the original crawler
	 * looked only for the bare key and so skipped most books. UTF-8 is preferred because it decodes every
	 * other variant's text too, then any charset, then none. Zipped texts are skipped: they cannot be counted
	 * as they stream.
	 */
	static Optional<PlainTextLink> choose(Map<String, String> formats, URI page) {
		return formats.entrySet()
			.stream()
			.filter(format -> !format.getValue().endsWith(".zip"))
			.flatMap(format -> parse(format.getKey()).map(type -> Map.entry(type, format.getValue())).stream())
			.filter(format -> MediaType.TEXT_PLAIN.equalsTypeAndSubtype(format.getKey()))
			.min(Comparator.comparingInt((Map.Entry<MediaType, String> format) -> preference(format.getKey()))
				.thenComparing(Map.Entry::getValue))
			.flatMap(format -> link(format.getKey(), format.getValue(), page));
	}

	private static Optional<MediaType> parse(String key) {
		try {
			return Optional.of(MediaType.parseMediaType(key));
		}
		catch (InvalidMediaTypeException ex) {
			// An unknown charset makes the whole key invalid; the type alone still says whether it is plain text.
			return parseWithoutParameters(key);
		}
	}

	private static Optional<MediaType> parseWithoutParameters(String key) {
		try {
			return Optional.of(MediaType.parseMediaType(key.split(";", 2)[0]));
		}
		catch (InvalidMediaTypeException ex) {
			return Optional.empty();
		}
	}

	private static int preference(MediaType type) {
		String charset = type.getParameter("charset");
		if (charset == null) {
			return 2;
		}
		return charset.equalsIgnoreCase("utf-8") ? 0 : 1;
	}

	private static Optional<PlainTextLink> link(MediaType type, String url, URI page) {
		try {
			return Optional.of(new PlainTextLink(page.resolve(url.strip()), charsetOf(type)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static Charset charsetOf(MediaType type) {
		Charset charset = type.getCharset();
		return charset != null ? charset : StandardCharsets.UTF_8;
	}

}
