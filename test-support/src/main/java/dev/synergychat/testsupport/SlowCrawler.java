package dev.synergychat.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the crawler on a loopback port that answers {@code GET /stats} with one row
 * ({@code love} in "A Slow Book", 7 times) only after a delay, so a test can begin shutting api down while api is
 * still waiting for it.
 */
public final class SlowCrawler implements AutoCloseable {

	private static final byte[] ONE_ROW = "[{\"Keyword\":\"love\",\"BookTitle\":\"A Slow Book\",\"Count\":7}]"
		.getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final CountDownLatch asked = new CountDownLatch(1);

	private SlowCrawler(Duration delay) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/stats", (exchange) -> {
			this.asked.countDown();
			try {
				Thread.sleep(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, ONE_ROW.length);
			exchange.getResponseBody().write(ONE_ROW);
			exchange.close();
		});
		this.server.start();
	}

	/** Starts answering {@code /stats} after {@code delay}. */
	public static SlowCrawler start(Duration delay) throws IOException {
		return new SlowCrawler(delay);
	}

	/** What api's {@code CRAWLER_BASE_URL} should be. */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** Whether a {@code /stats} request has arrived within {@code timeout}. */
	public boolean awaitAsked(Duration timeout) throws InterruptedException {
		return this.asked.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
