package dev.synergychat.api.ratelimit;

import java.util.Collections;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The per-client limit on {@code POST /messages}, checked before the body is read: by Spring MVC's interceptor for
 * posts the controller takes, and by the post's shortcut in front of Spring MVC for the plain ones. A request is
 * counted once, whichever of the two sees it first.
 */
public final class PostRateLimit {

	private static final String CHECKED = PostRateLimit.class.getName() + ".CHECKED";

	private final RateLimiter limiter;

	private final TrustedProxies proxies;

	private final Counter limited;

	PostRateLimit(RateLimiter limiter, TrustedProxies proxies, Counter limited) {
		this.limiter = limiter;
		this.proxies = proxies;
		this.limited = limited;
	}

	/**
	 * Counts the post against its client's limit.
	 * @throws RateLimitedException when the client is over it: 429 with {@code Retry-After}
	 */
	public void check(HttpServletRequest request) {
		if (request.getAttribute(CHECKED) != null) {
			return;
		}
		request.setAttribute(CHECKED, Boolean.TRUE);
		String client = this.proxies.clientAddress(request.getRemoteAddr(),
				Collections.list(request.getHeaders("X-Forwarded-For")));
		RateLimiter.Decision decision = this.limiter.tryAcquire(client);
		if (!decision.allowed()) {
			this.limited.increment();
			throw new RateLimitedException(decision.retryAfterSeconds());
		}
	}

	/** A post over its client's limit. */
	public static final class RateLimitedException extends ErrorResponseException {

		RateLimitedException(long retryAfterSeconds) {
			super(HttpStatus.TOO_MANY_REQUESTS, ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
					"too many messages from this address; try again in " + retryAfterSeconds + " s"), null);
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}

	}

}
