package dev.synergychat.api.ratelimit;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedProxiesTest {

	private final TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "::1/128"),
			null);

	@Test
	void peerThatIsNoTrustedProxyIsTheClientWhateverTheHeaderSays() {
		assertThat(this.proxies.clientAddress("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
	}

	@Test
	void trustedPeerHandsOverTheNearestUntrustedForwardedAddress() {
		assertThat(this.proxies.clientAddress("10.1.2.3", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
	}

	@Test
	void addressesForgedByTheClientLeftOfTheRealOneAreIgnored() {
		assertThat(this.proxies.clientAddress("10.1.2.3", List.of("1.1.1.1, 2.2.2.2", "198.51.100.1, 192.168.1.7")))
			.isEqualTo("198.51.100.1");
	}

	@Test
	void trustedPeerWithoutHeaderIsItselfTheClient() {
		assertThat(this.proxies.clientAddress("0:0:0:0:0:0:0:1", List.of())).isEqualTo("0:0:0:0:0:0:0:1");
	}

	@Test
	void garbageInTheHeaderStopsTheSearchAtTheLastTrustedHop() {
		assertThat(this.proxies.clientAddress("10.1.2.3", List.of("198.51.100.1, evil.example, 10.9.9.9")))
			.isEqualTo("10.9.9.9");
	}

	@Test
	void everyHopTrustedMeansTheLeftmostIsTheClient() {
		assertThat(this.proxies.clientAddress("10.1.2.3", List.of("10.0.0.1, 10.0.0.2"))).isEqualTo("10.0.0.1");
	}

	@Test
	void prefixMatchingIsBitExact() {
		TrustedProxies narrow = TrustedProxies.parse(List.of("172.16.0.0/12"), null);

		assertThat(narrow.clientAddress("172.31.255.255", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
		assertThat(narrow.clientAddress("172.32.0.0", List.of("198.51.100.1"))).isEqualTo("172.32.0.0");
	}

	@Test
	void hostNamesAndBadPrefixesAreRejectedAtStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.parse(List.of("proxy.internal"), null))
			.withMessage("API_TRUSTED_PROXIES entry 'proxy.internal' is not an IP address or CIDR range");
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"), null));
	}


	/**
	 * Topology 3: nginx ({@code 172.16.80.10}) sets {@code $proxy_add_x_forwarded_for}, the header it received with
	 * the address that called it appended.
	 */
	@Test
	void behindNginxTheAddressNginxAppendedIsTheClientWhateverWasForgedBeforeIt() {
		TrustedProxies nginx = TrustedProxies.parse(List.of("172.16.80.10"), 1);

		assertThat(nginx.clientAddress("172.16.80.10", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
		assertThat(nginx.clientAddress("172.16.80.10", List.of("1.1.1.1, 2.2.2.2, 203.0.113.7")))
			.isEqualTo("203.0.113.7");
		assertThat(nginx.problems()).isEmpty();
	}

	/**
	 * Topology 4: Envoy (a pod address) appends the address that called it. Behind {@code minikube tunnel} that is a
	 * private address too, which the default trusted ranges cover: without a hop count the search walks past it to
	 * whatever the client forged, so the overlay sets one hop.
	 */
	@Test
	void behindEnvoyOneHopIsTheAddressEnvoyAppendedEvenWhenItIsPrivate() {
		List<String> defaults = List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
				"fc00::/7");
		TrustedProxies envoy = TrustedProxies.parse(defaults, 1);
		List<String> forged = List.of("6.6.6.6, 192.168.49.1");

		assertThat(envoy.clientAddress("10.244.0.12", List.of("198.51.100.4"))).isEqualTo("198.51.100.4");
		assertThat(envoy.clientAddress("10.244.0.12", List.of("6.6.6.6, 198.51.100.4"))).isEqualTo("198.51.100.4");
		assertThat(envoy.clientAddress("10.244.0.12", forged)).isEqualTo("192.168.49.1");
		assertThat(TrustedProxies.parse(defaults, null).clientAddress("10.244.0.12", forged)).as("without a hop count")
			.isEqualTo("6.6.6.6");
	}

	/**
	 * Topology 5: Google's external Application Load Balancer connects from 35.191.0.0/16 or 130.211.0.0/22 and
	 * appends {@code <client>, <load balancer address>}.
	 */
	@Test
	void behindGooglesLoadBalancerTwoHopsFindTheClientLeftOfTheLoadBalancersAddress() {
		List<String> google = List.of("35.191.0.0/16", "130.211.0.0/22");
		TrustedProxies gke = TrustedProxies.parse(google, 2);

		assertThat(gke.clientAddress("35.191.8.20", List.of("203.0.113.7,34.120.1.1"))).isEqualTo("203.0.113.7");
		assertThat(gke.clientAddress("130.211.1.9", List.of("198.51.100.4, 34.120.1.1"))).isEqualTo("198.51.100.4");
		assertThat(gke.clientAddress("35.191.8.20", List.of("6.6.6.6, 203.0.113.7, 34.120.1.1")))
			.isEqualTo("203.0.113.7");
		assertThat(gke.problems()).isEmpty();
	}

	/** The configuration topology 5 had: two clients, one bucket. It still runs, but says so at start. */
	@Test
	void trustingGooglesRangesWithoutTwoHopsKeysEveryoneToTheLoadBalancerAndSaysSo() {
		TrustedProxies withoutHops = TrustedProxies.parse(List.of("35.191.0.0/16", "130.211.0.0/22"), null);

		assertThat(withoutHops.clientAddress("35.191.8.20", List.of("203.0.113.7, 34.120.1.1")))
			.isEqualTo(withoutHops.clientAddress("35.191.8.20", List.of("198.51.100.4, 34.120.1.1")))
			.isEqualTo("34.120.1.1");
		assertThat(withoutHops.problems()).singleElement()
			.asString()
			.contains("share one rate-limit bucket")
			.contains("API_TRUSTED_HOPS is unset")
			.endsWith("Set API_TRUSTED_HOPS=2.");
		assertThat(TrustedProxies.parse(List.of("35.191.0.0/16"), 1).problems()).singleElement()
			.asString()
			.contains("API_TRUSTED_HOPS is 1");
		assertThat(TrustedProxies.parse(List.of("130.211.2.0/24"), null).problems()).as("a part of a range").hasSize(1);
		assertThat(TrustedProxies.parse(List.of("0.0.0.0/0"), null).problems()).as("a range around them").hasSize(1);
		assertThat(TrustedProxies.parse(List.of("10.0.0.0/8", "::1/128"), null).problems()).isEmpty();
	}

	@Test
	void withHopsAShorterHeaderComesFromTrustedProxiesOnlyAndAnUntrustedPeerIsStillItself() {
		TrustedProxies gke = TrustedProxies.parse(List.of("35.191.0.0/16"), 2);

		assertThat(gke.clientAddress("35.191.8.20", List.of("35.191.3.3"))).isEqualTo("35.191.3.3");
		assertThat(gke.clientAddress("35.191.8.20", List.of())).isEqualTo("35.191.8.20");
		assertThat(gke.clientAddress("35.191.8.20", List.of("203.0.113.7, garbage"))).isEqualTo("203.0.113.7");
		assertThat(gke.clientAddress("35.191.8.20", List.of("garbage, 34.120.1.1"))).isEqualTo("35.191.8.20");
		assertThat(gke.clientAddress("203.0.113.9", List.of("1.1.1.1, 34.120.1.1"))).isEqualTo("203.0.113.9");
		assertThat(gke.trusts("35.191.8.20")).isTrue();
		assertThat(gke.trusts("203.0.113.9")).isFalse();
	}

	@Test
	void aHopCountBelowOneIsRejectedAtStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/8"), 0))
			.withMessage("API_TRUSTED_HOPS must be 1 or more, or unset, but is 0");
	}

}
