package dev.synergychat.api;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the api service, bound once at start. The environment variable behind each property is named in
 * {@code application.yaml}; an empty string means "not set".
 *
 * @param storage where messages are kept
 * @param crawler how {@code /stats} commands reach the crawler
 * @param redis the optional Redis that shares live messages and rate-limit counts between replicas
 * @param rateLimit posts allowed per client per minute
 * @param corsAllowedOrigins browser origins allowed to call the api ({@code *} for any)
 * @param trustedProxies addresses and CIDR ranges whose {@code X-Forwarded-For} header is believed
 * @param stream Server-Sent Events settings
 */
@ConfigurationProperties("synergychat.api")
@Validated
public record ApiProperties(@Valid @NotNull Storage storage, @Valid @NotNull Crawler crawler,
		@Valid @NotNull Redis redis, @Positive int rateLimit, @NotEmpty List<@NotBlank String> corsAllowedOrigins,
		@NotNull List<@NotBlank String> trustedProxies, @Valid @NotNull Stream stream) {

	/**
	 * @param databaseUrl PostgreSQL as {@code postgresql://user:pass@host:5432/db} or a JDBC URL
	 * @param databaseUsername overrides the user in {@code databaseUrl}
	 * @param databasePassword overrides the password in {@code databaseUrl}
	 * @param filePath JSON file used when no database is configured
	 */
	public record Storage(String databaseUrl, String databaseUsername, String databasePassword, String filePath) {
	}

	/**
	 * @param baseUrl crawler base URL; empty means {@code /stats} answers that the crawler is not configured
	 * @param timeout the longest a {@code /stats} post waits for the crawler
	 */
	public record Crawler(String baseUrl, @NotNull Duration timeout) {
	}

	/**
	 * @param url {@code redis://} or {@code rediss://} URL; empty means in-process fallbacks and no connection
	 * attempt at all
	 * @param keyPrefix prefix of every key and channel, so several deployments (or test runs) can share a Redis
	 */
	public record Redis(String url, @NotBlank String keyPrefix) {
	}

	/**
	 * @param heartbeat interval of the comment lines that keep idle streams open through proxies
	 * @param replayLimit most messages sent to a client that resumes with {@code Last-Event-ID}
	 */
	public record Stream(@NotNull Duration heartbeat, @Positive int replayLimit) {
	}

}
