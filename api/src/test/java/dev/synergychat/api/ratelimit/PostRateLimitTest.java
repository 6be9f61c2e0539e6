package dev.synergychat.api.ratelimit;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The limit counts a post once, whether the shortcut or Spring MVC's interceptor (or both) check it. */
class PostRateLimitTest {

	private final Counter limited = new SimpleMeterRegistry().counter("limited");

	private final PostRateLimit limit = new PostRateLimit(new LocalRateLimiter(2, Clock.systemUTC()),
			TrustedProxies.parse(List.of(), 1), this.limited);

	@Test
	void aPostCheckedTwiceCountsOnceAndTheThirdIsRefusedWithRetryAfter() {
		MockHttpServletRequest first = post();
		this.limit.check(first);
		this.limit.check(first);
		this.limit.check(post());

		assertThatExceptionOfType(PostRateLimit.RateLimitedException.class).isThrownBy(() -> this.limit.check(post()))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(429);
				assertThat(ex.getHeaders().getFirst("Retry-After")).matches("[1-9][0-9]?");
			});
		assertThat(this.limited.count()).isEqualTo(1);
	}

	private static MockHttpServletRequest post() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/messages");
		request.setRemoteAddr("198.51.100.9");
		return request;
	}

}
