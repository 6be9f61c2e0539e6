package dev.synergychat.api.ratelimit;

import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.synergychat.api.ApiProperties;
import dev.synergychat.api.redis.RedisLink;

/** Chooses the rate limiter (Redis when configured) and applies it to {@code POST /messages}. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

	@Bean
	RateLimiter rateLimiter(Optional<RedisLink> redis, ApiProperties properties, Clock clock) {
		return redis.<RateLimiter>map((link) -> new RedisRateLimiter(link, properties.rateLimit(), clock))
			.orElseGet(() -> new LocalRateLimiter(properties.rateLimit(), clock));
	}

	@Bean
	TrustedProxies trustedProxies(ApiProperties properties, ForwardedForProperties forwardedFor) {
		TrustedProxies proxies = TrustedProxies.parse(properties.trustedProxies(), forwardedFor.trustedHops());
		// Loud, not fatal: the chat works, only the per-client limit is wrong, and the reason is in the line.
		proxies.problems().forEach(log::error);
		return proxies;
	}

	@Bean
	WebMvcConfigurer rateLimitInterceptor(RateLimiter limiter, TrustedProxies proxies, MeterRegistry meters) {
		PostLimit interceptor = new PostLimit(limiter, proxies, meters.counter("synergychat.rate.limited"),
				new AtomicBoolean());
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).addPathPatterns("/messages");
			}
		};
	}

	/**
	 * Refuses a post over the limit before its body is even read.
	 *
	 * @param untrustedForwarderSeen set once a post with {@code X-Forwarded-For} came from a peer that is not trusted
	 */
	record PostLimit(RateLimiter limiter, TrustedProxies proxies, Counter limited,
			AtomicBoolean untrustedForwarderSeen) implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			if (!"POST".equals(request.getMethod())) {
				return true;
			}
			String peer = request.getRemoteAddr();
			List<String> forwardedFor = Collections.list(request.getHeaders("X-Forwarded-For"));
			if (!forwardedFor.isEmpty() && !this.proxies.trusts(peer) && this.untrustedForwarderSeen.compareAndSet(false, true)) {
				// Once per process: either a client forging the header (harmless, it is ignored) or a proxy missing
				// from API_TRUSTED_PROXIES, which makes everyone behind it one client.
				log.warn("A post from {} carried X-Forwarded-For, which api ignores because {} is not in "
						+ "API_TRUSTED_PROXIES. If {} is a proxy in front of api, every client behind it shares one "
						+ "rate-limit bucket: add its address to API_TRUSTED_PROXIES.", peer, peer, peer);
			}
			String client = this.proxies.clientAddress(peer, forwardedFor);
			RateLimiter.Decision decision = this.limiter.tryAcquire(client);
			if (!decision.allowed()) {
				this.limited.increment();
				throw new RateLimitedException(decision.retryAfterSeconds());
			}
			return true;
		}

	}

	static final class RateLimitedException extends ErrorResponseException {

		RateLimitedException(long retryAfterSeconds) {
			super(HttpStatus.TOO_MANY_REQUESTS, ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
					"too many messages from this address; try again in " + retryAfterSeconds + " s"), null);
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}

	}

}
