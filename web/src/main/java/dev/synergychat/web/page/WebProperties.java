package dev.synergychat.web.page;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the web service, bound from the environment variables mapped in {@code application.yaml}.
 *
 * @param apiUrl where the browser reaches api ({@code API_URL}): an absolute http(s) URL such as
 * {@code http://localhost:8081}, or a path on the page's own origin such as {@code /api} when a proxy in front of
 * web forwards it to api
 */
@ConfigurationProperties("synergychat.web")
@Validated
record WebProperties(@NotBlank String apiUrl) {

	WebProperties {
		if (apiUrl != null && !apiUrl.isBlank()) {
			apiOrigin(apiUrl);
		}
	}

	/**
	 * The origin the browser connects to for api, or empty when api is on the page's own origin. The
	 * Content-Security-Policy has to allow exactly this origin, so an API_URL that names no clear origin is refused
	 * at start instead of producing a page that cannot reach api.
	 */
	Optional<String> apiOrigin() {
		return apiOrigin(this.apiUrl);
	}

	private static Optional<String> apiOrigin(String apiUrl) {
		if (apiUrl.startsWith("/") && !apiUrl.startsWith("//")) {
			return Optional.empty();
		}
		try {
			URI uri = new URI(apiUrl);
			String scheme = uri.getScheme();
			if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null) {
				String port = (uri.getPort() != -1) ? ":" + uri.getPort() : "";
				return Optional.of(scheme.toLowerCase() + "://" + uri.getHost().toLowerCase() + port);
			}
			throw invalid(apiUrl, null);
		}
		catch (URISyntaxException ex) {
			throw invalid(apiUrl, ex);
		}
	}

	private static IllegalArgumentException invalid(String apiUrl, Exception cause) {
		return new IllegalArgumentException("API_URL must be an absolute http(s) URL such as http://localhost:8081 "
				+ "or a path on the page's origin such as /api, but was '" + apiUrl + "'", cause);
	}

}
