package dev.synergychat.support.lifecycle;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Holds shutdown back for {@code synergychat.shutdown.drain} after readiness has turned to REFUSING_TRAFFIC
 * (Spring Boot does that first on close), so {@code /health/ready} answers 503 while requests are still served
 * and load balancers and probes can notice. Only then does the web server's graceful shutdown, a later phase,
 * stop accepting connections and wait for requests in flight. Spring Boot has no such delay of its own; its
 * advice, a Kubernetes preStop pause, does nothing under compose or systemd.
 */
public final class ShutdownDrain implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ShutdownDrain.class);

	private final Duration drain;

	private volatile boolean running;

	ShutdownDrain(Duration drain) {
		this.drain = drain;
	}

	/** How long readiness answers 503 before the web server stops accepting connections. */
	public Duration drain() {
		return this.drain;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.drain.isPositive()) {
			logger.info("Shutting down: readiness is 503, serving for {} more before refusing connections", this.drain);
			try {
				Thread.sleep(this.drain);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** The highest phase stops first: before the web server's graceful shutdown and everything else. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
