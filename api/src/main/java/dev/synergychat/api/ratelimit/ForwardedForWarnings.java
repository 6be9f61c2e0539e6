package dev.synergychat.api.ratelimit;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log, once per address, when the requests show that {@code API_TRUSTED_PROXIES} does not fit the proxy
 * in front of api. Two mismatches are visible from a single request:
 * <ul>
 * <li>A post with {@code X-Forwarded-For} from a peer that is not trusted: a client forging the header (ignored,
 * harmless) or a proxy missing from the setting, which makes every client behind it one.</li>
 * <li>A request from a trusted peer without {@code X-Forwarded-For}: a proxy that appends the address that called it
 * always sends the header, so this one does not append. nginx with {@code proxy_pass} and no {@code proxy_set_header}
 * is such a proxy: it passes on whatever {@code X-Forwarded-For} the client sent, so a client chooses its own
 * rate-limit key and the honest clients, who send none, all share the proxy's. A loopback peer is left out: that is
 * the machine itself (a local run, a test, {@code kubectl port-forward}), where one user is the only client.</li>
 * </ul>
 * Nothing changes in how requests are answered or counted; only the log says what to fix.
 */
final class ForwardedForWarnings {

	private static final Logger log = LoggerFactory.getLogger(ForwardedForWarnings.class);

	/**
	 * Enough to name every proxy of any real setup; past it nothing more is remembered, so no stream of requests
	 * from the trusted ranges can grow the set without bound.
	 */
	static final int MOST_PROXIES_NAMED = 64;

	private final TrustedProxies proxies;

	private final AtomicBoolean untrustedForwarderSeen = new AtomicBoolean();

	private final Set<String> proxiesNotAppending = ConcurrentHashMap.newKeySet();

	ForwardedForWarnings(TrustedProxies proxies) {
		this.proxies = proxies;
	}

	/**
	 * Looks at one request to the messages.
	 * @param method the request's method
	 * @param peer the address the connection comes from
	 * @param forwardedFor the request's {@code X-Forwarded-For} headers, none if it has none
	 */
	void check(String method, String peer, List<String> forwardedFor) {
		boolean trusted = this.proxies.trusts(peer);
		if (!forwardedFor.isEmpty() && !trusted && "POST".equals(method)
				&& this.untrustedForwarderSeen.compareAndSet(false, true)) {
			log.warn("A post from {} carried X-Forwarded-For, which api ignores because {} is not in "
					+ "API_TRUSTED_PROXIES. If {} is a proxy in front of api, every client behind it shares one "
					+ "rate-limit bucket: add its address to API_TRUSTED_PROXIES.", peer, peer, peer);
		}
		if (forwardedFor.isEmpty() && trusted && !isLoopback(peer)
				&& this.proxiesNotAppending.size() < MOST_PROXIES_NAMED && this.proxiesNotAppending.add(peer)) {
			log.warn("A request from {}, a trusted proxy (API_TRUSTED_PROXIES), came without X-Forwarded-For, so "
					+ "that proxy does not append the client's address and passes on any X-Forwarded-For a client "
					+ "sends: clients can choose their own rate-limit key, and all the others share {}'s. Fix the "
					+ "proxy (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;), or, if it cannot "
					+ "be changed or is no proxy, leave {} out of API_TRUSTED_PROXIES.", peer, peer, peer);
		}
	}

	private static boolean isLoopback(String peer) {
		try {
			return InetAddress.ofLiteral(peer).isLoopbackAddress();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
