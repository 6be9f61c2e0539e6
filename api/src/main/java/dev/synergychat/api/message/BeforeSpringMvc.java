package dev.synergychat.api.message;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * A servlet filter that answers the plainest, most frequent requests to {@code /messages} as the controller would,
 * without Spring MVC ({@link NewestPageShortcut}, {@link NewMessageShortcut}), and hands every other request on to it.
 * While the shutdown drain runs, every request goes on to Spring MVC, so the drain's {@code Connection: close} is
 * set. The filters in front run for every request: CORS, the body size limit, the observation of
 * {@code http.server.requests} (a shortcut names its {@code uri} as the controller's mapping does) with the trace ids
 * of the log lines, and the proxy check of {@code X-Forwarded-For}.
 */
abstract class BeforeSpringMvc extends HttpFilter implements Ordered {

	/** The controller's path. */
	static final String PATH = "/messages";

	private final ApplicationAvailability availability;

	private final int order;

	BeforeSpringMvc(ApplicationAvailability availability, int order) {
		this.availability = availability;
		this.order = order;
	}

	@Override
	public final int getOrder() {
		return this.order;
	}

	@Override
	protected final void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (this.availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC
				|| !answered(request, response, chain)) {
			chain.doFilter(request, response);
		}
	}

	/**
	 * Answers the request, or hands it on to the chain itself; false when the request is Spring MVC's, untouched.
	 */
	protected abstract boolean answered(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException;

	/** Counts the request under the controller's {@code uri}, as Spring MVC would. */
	static void observeAsTheController(HttpServletRequest request) {
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(PATH));
	}

	/** No {@code Accept}, or one of the two plainest that take JSON: anything else is Spring MVC's to negotiate. */
	static boolean acceptsJsonPlainly(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return accept == null || "*/*".equals(accept) || MediaType.APPLICATION_JSON_VALUE.equals(accept);
	}

}
