package dev.synergychat.api.ratelimit;

import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.synergychat.api.support.RunningApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole api with the settings of topology 5 (Google's load balancer), as environment variables would give them:
 * the limit counts each client behind the load balancer on its own, and the setting that would lump them together
 * is reported at start. The test's connections come from 127.0.0.1, which stands in for the load balancer's range.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientAddressTest {

	@Test
	void withTwoTrustedHopsEachClientBehindTheLoadBalancerHasItsOwnLimit(CapturedOutput output) throws Exception {
		try (RunningApi api = RunningApi.start(Map.of("synergychat.api.trusted-proxies", "127.0.0.1/32",
				"synergychat.api.forwarded-for.trusted-hops", "2", "synergychat.api.rate-limit", "2"))) {
			String ann = "203.0.113.7, 34.120.1.1";
			String bob = "198.51.100.4, 34.120.1.1";

			assertThat(api.postAs(ann, "ann", "one").statusCode()).isEqualTo(201);
			assertThat(api.postAs("6.6.6.6, " + ann, "ann", "two, with a forged address").statusCode())
				.isEqualTo(201);
			assertThat(api.postAs(ann, "ann", "three").statusCode()).isEqualTo(429);
			assertThat(api.postAs(bob, "bob", "one").statusCode()).isEqualTo(201);
			assertThat(output).doesNotContain("share one rate-limit bucket");
		}
	}

	@Test
	void trustingGooglesRangesWithoutTheHopCountIsAnErrorInTheStartLog(CapturedOutput output) {
		try (RunningApi api = RunningApi.start(Map.of("synergychat.api.trusted-proxies",
				"35.191.0.0/16,130.211.0.0/22"))) {
			assertThat(output).containsPattern("ERROR .*API_TRUSTED_PROXIES includes Google's load balancer ranges")
				.contains("every client would be counted as the load balancer's address and share one rate-limit "
						+ "bucket. Set API_TRUSTED_HOPS=2.");
		}
	}

	@Test
	void aForwardedPostFromAnUntrustedPeerIsReportedOnce(CapturedOutput output) throws Exception {
		try (RunningApi api = RunningApi.start(Map.of("synergychat.api.trusted-proxies", "192.0.2.1/32"))) {
			api.postAs("203.0.113.7", "ann", "one");
			api.postAs("203.0.113.8", "ann", "two");

			String warning = "A post from 127.0.0.1 carried X-Forwarded-For, which api ignores because 127.0.0.1 is "
					+ "not in API_TRUSTED_PROXIES. If 127.0.0.1 is a proxy in front of api, every client behind it "
					+ "shares one rate-limit bucket: add its address to API_TRUSTED_PROXIES.";
			assertThat(output.getOut().split(Pattern.quote(warning), -1)).as("the warning, once").hasSize(2);
		}
	}

}
