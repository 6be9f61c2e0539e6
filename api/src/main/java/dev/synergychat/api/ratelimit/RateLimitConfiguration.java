package dev.synergychat.api.ratelimit;

import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.synergychat.api.ApiProperties;
import dev.synergychat.api.redis.RedisLink;

/**
 * Chooses the rate limiter (Redis when configured) and applies it to {@code POST /messages}; looks at every request to
 * the messages for what it shows about the proxies in front ({@link ForwardedForWarnings}).
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	/**
	 * Where the proxy check runs among the servlet filters: after CORS, the body size limit and the observation of
	 * the request, and before anything that may answer {@code GET /messages} without Spring MVC (the newest page's
	 * shortcut, at {@code HIGHEST_PRECEDENCE + 4}), so every request to the messages is looked at.
	 */
	static final int FORWARDED_FOR_CHECK_ORDER = Ordered.HIGHEST_PRECEDENCE + 3;

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
	FilterRegistrationBean<ForwardedForCheck> forwardedForCheck(TrustedProxies proxies) {
		FilterRegistrationBean<ForwardedForCheck> registration = new FilterRegistrationBean<>(
				new ForwardedForCheck(new ForwardedForWarnings(proxies)));
		registration.addUrlPatterns("/messages");
		registration.setOrder(FORWARDED_FOR_CHECK_ORDER);
		return registration;
	}

	@Bean
	PostRateLimit postRateLimit(RateLimiter limiter, TrustedProxies proxies, MeterRegistry meters) {
		return new PostRateLimit(limiter, proxies, meters.counter("synergychat.rate.limited"));
	}

	/** Refuses a post over the limit before its body is even read. */
	@Bean
	WebMvcConfigurer rateLimitInterceptor(PostRateLimit limit) {
		HandlerInterceptor interceptor = new HandlerInterceptor() {
			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				if ("POST".equals(request.getMethod())) {
					limit.check(request);
				}
				return true;
			}
		};
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).addPathPatterns("/messages");
			}
		};
	}

	/**
	 * Every request to the messages, whatever its method, goes past {@link ForwardedForWarnings}: the page's first GET
	 * already shows whether the proxy appends. A servlet filter, not an interceptor, because the newest page may be
	 * answered before Spring MVC.
	 */
	static final class ForwardedForCheck extends HttpFilter {

		private final ForwardedForWarnings warnings;

		ForwardedForCheck(ForwardedForWarnings warnings) {
			this.warnings = warnings;
		}

		@Override
		protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			this.warnings.check(request.getMethod(), request.getRemoteAddr(),
					Collections.list(request.getHeaders("X-Forwarded-For")));
			chain.doFilter(request, response);
		}

	}

}
