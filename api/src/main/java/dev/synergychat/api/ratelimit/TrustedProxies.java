package dev.synergychat.api.ratelimit;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Finds the client address of a request. The peer address is the client unless the peer is a trusted proxy; then
 * {@code X-Forwarded-For} is read from the right (the hop nearest to us) past every trusted proxy, and the first
 * address that is not one is the client. Reading from the right means a client cannot pick its own address by
 * sending a forged header: a proxy appends to the header, it does not replace it.
 */
final class TrustedProxies {

	private final List<Range> ranges;

	private TrustedProxies(List<Range> ranges) {
		this.ranges = ranges;
	}

	/**
	 * Parses addresses and CIDR ranges such as {@code 10.0.0.0/8} or {@code ::1}.
	 * @throws IllegalArgumentException naming the first entry that is neither
	 */
	static TrustedProxies parse(List<String> entries) {
		return new TrustedProxies(entries.stream().map(String::strip).map(Range::parse).toList());
	}

	String clientAddress(String peerAddress, List<String> forwardedForHeaders) {
		Optional<InetAddress> peer = literal(peerAddress);
		if (peer.isEmpty() || !isTrusted(peer.get())) {
			return peerAddress;
		}
		String[] hops = forwardedForHeaders.stream()
			.flatMap((header) -> Arrays.stream(header.split(",")))
			.map(String::strip)
			.filter((hop) -> !hop.isEmpty())
			.toArray(String[]::new);
		String client = peer.get().getHostAddress();
		for (int i = hops.length - 1; i >= 0; i--) {
			Optional<InetAddress> hop = literal(hops[i]);
			if (hop.isEmpty()) {
				// A trusted proxy passed on something that is not an address: believe nothing further left.
				return client;
			}
			client = hop.get().getHostAddress();
			if (!isTrusted(hop.get())) {
				return client;
			}
		}
		return client;
	}

	private boolean isTrusted(InetAddress address) {
		return this.ranges.stream().anyMatch((range) -> range.contains(address));
	}

	/** Parses an IP address literal, never a host name: nothing here may cause a DNS lookup. */
	private static Optional<InetAddress> literal(@Nullable String value) {
		if (value == null || value.isEmpty() || !value.chars().allMatch((c) -> Character.digit(c, 16) >= 0
				|| c == '.' || c == ':' || c == '[' || c == ']')) {
			return Optional.empty();
		}
		try {
			return Optional.of(InetAddress.ofLiteral(value.replace("[", "").replace("]", "")));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private record Range(byte[] network, int prefixLength) {

		static Range parse(String entry) {
			int slash = entry.indexOf('/');
			InetAddress address = literal((slash >= 0) ? entry.substring(0, slash) : entry)
				.orElseThrow(() -> invalid(entry));
			int bits = address.getAddress().length * 8;
			int prefixLength;
			try {
				prefixLength = (slash >= 0) ? Integer.parseInt(entry.substring(slash + 1)) : bits;
			}
			catch (NumberFormatException ex) {
				throw invalid(entry);
			}
			if (prefixLength < 0 || prefixLength > bits) {
				throw invalid(entry);
			}
			return new Range(address.getAddress(), prefixLength);
		}

		boolean contains(InetAddress address) {
			byte[] candidate = address.getAddress();
			if (candidate.length != this.network.length) {
				return false;
			}
			for (int bit = 0; bit < this.prefixLength; bit++) {
				int mask = 0x80 >>> (bit % 8);
				if ((candidate[bit / 8] & mask) != (this.network[bit / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

		private static IllegalArgumentException invalid(String entry) {
			return new IllegalArgumentException(
					"API_TRUSTED_PROXIES entry '" + entry + "' is not an IP address or CIDR range");
		}

	}

}
