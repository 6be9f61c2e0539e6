package dev.synergychat.api.message;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Answers the plainest and by far the most frequent request, {@code GET /messages} or {@code GET /messages?limit=N}
 * while the newest page is in memory, without Spring MVC: the handler lookup, argument conversion, content negotiation
 * and message converters cost more than the rest of the request together. The answer is the one
 * {@link MessageController#page} gives, header for header: the same bytes, {@code ETag}, {@code Cache-Control} and
 * {@code Content-Type}, and {@code 304} for a matching {@code If-None-Match}, decided by the same Spring code.
 * <p>
 * Everything else goes on to Spring MVC unchanged: other methods, {@code before=}, any other query or {@code Accept},
 * a limit out of range (its 400), a window that is not current (the store is read), and what
 * {@link BeforeSpringMvc} hands on.
 */
@Component
final class NewestPageShortcut extends BeforeSpringMvc {

	/** Just after the proxy check ({@code RateLimitConfiguration.FORWARDED_FOR_CHECK_ORDER}). */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 4;

	private static final String LIMIT_PARAMETER = "limit=";

	private static final String CACHE_CONTROL = "no-cache";

	private final NewestPage newestPage;

	NewestPageShortcut(NewestPage newestPage, ApplicationAvailability availability) {
		super(availability, ORDER);
		this.newestPage = newestPage;
	}

	@Override
	protected boolean answered(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException {
		RenderedPage page = isPlainNewestPageRequest(request) ? pageFor(request.getQueryString()) : null;
		if (page == null) {
			return false;
		}
		observeAsTheController(request);
		response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
		if (isConditional(request) && new ServletWebRequest(request, response).checkNotModified(page.etag())) {
			return true;
		}
		response.setHeader(HttpHeaders.ETAG, page.etag());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(page.json().length);
		response.getOutputStream().write(page.json());
		return true;
	}

	/** A GET of the path itself that accepts JSON in the plainest way browsers and tools ask for it. */
	private static boolean isPlainNewestPageRequest(HttpServletRequest request) {
		return "GET".equals(request.getMethod()) && PATH.equals(request.getRequestURI()) && acceptsJsonPlainly(request);
	}

	/** The page for no query or a lone {@code limit} in range, written in plain digits; else null. */
	private @Nullable RenderedPage pageFor(@Nullable String query) {
		if (query == null) {
			return this.newestPage.fromMemory(MessageController.DEFAULT_LIMIT);
		}
		int digits = query.length() - LIMIT_PARAMETER.length();
		if (!query.startsWith(LIMIT_PARAMETER) || digits < 1 || digits > 3) {
			return null;
		}
		int limit = 0;
		for (int i = LIMIT_PARAMETER.length(); i < query.length(); i++) {
			char c = query.charAt(i);
			if (c < '0' || c > '9') {
				return null;
			}
			limit = limit * 10 + (c - '0');
		}
		return (limit >= 1 && limit <= MessageController.MAX_LIMIT) ? this.newestPage.fromMemory(limit) : null;
	}

	private static boolean isConditional(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.IF_NONE_MATCH) != null || request.getHeader(HttpHeaders.IF_MATCH) != null
				|| request.getHeader(HttpHeaders.IF_MODIFIED_SINCE) != null
				|| request.getHeader(HttpHeaders.IF_UNMODIFIED_SINCE) != null;
	}

}
