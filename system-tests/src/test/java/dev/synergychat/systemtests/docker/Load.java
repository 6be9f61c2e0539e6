package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.jayway.jsonpath.JsonPath;

/**
 * Steady traffic from a few concurrent loops, each sending one request at a time with a short pause between, as
 * browsers polling and posting do: some loops read a page of messages, the others post new ones. Every request is
 * recorded, so a test can count what failed and check that every post answered 201 was really stored.
 */
final class Load implements AutoCloseable {

	/** A pause between a loop's requests: steady traffic, not a benchmark that would starve a 2-core machine. */
	private static final Duration PAUSE = Duration.ofMillis(20);

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ExecutorService loops = Executors.newVirtualThreadPerTaskExecutor();

	private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

	/** The requests sent and not answered yet, by when they started. */
	private final Map<Object, Double> inFlight = new ConcurrentHashMap<>();

	private final long origin = System.nanoTime();

	private volatile boolean running = true;

	/**
	 * Starts {@code readers} loops of {@code GET {api}/messages?limit=20} and {@code writers} loops that post texts
	 * made by {@code text} from a counter unique to this load.
	 */
	static Load start(URI api, int readers, int writers, String label, IntFunction<String> text) {
		Load load = new Load();
		AtomicInteger counter = new AtomicInteger();
		for (int i = 0; i < readers; i++) {
			load.loop(() -> load.get(URI.create(api + "/messages?limit=20")));
		}
		for (int i = 0; i < writers; i++) {
			load.loop(() -> load.post(URI.create(api + "/messages?limit=20"), label, text.apply(counter.incrementAndGet())));
		}
		return load;
	}

	static Load start(URI api, int readers, int writers, String label) {
		return start(api, readers, writers, label, (n) -> label + " " + n);
	}

	private void loop(Runnable request) {
		this.loops.submit(() -> {
			while (this.running) {
				request.run();
				Commands.pause(PAUSE);
			}
		});
	}

	/** Seconds since this load started: the clock the samples and {@link #mark()} use. */
	double mark() {
		return (System.nanoTime() - this.origin) / 1e9;
	}

	private void get(URI uri) {
		send(Kind.GET, HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), null);
	}

	private void post(URI uri, String author, String text) {
		String body = "{\"AuthorUsername\":\"" + author + "\",\"Text\":\"" + text + "\"}";
		send(Kind.POST, HttpRequest.newBuilder(uri)
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build(), text);
	}

	private void send(Kind kind, HttpRequest request, String text) {
		Object key = new Object();
		double start = mark();
		this.inFlight.put(key, start);
		try {
			HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
			Long id = null;
			if (kind == Kind.POST && response.statusCode() == 201) {
				List<Number> ids = JsonPath.read(response.body(), "$[?(@.Text == '" + text + "')].Id");
				id = ids.isEmpty() ? null : ids.getLast().longValue();
			}
			this.samples.add(new Sample(kind, start, mark(), response.statusCode(), text, id,
					response.headers().firstValue("X-Upstream").orElse(""), ""));
		}
		catch (IOException ex) {
			this.samples.add(new Sample(kind, start, mark(), 0, text, null, "", String.valueOf(ex)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.inFlight.remove(key);
		}
	}

	/**
	 * Waits until every request that started before {@code time} has been answered or has failed, and returns
	 * {@link #mark()} then.
	 */
	double settledAfter(double time, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.inFlight.values().stream().anyMatch((start) -> start < time)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("requests started before " + time + " s still unanswered after " + timeout);
			}
			Commands.pause(Duration.ofMillis(50));
		}
		return mark();
	}

	/** Stops the loops, lets requests in flight finish, and returns everything recorded. */
	List<Sample> stop() {
		this.running = false;
		this.loops.shutdown();
		try {
			if (!this.loops.awaitTermination(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
				throw new AssertionError("load loops did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return samples();
	}

	/** What has been recorded so far, in the order the requests started. */
	List<Sample> samples() {
		return this.samples.stream().sorted(Comparator.comparingDouble(Sample::start)).toList();
	}

	@Override
	public void close() {
		this.running = false;
		this.loops.shutdownNow();
		this.http.close();
	}

	enum Kind {

		GET, POST

	}

	/**
	 * One request.
	 * @param kind read or post
	 * @param start seconds since the load started
	 * @param end seconds since the load started
	 * @param status the HTTP status, 0 when no response came (connection refused, reset, timed out)
	 * @param text the posted text, null for reads
	 * @param id the Id api gave the post, when it answered 201
	 * @param upstream the replica nginx passed the request to, when nginx says
	 * @param error the exception when no response came
	 */
	record Sample(Kind kind, double start, double end, int status, String text, Long id, String upstream,
			String error) {

		boolean failed() {
			return this.status == 0 || this.status >= 500;
		}

		boolean acknowledged() {
			return this.kind == Kind.POST && this.status == 201;
		}

	}

	/**
	 * The figures of one run, for one kind of request.
	 */
	record Figures(String kind, int sent, int failed, int serverErrors, int noResponse, double p99Millis) {

		static Figures of(List<Sample> samples, Kind kind) {
			List<Sample> some = samples.stream().filter((sample) -> sample.kind() == kind).toList();
			List<Double> latencies = some.stream().map((s) -> (s.end() - s.start()) * 1000).sorted().toList();
			double p99 = latencies.isEmpty() ? 0 : latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
			return new Figures(kind.name(), some.size(), (int) some.stream().filter(Sample::failed).count(),
					(int) some.stream().filter((s) -> s.status() >= 500).count(),
					(int) some.stream().filter((s) -> s.status() == 0).count(), p99);
		}

		@Override
		public String toString() {
			return String.format("%s sent %d, failed %d (5xx %d, no response %d), p99 %.0f ms", this.kind, this.sent,
					this.failed, this.serverErrors, this.noResponse, this.p99Millis);
		}

	}

	/** The last request that failed, if any. */
	static Optional<Sample> lastFailure(List<Sample> samples) {
		return samples.stream().filter(Sample::failed).max(Comparator.comparingDouble(Sample::end));
	}

	/** Requests per replica nginx named, for the report. */
	static Map<String, Long> perUpstream(List<Sample> samples) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		for (Sample sample : samples) {
			if (!sample.upstream().isEmpty()) {
				counts.merge(sample.upstream(), 1L, Long::sum);
			}
		}
		return counts;
	}

	/** Texts of posts answered 201. */
	static List<String> acknowledgedTexts(List<Sample> samples) {
		List<String> texts = new ArrayList<>();
		samples.stream().filter(Sample::acknowledged).forEach((sample) -> texts.add(sample.text()));
		return texts;
	}

}
