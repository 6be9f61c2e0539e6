package dev.synergychat.api.ratelimit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Finds the client address of a request. The peer address is the client unless the peer is a trusted proxy; then the
 * client is read from {@code X-Forwarded-For}, from the right (the entries nearest to us), because a proxy appends to
 * the header and never replaces it: whatever a client forges stands left of what the proxies wrote.
 * <p>
 * Which entry is the client depends on what the proxies write, so there are two ways to read it:
 * <ul>
 * <li>With a hop count ({@code API_TRUSTED_HOPS}): the proxies in front of api together append exactly that many
 * entries, and the client is the left-most of them. nginx and Envoy append one (the address that called them);
 * Google's external Application Load Balancer appends two ({@code <client>, <load balancer>}).</li>
 * <li>Without one: the first address, read from the right, that is not itself a trusted proxy. This works wherever
 * every proxy appends only the address that called it and every proxy's address is in the trusted set.</li>
 * </ul>
 */
final class TrustedProxies {

	/**
	 * Where Google's front ends connect from (its load balancers and their health checks). Those load balancers
	 * append {@code <client>, <load balancer address>}, so trusting these ranges without a hop count keys every
	 * client to the load balancer's own address.
	 */
	private static final List<Range> GOOGLE_FRONT_ENDS = List.of(Range.parse("35.191.0.0/16"),
			Range.parse("130.211.0.0/22"));

	private final List<Range> ranges;

	private final @Nullable Integer hops;

	private TrustedProxies(List<Range> ranges, @Nullable Integer hops) {
		this.ranges = ranges;
		this.hops = hops;
	}

	/**
	 * Parses addresses and CIDR ranges such as {@code 10.0.0.0/8} or {@code ::1}.
	 * @param entries the trusted addresses and ranges ({@code API_TRUSTED_PROXIES})
	 * @param hops how many {@code X-Forwarded-For} entries the trusted proxies append ({@code API_TRUSTED_HOPS}),
	 * or {@code null} to take the right-most address that is not a trusted proxy
	 * @throws IllegalArgumentException naming the first entry that is neither, or a hop count below 1
	 */
	static TrustedProxies parse(List<String> entries, @Nullable Integer hops) {
		if (hops != null && hops < 1) {
			throw new IllegalArgumentException("API_TRUSTED_HOPS must be 1 or more, or unset, but is " + hops);
		}
		return new TrustedProxies(entries.stream().map(String::strip).map(Range::parse).toList(), hops);
	}

	/**
	 * What in this configuration would make the rate limit count different clients as one, said for the log at
	 * start; empty when nothing is known to be wrong.
	 */
	List<String> problems() {
		List<String> problems = new ArrayList<>();
		boolean trustsGoogle = this.ranges.stream()
			.anyMatch((range) -> GOOGLE_FRONT_ENDS.stream().anyMatch(range::overlaps));
		if (trustsGoogle && (this.hops == null || this.hops < 2)) {
			problems.add("API_TRUSTED_PROXIES includes Google's load balancer ranges (35.191.0.0/16, "
					+ "130.211.0.0/22), whose load balancers append '<client>, <load balancer address>' to "
					+ "X-Forwarded-For, but API_TRUSTED_HOPS is " + ((this.hops != null) ? this.hops : "unset")
					+ ": every client would be counted as the load balancer's address and share one rate-limit "
					+ "bucket. Set API_TRUSTED_HOPS=2.");
		}
		return problems;
	}

	/** Whether api believes the {@code X-Forwarded-For} of a request from this peer. */
	boolean trusts(String peerAddress) {
		return literal(peerAddress).filter(this::isTrusted).isPresent();
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
		if (this.hops != null) {
			if (hops.length == 0) {
				return client;
			}
			// Fewer entries than the proxies append: the request took a shorter way in (a health check straight
			// from the load balancer's range), so everything in the header was written by trusted proxies.
			return literal(hops[Math.max(0, hops.length - this.hops)]).map(InetAddress::getHostAddress)
				.orElse(client);
		}
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

		boolean overlaps(Range other) {
			if (other.network.length != this.network.length) {
				return false;
			}
			Range wider = (other.prefixLength < this.prefixLength) ? other : this;
			Range narrower = (wider == this) ? other : this;
			return wider.contains(narrower.network);
		}

		boolean contains(InetAddress address) {
			return contains(address.getAddress());
		}

		private boolean contains(byte[] candidate) {
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
