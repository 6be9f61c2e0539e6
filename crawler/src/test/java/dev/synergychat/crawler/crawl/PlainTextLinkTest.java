package dev.synergychat.crawler.crawl;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextLinkTest {

	private static final URI PAGE = URI.create("https://books.example/books/?page=2");

	@Test
	void findsTheBarePlainTextKeyAndDecodesItAsUtf8() {
		assertThat(PlainTextLink.choose(Map.of("text/plain", "https://books.example/1.txt"), PAGE))
			.contains(new PlainTextLink(URI.create("https://books.example/1.txt"), StandardCharsets.UTF_8));
	}

	@Test
	void findsPlainTextWithACharsetParameterAndUsesThatCharset() {
		assertThat(PlainTextLink.choose(Map.of("text/plain; charset=us-ascii", "https://books.example/2.txt"), PAGE))
			.contains(new PlainTextLink(URI.create("https://books.example/2.txt"), StandardCharsets.US_ASCII));
	}

	@Test
	void prefersUtf8ThenAnyCharsetThenTheBareKey() {
		Map<String, String> formats = Map.of("text/plain", "https://books.example/bare.txt",
				"text/plain; charset=us-ascii", "https://books.example/ascii.txt", "text/plain; charset=utf-8",
				"https://books.example/utf8.txt", "text/html", "https://books.example/book.html");

		assertThat(PlainTextLink.choose(formats, PAGE)).map(PlainTextLink::uri)
			.contains(URI.create("https://books.example/utf8.txt"));
		formats = Map.of("text/plain", "https://books.example/bare.txt", "text/plain; charset=iso-8859-1",
				"https://books.example/latin1.txt");
		assertThat(PlainTextLink.choose(formats, PAGE)).map(PlainTextLink::charset)
			.contains(StandardCharsets.ISO_8859_1);
	}

	@Test
	void acceptsMediaTypesWrittenInAnyCase() {
		assertThat(PlainTextLink.choose(Map.of("Text/Plain; Charset=UTF-8", "https://books.example/1.txt"), PAGE))
			.map(PlainTextLink::charset)
			.contains(StandardCharsets.UTF_8);
	}

	@Test
	void resolvesRelativeLinksAgainstThePage() {
		assertThat(PlainTextLink.choose(Map.of("text/plain", "/texts/3.txt"), PAGE)).map(PlainTextLink::uri)
			.contains(URI.create("https://books.example/texts/3.txt"));
	}

	@Test
	void skipsZippedTextsOtherFormatsAndUnparseableKeys() {
		Map<String, String> formats = Map.of("text/plain; charset=utf-8", "https://books.example/4.zip", "text/html",
				"https://books.example/4.html", "application/epub+zip", "https://books.example/4.epub", "not a type;;",
				"https://books.example/4.txt");

		assertThat(PlainTextLink.choose(formats, PAGE)).isEmpty();
	}

	@Test
	void fallsBackToUtf8ForAnUnknownCharset() {
		assertThat(PlainTextLink.choose(Map.of("text/plain; charset=no-such-charset", "https://books.example/5.txt"),
				PAGE))
			.map(PlainTextLink::charset)
			.contains(StandardCharsets.UTF_8);
	}

}
