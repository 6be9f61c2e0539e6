package dev.synergychat.api.ratelimit;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warning for a trusted proxy that does not append to {@code X-Forwarded-For}, as the course's nginx
 * ({@code proxy_pass} and no {@code proxy_set_header}) does: once per proxy address, never for a proxy that appends,
 * an untrusted peer or a loopback one.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedForWarningsTest {

	/** api's default API_TRUSTED_PROXIES. */
	private final ForwardedForWarnings warnings = new ForwardedForWarnings(TrustedProxies.parse(
			List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"), null));

	static String notAppending(String proxy) {
		return "A request from " + proxy + ", a trusted proxy (API_TRUSTED_PROXIES), came without X-Forwarded-For, so "
				+ "that proxy does not append the client's address and passes on any X-Forwarded-For a client sends: "
				+ "clients can choose their own rate-limit key, and all the others share " + proxy + "'s. Fix the "
				+ "proxy (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;), or, if it cannot be "
				+ "changed or is no proxy, leave " + proxy + " out of API_TRUSTED_PROXIES.";
	}

	@Test
	void aTrustedProxyThatSendsNoForwardedForIsNamedOnceWithTheFix(CapturedOutput output) {
		this.warnings.check("GET", "172.18.0.5", List.of());
		this.warnings.check("POST", "172.18.0.5", List.of());
		this.warnings.check("POST", "172.18.0.5", List.of("6.6.6.6"));

		assertThat(output.getOut().split(Pattern.quote(notAppending("172.18.0.5")), -1)).as("the warning, once")
			.hasSize(2);
		assertThat(output.getOut()).containsPattern("WARN .*" + Pattern.quote(notAppending("172.18.0.5")));
	}

	@Test
	void eachProxyThatSendsNoForwardedForIsNamed(CapturedOutput output) {
		this.warnings.check("POST", "172.18.0.5", List.of());
		this.warnings.check("POST", "10.4.0.9", List.of());
		this.warnings.check("GET", "fd00::7", List.of());

		assertThat(output.getOut()).contains(notAppending("172.18.0.5"), notAppending("10.4.0.9"),
				notAppending("fd00::7"));
	}

	@Test
	void aProxyThatAppendsIsNotReported(CapturedOutput output) {
		this.warnings.check("POST", "172.18.0.5", List.of("203.0.113.7"));
		this.warnings.check("GET", "172.18.0.5", List.of("6.6.6.6, 203.0.113.8"));

		assertThat(output.getOut()).doesNotContain("X-Forwarded-For");
	}

	@Test
	void aClientAddressedDirectlyIsNotReported(CapturedOutput output) {
		this.warnings.check("POST", "203.0.113.7", List.of());
		this.warnings.check("GET", "203.0.113.7", List.of());

		assertThat(output.getOut()).doesNotContain("X-Forwarded-For");
	}

	@Test
	void theMachineItselfIsNotReported(CapturedOutput output) {
		this.warnings.check("POST", "127.0.0.1", List.of());
		this.warnings.check("GET", "0:0:0:0:0:0:0:1", List.of());

		assertThat(output.getOut()).doesNotContain("X-Forwarded-For");
	}

	@Test
	void aForwardedPostFromAnUntrustedPeerIsReportedOnce(CapturedOutput output) {
		this.warnings.check("GET", "203.0.113.7", List.of("198.51.100.1"));
		this.warnings.check("POST", "203.0.113.7", List.of("198.51.100.1"));
		this.warnings.check("POST", "203.0.113.9", List.of("198.51.100.2"));

		assertThat(output.getOut()).containsOnlyOnce("carried X-Forwarded-For")
			.contains("A post from 203.0.113.7 carried X-Forwarded-For, which api ignores because 203.0.113.7 is not "
					+ "in API_TRUSTED_PROXIES.");
	}

	@Test
	void atMostSoManyProxiesAreRemembered(CapturedOutput output) {
		for (int i = 0; i < ForwardedForWarnings.MOST_PROXIES_NAMED + 10; i++) {
			this.warnings.check("GET", "10.0." + (i / 256) + "." + (i % 256), List.of());
		}

		assertThat(output.getOut().split("came without X-Forwarded-For", -1))
			.hasSize(ForwardedForWarnings.MOST_PROXIES_NAMED + 1);
	}

}
