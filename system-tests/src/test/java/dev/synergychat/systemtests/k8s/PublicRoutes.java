package dev.synergychat.systemtests.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;

/**
 * What a browser reaches from outside the cluster in one variant: the HTTPRoutes attached to Gateway listeners, or
 * the Ingress rules, flattened into entries of scheme, host, path match and backend Service. Answers which Service a
 * URL ends at and which path that Service then receives, the way Gateway API and Ingress pick the most specific
 * match.
 */
record PublicRoutes(List<Entry> entries) {

	/** Stands for the address a Gateway without host names gets (GKE: the load balancer's IP). */
	static final String GATEWAY_ADDRESS = "gateway-address.invalid";

	/** One way in: {@code host} empty matches any host; {@code replacePrefix} is null without a rewrite. */
	record Entry(String scheme, String host, boolean exact, String path, String service, String replacePrefix) {

		boolean matches(URI uri) {
			boolean hostMatches = this.host.isEmpty() || this.host.equals(uri.getHost());
			String path = uri.getPath().isEmpty() ? "/" : uri.getPath();
			boolean pathMatches = this.exact ? path.equals(this.path)
					: this.path.equals("/") || path.equals(this.path) || path.startsWith(this.path + "/");
			return this.scheme.equals(uri.getScheme()) && hostMatches && pathMatches;
		}

		/** The path the backend receives after the rewrite, if any. */
		String forwardedPath(URI uri) {
			if (this.replacePrefix == null || this.exact) {
				return uri.getPath();
			}
			String rest = uri.getPath().substring(this.path.equals("/") ? 0 : this.path.length());
			String joined = this.replacePrefix.endsWith("/") && rest.startsWith("/") ? this.replacePrefix + rest.substring(1)
					: this.replacePrefix + rest;
			return joined.isEmpty() ? "/" : joined;
		}

	}

	static PublicRoutes of(Variant variant) {
		List<Entry> entries = new ArrayList<>();
		for (K8sObject route : Manifests.ofKind(variant, "HTTPRoute")) {
			List<String> hosts = elements(route.spec().path("hostnames")).stream().map(K8sObject::text).toList();
			for (JsonNode parent : elements(route.spec().path("parentRefs"))) {
				Optional<JsonNode> listener = Manifests.gatewayListener(variant, parent);
				if (listener.isEmpty()) {
					continue;
				}
				String scheme = text(listener.get().path("protocol")).equals("HTTPS") ? "https" : "http";
				for (JsonNode rule : elements(route.spec().path("rules"))) {
					String service = text(rule.path("backendRefs").path(0).path("name"));
					String replacePrefix = elements(rule.path("filters")).stream()
						.map((filter) -> filter.path("urlRewrite").path("path"))
						.filter((rewrite) -> text(rewrite.path("type")).equals("ReplacePrefixMatch"))
						.map((rewrite) -> text(rewrite.path("replacePrefixMatch")))
						.findFirst()
						.orElse(null);
					List<JsonNode> matches = elements(rule.path("matches"));
					for (String host : hosts.isEmpty() ? List.of("") : hosts) {
						if (matches.isEmpty()) {
							entries.add(new Entry(scheme, host, false, "/", service, replacePrefix));
						}
						for (JsonNode match : matches) {
							JsonNode path = match.path("path");
							entries.add(new Entry(scheme, host, text(path.path("type")).equals("Exact"),
									path.has("value") ? text(path.path("value")) : "/", service, replacePrefix));
						}
					}
				}
			}
		}
		for (K8sObject ingress : Manifests.ofKind(variant, "Ingress")) {
			List<String> tlsHosts = elements(ingress.spec().path("tls")).stream()
				.flatMap((tls) -> elements(tls.path("hosts")).stream())
				.map(K8sObject::text)
				.toList();
			for (JsonNode rule : elements(ingress.spec().path("rules"))) {
				String host = text(rule.path("host"));
				// ingress-nginx redirects plain http to https for a host that has TLS.
				String scheme = tlsHosts.contains(host) ? "https" : "http";
				for (JsonNode path : elements(rule.path("http").path("paths"))) {
					entries.add(new Entry(scheme, host, text(path.path("pathType")).equals("Exact"),
							text(path.path("path")), text(path.path("backend").path("service").path("name")), null));
				}
			}
		}
		return new PublicRoutes(List.copyOf(entries));
	}

	/** The origin the page is served from: where a browser gets "/" from the Service named. */
	String originServing(String service) {
		return this.entries.stream()
			.filter((entry) -> entry.service().equals(service) && !entry.exact() && entry.path().equals("/"))
			.map((entry) -> entry.scheme() + "://" + (entry.host().isEmpty() ? GATEWAY_ADDRESS : entry.host()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no route serves / from " + service));
	}

	Optional<String> backendFor(String url) {
		return bestMatch(url).map((match) -> match.entry().service());
	}

	Optional<String> pathAt(String url) {
		return bestMatch(url).map((match) -> match.entry().forwardedPath(match.uri()));
	}

	private record Match(Entry entry, URI uri) {
	}

	/** Exact beats prefix, a longer prefix beats a shorter one; a path URL is taken relative to the page. */
	private Optional<Match> bestMatch(String url) {
		URI uri = URI.create(originServing("web-service")).resolve(url);
		return this.entries.stream()
			.filter((entry) -> entry.matches(uri))
			.max(Comparator.comparing(Entry::exact).thenComparing((entry) -> entry.path().length()))
			.map((entry) -> new Match(entry, uri));
	}

}
