package dev.synergychat.api.message;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.springframework.util.StringUtils;

/**
 * {@code DATABASE_URL} turned into what the JDBC driver needs. Accepts the form Kubernetes Secrets and hosting
 * providers use, {@code postgresql://user:pass@host:5432/db?sslmode=require} (user and password percent-decoded),
 * and a JDBC URL. {@code DATABASE_USERNAME} and {@code DATABASE_PASSWORD} win over what the URL carries.
 *
 * @param jdbcUrl the JDBC URL without credentials taken from a {@code postgresql://} URL
 * @param username the user, or empty to let the driver use what a JDBC URL carries
 * @param password the password, or empty
 * @param safeDescription where the database is, for logs: never the credentials or query parameters
 */
record DatabaseUrl(String jdbcUrl, String username, String password, String safeDescription) {

	private static final String JDBC_PREFIX = "jdbc:";

	static DatabaseUrl parse(String url, String usernameOverride, String passwordOverride) {
		String username = "";
		String password = "";
		String jdbcUrl;
		URI uri;
		if (url.startsWith(JDBC_PREFIX + "postgresql:")) {
			jdbcUrl = url;
			uri = parseUri(url.substring(JDBC_PREFIX.length()));
		}
		else if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
			uri = parseUri(url);
			if (uri.getHost() == null) {
				throw invalid("it has no host");
			}
			String userInfo = uri.getRawUserInfo();
			if (userInfo != null) {
				int colon = userInfo.indexOf(':');
				username = decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo);
				password = (colon >= 0) ? decode(userInfo.substring(colon + 1)) : "";
			}
			String authority = uri.getRawAuthority();
			String hostAndPort = authority.substring(authority.indexOf('@') + 1);
			jdbcUrl = JDBC_PREFIX + "postgresql://" + hostAndPort + ((uri.getRawPath() != null) ? uri.getRawPath() : "")
					+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		}
		else {
			throw invalid("it must start with postgresql:// or jdbc:postgresql:");
		}
		String where = ((uri.getHost() != null) ? uri.getHost() : "localhost")
				+ ((uri.getPort() != -1) ? ":" + uri.getPort() : "") + ((uri.getPath() != null) ? uri.getPath() : "");
		return new DatabaseUrl(jdbcUrl, StringUtils.hasText(usernameOverride) ? usernameOverride : username,
				StringUtils.hasText(passwordOverride) ? passwordOverride : password, "PostgreSQL at " + where);
	}

	private static URI parseUri(String url) {
		try {
			return new URI(url);
		}
		catch (URISyntaxException ex) {
			// The message would quote the URL, password included.
			throw invalid("it is not a valid URL (at character " + ex.getIndex() + ")");
		}
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static IllegalArgumentException invalid(String reason) {
		return new IllegalArgumentException("DATABASE_URL cannot be used: " + reason);
	}

	@Override
	public String toString() {
		return this.safeDescription;
	}

}
