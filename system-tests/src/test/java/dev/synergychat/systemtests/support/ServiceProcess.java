package dev.synergychat.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One SynergyChat service running from its packaged jar as a child process, bound to a free port on 127.0.0.1
 * and a second free port for its management server ({@code /metrics}, the detailed {@code /health}), with its output
 * in {@code target/system-test-logs} and {@code SHUTDOWN_DRAIN=0s} unless the test sets one. {@link #close()} stops
 * it with SIGTERM (the signal a container runtime sends) and kills it if it has not exited in time; a JVM shutdown
 * hook kills whatever a failed test run left behind.
 */
public final class ServiceProcess implements AutoCloseable {

	/** Three JVMs start at once on a small, shared machine, so readiness can take a while. */
	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final Path LOG_DIRECTORY = Path.of("target", "system-test-logs");

	/** Only these are passed on from the test's environment, so no variable of the machine changes a service. */
	private static final Set<String> INHERITED_VARIABLES = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

	private static final List<Process> RUNNING = new ArrayList<>();

	/** Every port {@link #freePorts} has handed out in this test run. */
	private static final Set<Integer> HANDED_OUT = new HashSet<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			synchronized (RUNNING) {
				RUNNING.forEach(Process::destroyForcibly);
			}
		}, "kill-leftover-services"));
	}

	private final Service service;

	private final int port;

	private final int managementPort;

	private final Path log;

	private final Process process;

	private ServiceProcess(Service service, int port, int managementPort, Path log, Process process) {
		this.service = service;
		this.port = port;
		this.managementPort = managementPort;
		this.log = log;
		this.process = process;
	}

	/** A port that was free a moment ago; the service binds it right after. */
	public static int freePort() {
		return freePorts(1)[0];
	}

	/**
	 * Distinct ports that were free a moment ago and that this test run has not handed out before: all are held open
	 * until all are chosen. A port handed out earlier may not be bound yet (a service picks its management port here
	 * after its own port was chosen, and starts only later), so the system's next free port can be that same one; two
	 * services, or a service and its own management server, would then be given one port.
	 */
	public static int[] freePorts(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			int[] ports = new int[count];
			int chosen = 0;
			synchronized (HANDED_OUT) {
				while (chosen < count) {
					ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
					sockets.add(socket);
					if (HANDED_OUT.add(socket.getLocalPort())) {
						ports[chosen++] = socket.getLocalPort();
					}
				}
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
	}

	/**
	 * Starts the service on the given port, and its management server on a free one unless {@code environment}
	 * names MANAGEMENT_PORT, with these environment variables on top of its defaults. Returns at once; call
	 * {@link #awaitReady()} before using it.
	 */
	public static ServiceProcess launch(Service service, int port, Map<String, String> environment) {
		Path log = LOG_DIRECTORY.resolve(service.module() + "-" + port + ".log").toAbsolutePath();
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				// These processes live for seconds: starting fast matters more than peak speed.
				"-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", service.jar().toString());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
		Map<String, String> env = builder.environment();
		env.keySet().retainAll(INHERITED_VARIABLES);
		env.put("SERVER_ADDRESS", "127.0.0.1");
		env.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
		env.put(service.portVariable(), String.valueOf(port));
		env.put("MANAGEMENT_PORT", String.valueOf(freePort()));
		// No drain unless a test sets one: every close() would otherwise wait out the services' 5 s default while the
		// process keeps serving, and a test run closes dozens. GracefulShutdownIT sets its own and checks it.
		env.put("SHUTDOWN_DRAIN", "0s");
		env.putAll(environment);
		int managementPort = Integer.parseInt(env.get("MANAGEMENT_PORT"));
		try {
			Files.createDirectories(LOG_DIRECTORY);
			Process process = builder.start();
			synchronized (RUNNING) {
				RUNNING.add(process);
			}
			return new ServiceProcess(service, port, managementPort, log, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + service.module(), ex);
		}
	}

	/** Starts the service and waits until {@code /health/ready} answers 200. */
	public static ServiceProcess start(Service service, Map<String, String> environment) {
		ServiceProcess started = launch(service, freePort(), environment);
		try {
			return started.awaitReady();
		}
		catch (RuntimeException ex) {
			started.close();
			throw ex;
		}
	}

	/**
	 * Waits until each of {@code processes}, launched side by side, is ready: about as long as the slowest takes, where
	 * starting one after the other would take the sum. Closes all of them if one fails.
	 */
	public static void awaitAllReady(ServiceProcess... processes) {
		try {
			for (ServiceProcess process : processes) {
				process.awaitReady();
			}
		}
		catch (RuntimeException ex) {
			for (ServiceProcess process : processes) {
				process.close();
			}
			throw ex;
		}
	}

	/** Waits until {@code /health/ready} answers 200, failing early with the log if the process exits. */
	public ServiceProcess awaitReady() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest ready = HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(5)).build();
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this + " exited with status " + this.process.exitValue()
						+ " before it was ready. Its log:\n" + logTail());
			}
			try {
				if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return this;
				}
			}
			catch (IOException notListeningYet) {
				// Expected until the server has bound its port.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this, ex);
			}
			pause();
		}
		throw new IllegalStateException(this + " was not ready within " + START_TIMEOUT.toSeconds() + " s. Its log:\n"
				+ logTail());
	}

	private static void pause() {
		try {
			Thread.sleep(250);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public Service service() {
		return this.service;
	}

	public int port() {
		return this.port;
	}

	/** {@code http://127.0.0.1:<port>}, with no trailing slash. */
	public URI baseUri() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** The base URI with {@code path} (starting with "/") appended. */
	public URI uri(String path) {
		return URI.create(baseUri() + path);
	}

	public int managementPort() {
		return this.managementPort;
	}

	/** {@code path} on the management server, where {@code /metrics} and the detailed {@code /health} are. */
	public URI managementUri(String path) {
		return URI.create("http://127.0.0.1:" + this.managementPort + path);
	}

	/** Everything the service has written so far. */
	public String logText() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String logTail() {
		List<String> lines = logText().lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

	/** Sends SIGTERM, as a container runtime does, and returns at once. */
	public void terminate() {
		this.process.destroy();
	}

	/** Waits for the process to exit and returns its exit status; fails if it is still running after {@code timeout}. */
	public int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(this + " did not exit within " + timeout.toSeconds() + " s");
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this + " to exit", ex);
		}
	}

	/** Sends SIGTERM and waits for the process to exit; kills it if it does not exit in time. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		synchronized (RUNNING) {
			RUNNING.remove(this.process);
		}
	}

	@Override
	public String toString() {
		return this.service.module() + " on port " + this.port + " (log " + this.log + ")";
	}

	/** Environment variables in the order given, for readable call sites. */
	public static Map<String, String> env(String... namesAndValues) {
		Map<String, String> env = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			env.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return env;
	}

}
