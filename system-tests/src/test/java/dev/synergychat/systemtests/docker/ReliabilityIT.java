package dev.synergychat.systemtests.docker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.synergychat.systemtests.docker.Load.Figures;
import dev.synergychat.systemtests.docker.Load.Kind;
import dev.synergychat.systemtests.docker.Load.Sample;
import dev.synergychat.systemtests.support.HeavyLane;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure behaviour on the real Docker engine: two api replicas behind nginx (the configuration in
 * {@code src/test/resources/reliability/nginx-two-apis.conf}), PostgreSQL, Redis and crawler in containers of this
 * test's own, under steady reads and posts from the test. First a rolling restart, one replica at a time through
 * SIGTERM and its drain; then the fault matrix: PostgreSQL and Redis restarted, crawler down, {@code kill -9} of a
 * replica, and a full disk under the file store. Every case asserts that each post answered 201 is stored and that
 * the service recovers; the figures (requests, failures, p99, time to recover) are printed as {@code [figures]} lines
 * for docs/reliability.md, never asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@HeavyLane
class ReliabilityIT {

	private static final String PREFIX = "synergychat-it-rel-";

	private static final String NETWORK = PREFIX + "net";

	/**
	 * Fixed addresses, so a restarted replica comes back where nginx resolved it at start. Outside the ranges Docker
	 * hands out by itself, in turn, to the networks the other tests create (as topology 3's compose file).
	 */
	private static final String SUBNET = "172.16.91.0/24";

	private static final String PASSWORD = UUID.randomUUID().toString();

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	/**
	 * Requests of each kind the load must have finished before a fault begins and after it is over, so the load runs
	 * when the fault comes and the window checked after recovery is never empty; about half a second of this load.
	 */
	private static final int WINDOW = 20;

	/** Seconds nginx leaves a replica out after a failed request ({@code fail_timeout} in nginx-two-apis.conf). */
	private static final double NGINX_FAIL_TIMEOUT = 5;

