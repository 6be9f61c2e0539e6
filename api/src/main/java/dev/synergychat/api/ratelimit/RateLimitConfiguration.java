package dev.synergychat.api.ratelimit;

import java.time.Clock;
import java.util.Collections;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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

	@Bean
	RateLimiter rateLimiter(Optional<RedisLink> redis, ApiProperties properties, Clock clock) {
		return redis.<RateLimiter>map((link) -> new RedisRateLimiter(link, properties.rateLimit(), clock))
			.orElseGet(() -> new LocalRateLimiter(properties.rateLimit(), clock));
	}

	@Bean
	WebMvcConfigurer rateLimitInterceptor(RateLimiter limiter, ApiProperties properties, MeterRegistry meters) {
		PostLimit interceptor = new PostLimit(limiter, TrustedProxies.parse(properties.trustedProxies()),
				meters.counter("synergychat.rate.limited"));
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).addPathPatterns("/messages");
			}
		};
	}

	/** Refuses a post over the limit before its body is even read. */
	record PostLimit(RateLimiter limiter, TrustedProxies proxies, Counter limited) implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			if (!"POST".equals(request.getMethod())) {
				return true;
			}
			String client = this.proxies.clientAddress(request.getRemoteAddr(),
					Collections.list(request.getHeaders("X-Forwarded-For")));
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
