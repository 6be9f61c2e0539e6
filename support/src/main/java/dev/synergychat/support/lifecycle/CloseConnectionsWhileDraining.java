package dev.synergychat.support.lifecycle;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * During the shutdown drain ({@link ShutdownDrain}), answers every request with {@code Connection: close}. A proxy
 * that keeps connections open to the api (nginx's upstream keepalive) then drops each one after its response and
 * opens a new one for the next request, which the drain still accepts. When the drain ends no kept-alive connection
 * is left for Tomcat to answer with its own 503 once it has stopped accepting, which a proxy passes on for a POST it
 * must not retry. After the drain, new connections are refused, and a proxy moves those on to another replica.
 */
final class CloseConnectionsWhileDraining extends OncePerRequestFilter {

	private final ApplicationAvailability availability;

	CloseConnectionsWhileDraining(ApplicationAvailability availability) {
		this.availability = availability;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
		chain.doFilter(request, response);
	}

}