	private static final Map<String, Integer> PUBLISHED = new HashMap<>();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(3))
		.build();

	/** Over TCP, as api connects (the Unix socket answers before the network does), like the compose health checks. */
	private static final String[] POSTGRES_READY = { "pg_isready", "--host=127.0.0.1", "--username=postgres",
			"--dbname=synergychat" };

	private static final String[] REDIS_READY = { "redis-cli", "-h", "127.0.0.1", "ping" };

	private static final String NGINX_CONF = "system-tests/src/test/resources/reliability/nginx-two-apis.conf";

	@BeforeAll
	static void start() {
		LocalImages.build();
		// What a run that was killed before its @AfterAll left: these names and the subnet are this test's own.
		removeStack();
		Commands.run("docker", "network", "create", "--subnet", SUBNET, NETWORK);
		run("postgres", 11, 0, List.of("POSTGRES_PASSWORD=" + PASSWORD, "POSTGRES_DB=synergychat"),
				LocalImages.POSTGRES);
		run("redis", 12, 0, List.of(), LocalImages.REDIS);
		run("crawler", 13, 8080, List.of("CRAWLER_BOOKS_URL=sample"), LocalImages.service("crawler"));
		awaitCommand("postgres", POSTGRES_READY);
		for (String replica : List.of("api-1", "api-2")) {
			run(replica, replica.equals("api-1") ? 21 : 22, 8080, apiEnvironment(), LocalImages.service("api"));
		}
		awaitReady("crawler");
		awaitReady("api-1");
		awaitReady("api-2");
		run("nginx", 30, 80, List.of(), LocalImages.NGINX, "-v",
				Commands.ROOT.resolve(NGINX_CONF) + ":/etc/nginx/conf.d/default.conf:ro");
		awaitOk(URI.create(nginx() + "/health/live"));
	}

	@AfterAll
	static void stop() {
		removeStack();
		assertThat(Commands.run("docker", "ps", "-a", "-q", "--filter", "name=" + PREFIX)).isBlank();
		assertThat(Commands.run("docker", "network", "ls", "-q", "--filter", "name=" + NETWORK)).isBlank();
	}

	private static void removeStack() {
		for (String name : List.of("nginx", "api-1", "api-2", "api-file", "crawler", "redis", "postgres")) {
			Commands.attempt("docker", "rm", "-f", "-v", PREFIX + name);
		}
		Commands.attempt("docker", "network", "rm", NETWORK);
	}

	/**
	 * Each replica in turn gets SIGTERM ({@code docker stop}), drains (readiness 503 while it still serves), stops
	 * accepting connections, exits, and is started again; the next one is stopped only once nginx sends requests to
	 * the restarted one.
	 */
	@Test
	@Order(1)
	void rollingRestartThroughSigtermFailsNoReadAndLosesNoAcknowledgedPost() {
		List<String> steps = new ArrayList<>();
		List<Sample> samples;
		try (Load load = Load.start(nginx(), 2, 2, "rolling")) {
			awaitWindow(load, 0);
			double ready = 0;
			for (String replica : List.of("api-1", "api-2")) {
				double stopping = load.mark();
				Commands.run(Duration.ofMinutes(2), Map.of(), "docker", "stop", "-t", "40", PREFIX + replica);
				double stopped = load.mark();
				Commands.run("docker", "start", PREFIX + replica);
				awaitReady(replica);
				ready = load.mark();
				String upstream = address(replica) + ":8080";
				awaitSamples(load, ready, (s) -> s.status() < 500 && s.upstream().endsWith(upstream), 1,
						"a request nginx passed to " + replica);
				steps.add(String.format("%s: SIGTERM to exit %.1f s, start to ready %.1f s", replica,
						stopped - stopping, ready - stopped));
			}
			awaitWindow(load, ready);
			samples = load.stop();
		}
		Figures reads = Figures.of(samples, Kind.GET);
		Figures posts = Figures.of(samples, Kind.POST);
		System.out.printf("[figures] rolling restart: %s; %s; per replica %s; %s%n", reads, posts,
				Load.perUpstream(samples), String.join("; ", steps));

		assertThat(reads.sent()).isPositive();
		assertThat(samples.stream().filter((s) -> s.kind() == Kind.GET && s.failed()).toList())
			.as("reads that failed during the rolling restart")
			.isEmpty();
		assertAcknowledgedPostsStored("rolling restart", samples);
	}

	@Test
	@Order(2)
	void postgresRestartedUnderLoad() {
		fault("PostgreSQL restarted", nginx(),
				(load) -> stopFor("postgres", Duration.ofSeconds(5), POSTGRES_READY),
				(n) -> "pg " + n);
	}

	@Test
	@Order(3)
	void redisRestartedUnderLoad() {
		fault("Redis restarted", nginx(), (load) -> stopFor("redis", Duration.ofSeconds(5), REDIS_READY),
				(n) -> "redis " + n);
	}

	/** Every other post is a {@code /stats} command, which needs crawler; while it is down the bot says so. */
	@Test
	@Order(4)
	void crawlerDownUnderLoad() {
		double[] answeredAgain = new double[1];
		Instant[] started = new Instant[1];
		fault("crawler down", nginx(), (load) -> {
			Commands.run(Duration.ofMinutes(1), Map.of(), "docker", "stop", "-t", "10", PREFIX + "crawler");
			Commands.pause(Duration.ofSeconds(8));
			Commands.run("docker", "start", PREFIX + "crawler");
			started[0] = Instant.now();
			awaitReady("crawler");
			awaitStatsAnswered();
			answeredAgain[0] = Duration.between(started[0], Instant.now()).toMillis() / 1000.0;
		}, (n) -> (n % 2 == 0) ? "/stats keywords=love crawler-down-" + n : "crawler down " + n);
		System.out.printf("[figures] crawler down: /stats answered with counts again %.1f s after crawler started%n",
				answeredAgain[0]);
	}

	/** No drain at all: posts in flight on the killed replica fail, but none that got 201 is lost. */
	@Test
	@Order(5)
	void apiKilledWithSigkillDuringAStreamOfPosts() {
		fault("kill -9 of api-1", nginx(), (load) -> {
			Commands.run("docker", "kill", "-s", "KILL", PREFIX + "api-1");
			Commands.pause(Duration.ofSeconds(3));
			Commands.run("docker", "start", PREFIX + "api-1");
			awaitReady("api-1");
		}, (n) -> "kill " + n);
	}

	/**
	 * api on the file store ({@code API_DB_FILEPATH}) on a 1 MiB tmpfs, filled up under load and then cleaned.
	 * Posts that cannot be written get 503 and are not kept; every post answered 201 is in the file. The disk stays
	 * full until {@value #WINDOW} posts have been refused.
	 */
	@Test
	@Order(6)
	void fullDiskUnderTheFileStore() {
		run("api-file", 23, 8080, List.of("API_DB_FILEPATH=/persist/messages.json", "API_RATE_LIMIT=1000000"),
				LocalImages.service("api"), "--mount", "type=tmpfs,destination=/persist,tmpfs-size=1048576,tmpfs-mode=1777");
		awaitReady("api-file");
		URI api = published("api-file");
		String padding = "x".repeat(400);
		List<Sample> samples = fault("full disk", api, (load) -> {
			double full = load.mark();
			// dd stops with "No space left on device", which is the point.
			Commands.attempt(Duration.ofMinutes(1), Map.of(), "docker", "exec", PREFIX + "api-file", "dd",
					"if=/dev/zero", "of=/persist/filler", "bs=4096");
			awaitSamples(load, full, (s) -> s.kind() == Kind.POST && s.status() == 503, WINDOW, "refused posts");
			Commands.run("docker", "exec", PREFIX + "api-file", "rm", "/persist/filler");
		}, (n) -> "disk " + n + " " + padding);

		String file = Commands.run("docker", "exec", PREFIX + "api-file", "cat", "/persist/messages.json");
		List<String> inFile = JsonPath.read(file, "$[*].Text");
		assertThat(inFile).as("acknowledged posts in the message file").containsAll(Load.acknowledgedTexts(samples));
		assertThat(samples.stream().filter((s) -> s.kind() == Kind.POST && s.status() == 503).count())
			.as("posts refused while the disk was full")
			.isPositive();
	}

	/**
	 * Runs steady load against {@code api}, makes the fault (which returns once it is cleared), waits until reads and
	 * posts succeed again, and checks that every acknowledged post is stored and nothing fails after recovery.
	 */
	private static List<Sample> fault(String name, URI api, Consumer<Load> fault, IntFunction<String> text) {
		List<Sample> samples;
		double faultStart;
		double cleared;
		double recovered;
		try (Load load = Load.start(api, 2, 2, "fault", text)) {
			awaitWindow(load, 0);
			faultStart = load.mark();
			fault.accept(load);
			cleared = load.mark();
			awaitSamples(load, cleared, (s) -> s.kind() == Kind.GET && !s.failed(), 1, "a read that succeeded");
			awaitSamples(load, cleared, Sample::acknowledged, 1, "an acknowledged post");
			// Requests caught in the fault can still answer after that: a post waiting for a pooled connection gives
			// up with 503 up to 2 s later, and a pooled connection that died with the database fails its first
			// statement. nginx counts such an answer against the replica and leaves it out for its fail_timeout
			// (5 s); with both replicas out it answers 502 until one is back. So the check after recovery starts
			// once the last request caught in the fault has ended and that timeout has passed.
			recovered = load.settledAfter(load.mark(), READY_TIMEOUT) + NGINX_FAIL_TIMEOUT;
			awaitWindow(load, recovered + 1);
			samples = load.stop();
		}
		Figures reads = Figures.of(samples, Kind.GET);
		Figures posts = Figures.of(samples, Kind.POST);
		double lastFailure = Load.lastFailure(samples).map(Sample::end).orElse(faultStart);
		System.out.printf(
				"[figures] %s: %s; %s; fault lasted %.1f s; last failure %.1f s after the fault began, "
						+ "%.1f s after it was cleared%n",
				name, reads, posts, cleared - faultStart, Math.max(0, lastFailure - faultStart),
				Math.max(0, lastFailure - cleared));
		assertAcknowledgedPostsStored(name, samples);
		// Recovered: nothing that started a second after reads and posts worked again has failed.
		assertThat(samples.stream().filter((s) -> s.start() > recovered + 1 && s.failed()).toList())
			.as(name + ": failures after recovery")
			.isEmpty();
		return samples;
	}

	/** Reads back every message (through the api the load used) and checks each post answered 201 is there. */
	private static void assertAcknowledgedPostsStored(String name, List<Sample> samples) {
		URI api = name.equals("full disk") ? published("api-file") : published("api-2");
		Map<Long, String> stored = allMessages(api);
		List<Sample> acknowledged = samples.stream().filter(Sample::acknowledged).toList();
		List<String> lost = acknowledged.stream()
			.filter((s) -> s.id() == null || !s.text().equals(stored.get(s.id())))
			.map((s) -> s.id() + " " + s.text())
			.toList();
		System.out.printf("[figures] %s: %d posts acknowledged, %d of them lost%n", name, acknowledged.size(),
				lost.size());
		assertThat(acknowledged).as(name + ": acknowledged posts").isNotEmpty();
		assertThat(lost).as(name + ": acknowledged posts missing from the store").isEmpty();
	}

	/** Every message, Id to text, read page by page going back with {@code before}. */
	private static Map<Long, String> allMessages(URI api) {
		Map<Long, String> all = new HashMap<>();
		// Every page from the store itself, the first one too: a before= above every Id is never answered from a
		// replica's newest page in memory, which may still wait for the other replica's last posts on their way
		// through Redis (its documented freshness), and this check is about what is stored.
		long before = Long.MAX_VALUE;
		while (true) {
			HttpResponse<String> page = send(
					HttpRequest.newBuilder(URI.create(api + "/messages?limit=500&before=" + before)).build());
			assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
			List<Number> ids = JsonPath.read(page.body(), "$[*].Id");
			List<String> texts = JsonPath.read(page.body(), "$[*].Text");
			if (ids.isEmpty()) {
				return all;
			}
			for (int i = 0; i < ids.size(); i++) {
				all.put(ids.get(i).longValue(), texts.get(i));
			}
			before = ids.getFirst().longValue();
		}
	}

	/** Waits until {@value #WINDOW} reads and {@value #WINDOW} posts that started after {@code since} have finished. */
	private static void awaitWindow(Load load, double since) {
		awaitSamples(load, since, (s) -> s.kind() == Kind.GET, WINDOW, "reads");
		awaitSamples(load, since, (s) -> s.kind() == Kind.POST, WINDOW, "posts");
	}

	/** Waits until {@code count} requests that started after {@code since} and match {@code which} have finished. */
	private static void awaitSamples(Load load, double since, Predicate<Sample> which, int count, String what) {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (load.samples().stream().filter((s) -> s.start() > since && which.test(s)).count() >= count) {
				return;
			}
			Commands.pause(Duration.ofMillis(100));
		}
		throw new AssertionError("not " + count + " " + what + " after " + since + " s of load within " + READY_TIMEOUT);
	}

	/** Posts {@code /stats} until crawler-bot answers with counts rather than "unavailable" or a timeout. */
	private static void awaitStatsAnswered() {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		String reply = "";
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(nginx() + "/messages?limit=50"))
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"AuthorUsername\":\"probe\",\"Text\":\"/stats keywords=love\"}"))
				.build());
			if (response.statusCode() == 201) {
				List<String> replies = JsonPath.read(response.body(), "$[?(@.AuthorUsername == 'crawler-bot')].Text");
				reply = replies.isEmpty() ? "" : replies.getLast();
				if (reply.startsWith("Found ")) {
					return;
				}
			}
			Commands.pause(Duration.ofMillis(500));
		}
		throw new AssertionError("/stats was not answered with counts again; last reply: " + reply);
	}

	private static List<String> apiEnvironment() {
		return List.of("DATABASE_URL=postgresql://postgres:" + PASSWORD + "@postgres:5432/synergychat",
				"REDIS_URL=redis://redis:6379", "CRAWLER_BASE_URL=http://crawler:8080",
				// One client (this test) sends everything, and nginx is trusted by api's default private ranges.
				"API_RATE_LIMIT=1000000");
	}

	/** {@code docker run -d} on the test network at a fixed address, publishing {@code port} on a free loopback port. */
	private static void run(String name, int host, int port, List<String> environment, String image,
			String... options) {
		List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--name", PREFIX + name, "--network",
				NETWORK, "--network-alias", name, "--ip", address(name, host)));
		if (port > 0) {
			int published = Commands.freePort();
			PUBLISHED.put(name, published);
			command.addAll(List.of("-p", "127.0.0.1:" + published + ":" + port));
		}
		environment.forEach((variable) -> command.addAll(List.of("-e", variable)));
		command.addAll(List.of(options));
		command.add(image);
		Commands.run(command.toArray(String[]::new));
	}

	private static final Map<String, String> ADDRESSES = new HashMap<>();

	private static String address(String name, int host) {
		String address = SUBNET.substring(0, SUBNET.lastIndexOf('.') + 1) + host;
		ADDRESSES.put(name, address);
		return address;
	}

	private static String address(String name) {
		return ADDRESSES.get(name);
	}

	private static URI published(String name) {
		return URI.create("http://127.0.0.1:" + PUBLISHED.get(name));
	}

	private static URI nginx() {
		return published("nginx");
	}

	private static void awaitReady(String name) {
		awaitOk(URI.create(published(name) + "/health/ready"));
	}

	private static void awaitOk(URI uri) {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		String last = "";
		while (Instant.now().isBefore(deadline)) {
			try {
				HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
					.build(), BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
				last = response.statusCode() + " " + response.body();
			}
			catch (java.io.IOException ex) {
				last = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			Commands.pause(Duration.ofMillis(250));
		}
		throw new AssertionError(uri + " did not answer 200 within " + READY_TIMEOUT + ": " + last);
	}

	/** Stops a data store's container, leaves it down for {@code down}, starts it and waits until it answers. */
	private static void stopFor(String name, Duration down, String... readyCommand) {
		Commands.run(Duration.ofMinutes(1), Map.of(), "docker", "stop", "-t", "10", PREFIX + name);
		Commands.pause(down);
		Commands.run("docker", "start", PREFIX + name);
		awaitCommand(name, readyCommand);
	}

	/** Runs a command in a container until it succeeds (a readiness check such as pg_isready). */
	private static void awaitCommand(String name, String... command) {
		List<String> full = new ArrayList<>(List.of("docker", "exec", PREFIX + name));
		full.addAll(List.of(command));
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (Commands.attempt(full.toArray(String[]::new)).exitCode() == 0) {
				return;
			}
			Commands.pause(Duration.ofMillis(250));
		}
		throw new AssertionError(String.join(" ", full) + " did not succeed within " + READY_TIMEOUT);
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
