package dev.synergychat.crawler;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the crawler can be configured with, bound once at start. The environment variable behind each
 * property is mapped in {@code application.yaml}.
 *
 * @param keywords words to count, lower-cased and de-duplicated; blank entries are dropped
 * @param dbPath directory for the directory store, or {@code null} when unset
 * @param booksUrl first page of a Gutendex-compatible book list, or {@value #SAMPLE} for the bundled library
 * @param delay pause after each book fetched from a remote server; a bare number means seconds, as a
 *     reader of {@code CRAWLER_DELAY=30} would expect
 * @param revisitAfter pause after the last page before the list is walked again for new books
 * @param fetch how book-server requests are bounded and retried
 * @param redis the shared store, active when {@code url} is set
 */
@Validated
@ConfigurationProperties("synergychat.crawler")
public record CrawlerProperties(
		@NotEmpty(message = "CRAWLER_KEYWORDS must name at least one keyword") List<String> keywords,
		@Nullable String dbPath,
		@NotBlank String booksUrl,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration delay,
		@NotNull Duration revisitAfter,
		@Valid @NotNull Fetch fetch,
		@Valid @NotNull Redis redis) {

	/** The {@code CRAWLER_BOOKS_URL} value that selects the bundled sample library. */
	public static final String SAMPLE = "sample";

	public CrawlerProperties {
		keywords = keywords == null ? List.of()
				: keywords.stream()
					.map(keyword -> keyword.strip().toLowerCase(Locale.ROOT))
					.filter(keyword -> !keyword.isEmpty())
					.distinct()
					.toList();
		dbPath = blankToNull(dbPath);
	}

	/**
	 * @param connectTimeout how long to wait for a TCP connection to the book server
	 * @param readTimeout how long one read may block before the request counts as failed
	 * @param maxDuration how long one whole download may take, so a server that trickles bytes cannot hold
	 *     the loop forever
	 * @param maxBookSize bytes of a book that are read and counted; the rest is not downloaded
	 * @param maxPageSize bytes a list page may have; a larger page is an error
	 * @param attempts tries per request before giving up (1 means no retry)
	 * @param initialBackoff pause after the first failed try; doubled after each further failure
	 * @param maxBackoff the longest pause between tries, also used while the list itself is unreachable
	 */
	public record Fetch(@NotNull Duration connectTimeout, @NotNull Duration readTimeout, @NotNull Duration maxDuration,
			@NotNull DataSize maxBookSize, @NotNull DataSize maxPageSize, @Min(1) int attempts,
			@NotNull Duration initialBackoff, @NotNull Duration maxBackoff) {
	}

	/**
	 * @param url {@code redis://[:password@]host:port[/db]} or {@code rediss://...}; {@code null} when unset
	 * @param keyPrefix prepended to every key, so several deployments (or test runs) can share one Redis
	 * @param timeout bound on connecting and on every command, so a dead Redis stalls nothing for long
	 * @param claimLease how long a replica owns a book it started on; after that another replica may take it,
	 *     so it must cover the slowest download including retries
	 */
	public record Redis(@Nullable String url, @NotBlank String keyPrefix, @NotNull Duration timeout,
			@NotNull Duration claimLease) {

		public Redis {
			url = blankToNull(url);
		}

	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

}
