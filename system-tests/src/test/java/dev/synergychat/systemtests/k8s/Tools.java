package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command-line tools the manifests and the monitoring assets are checked with. A tool that is missing
 * fails the test with what to install, instead of an opaque "No such file or directory".
 */
public final class Tools {

	private Tools() {
	}

	/** Runs {@code command} in {@code directory}, feeds it {@code input} and returns its standard output. */
	public static String run(Path directory, String input, Duration timeout, List<String> command) {
		Process process = start(directory, command);
		try {
			CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
			CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
			try (var stdin = process.getOutputStream()) {
				stdin.write(input.getBytes(StandardCharsets.UTF_8));
			}
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
			}
			if (process.exitValue() != 0) {
				throw new AssertionError(String.join(" ", command) + " in " + directory + " exited with "
						+ process.exitValue() + ":\n" + errors.join() + output.join());
			}
			return output.join();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Process start(Path directory, List<String> command) {
		try {
			return new ProcessBuilder(command).directory(directory.toFile()).start();
		}
		catch (IOException ex) {
			throw new AssertionError("'" + command.getFirst() + "' could not be started: " + installHint(command.getFirst()),
					ex);
		}
	}

	static String installHint(String tool) {
		return switch (tool) {
			case "kubectl" -> "install kubectl 1.27 or newer (it carries kustomize), e.g. from the Kubernetes apt "
					+ "repository or the Google Cloud CLI";
			case "node", "npm" -> "install Node.js 22 or newer with npm, what the pinned kubernetes-models packages "
					+ "declare (Debian 12's own nodejs is 18, too old: use the Node.js project's or NodeSource's packages)";
			case "git" -> "install git (Debian: apt-get install git)";
			case "promtool", "prometheus" -> "install Prometheus 2.42 or newer, which carries promtool (Debian: "
					+ "apt-get install prometheus; .ci/run does)";
			default -> "install " + tool;
		};
	}

	private static String readAll(InputStream stream) {
		try (stream) {
			return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
