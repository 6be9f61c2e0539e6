package dev.synergychat.web.page;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends the Content-Security-Policy the page is written for, so that a browser refuses any script or style the page
 * did not ship, even where no proxy adds the header. The only other origin the page may contact is api's.
 */
@Component
class SecurityHeadersFilter extends OncePerRequestFilter {

	private final String contentSecurityPolicy;

	SecurityHeadersFilter(WebProperties properties) {
		String connectSources = properties.apiOrigin().map((origin) -> "'self' " + origin).orElse("'self'");
		this.contentSecurityPolicy = "default-src 'self'; connect-src " + connectSources
				+ "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", this.contentSecurityPolicy);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		chain.doFilter(request, response);
	}

}
