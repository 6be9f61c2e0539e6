package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.synergychat.systemtests.support.ServiceProcess;

/**
 * Runs the commands a user would type (docker, the compose scripts, the Maven wrapper) and fails the test with
 * their output when one fails, so a broken topology explains itself in the test report.
 */
final class Commands {

	/** The repository root: failsafe runs the tests in the system-tests module folder. */
	static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

	/**
	 * Reads output that arrives while something else happens: command pipes (so a chatty command never blocks on a
	 * full pipe) and event streams.
	 */
	static final ExecutorService READERS = Executors.newVirtualThreadPerTaskExecutor();

	private Commands() {
	}

	/** Runs a command in the repository root and returns what it printed on stdout. */
	static String run(Duration timeout, Map<String, String> environment, String... command) {
		Result result = attempt(timeout, environment, command);
		if (result.exitCode() != 0) {
			throw new AssertionError("'" + String.join(" ", command) + "' exited with " + result.exitCode() + ":\n"
					+ result.output() + result.errors());
		}
		return result.output();
	}

	static String run(String... command) {
		return run(Duration.ofMinutes(2), Map.of(), command);
	}

	/** Runs a command whose failure is an answer, not an error (such as asking whether something exists). */
	static Result attempt(Duration timeout, Map<String, String> environment, String... command) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			CompletableFuture<String> output = readAll(process.getInputStream());
			CompletableFuture<String> errors = readAll(process.getErrorStream());
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new AssertionError("'" + String.join(" ", command) + "' did not finish within " + timeout);
			}
			return new Result(process.exitValue(), output.join(), errors.join());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start '" + command[0] + "'", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Result attempt(String... command) {
		return attempt(Duration.ofMinutes(1), Map.of(), command);
	}

	/**
	 * Fails loudly when no Docker engine answers: these tests prove the topologies on a real engine and must never
	 * pass by doing nothing.
	 */
	static void requireDockerEngine() {
		Result info = attempt("docker", "info", "--format", "{{.ServerVersion}}");
		if (info.exitCode() != 0 || info.output().isBlank()) {
			throw new AssertionError("No Docker engine answers 'docker info'. Install and start one with "
					+ ".ci/install-docker.sh (Debian's docker.io and compose v2), then run the tests again.\n"
					+ info.output() + info.errors());
		}
		if (attempt("docker", "compose", "version").exitCode() != 0) {
			throw new AssertionError("'docker compose' (compose v2) is missing: run .ci/install-docker.sh");
		}
	}

	/** Fails with what to install when a command the test runs, as a user would, is not on the PATH. */
	static void requireTool(String command, String debianPackage) {
		if (attempt("sh", "-c", "command -v " + command).exitCode() != 0) {
			throw new AssertionError("'" + command + "' is not on the PATH: install the Debian package " + debianPackage
					+ " (.ci/run does), then run the tests again.");
		}
	}

	/**
	 * A port that is free on the loopback address now, for publishing a container on it, and that no other test of
	 * this run was given ({@link ServiceProcess#freePorts}).
	 */
	static int freePort() {
		return ServiceProcess.freePort();
	}

	/** Waits, for polling loops; an interrupt ends the test. */
	static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Lines of output, without blank ones. */
	static List<String> lines(String output) {
		return output.lines().filter((line) -> !line.isBlank()).toList();
	}

	private static CompletableFuture<String> readAll(InputStream stream) {
		return CompletableFuture.supplyAsync(() -> {
			try (stream) {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, READERS);
	}

	record Result(int exitCode, String output, String errors) {
	}

}
