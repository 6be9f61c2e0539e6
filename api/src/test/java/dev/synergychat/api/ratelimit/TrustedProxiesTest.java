package dev.synergychat.api.ratelimit;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedProxiesTest {

	private final TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "::1/128"));

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
		TrustedProxies narrow = TrustedProxies.parse(List.of("172.16.0.0/12"));

		assertThat(narrow.clientAddress("172.31.255.255", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
		assertThat(narrow.clientAddress("172.32.0.0", List.of("198.51.100.1"))).isEqualTo("172.32.0.0");
	}

	@Test
	void hostNamesAndBadPrefixesAreRejectedAtStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.parse(List.of("proxy.internal")))
			.withMessage("API_TRUSTED_PROXIES entry 'proxy.internal' is not an IP address or CIDR range");
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33")));
	}

}
