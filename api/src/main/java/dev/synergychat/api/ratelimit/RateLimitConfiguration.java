package dev.synergychat.api.ratelimit;

import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

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
				new ForwardedForWarnings(proxies));
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
	 * @param warnings what the requests to the messages show about the proxies in front, said in the log
	 */
	record PostLimit(RateLimiter limiter, TrustedProxies proxies, Counter limited,
			ForwardedForWarnings warnings) implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			String peer = request.getRemoteAddr();
			List<String> forwardedFor = Collections.list(request.getHeaders("X-Forwarded-For"));
			// Every method: the page's first GET of the messages already shows whether the proxy appends.
			this.warnings.check(request.getMethod(), peer, forwardedFor);
			if (!"POST".equals(request.getMethod())) {
				return true;
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
