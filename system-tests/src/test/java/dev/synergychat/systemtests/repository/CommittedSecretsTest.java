package dev.synergychat.systemtests.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret is committed: every file git tracks is checked, so a key, a certificate or an {@code .env} file added
 * anywhere fails the build before it is pushed. The files users make with their secrets in them ({@code compose/.env}
 * from its example, the certificate and key of {@code nginx/make-cert.sh}) are ignored by git.
 */
class CommittedSecretsTest {

	/** The repository root: Surefire runs the tests in the system-tests module folder. */
	static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

	/** PEM armour of any private key: PKCS#8, RSA, EC, DSA, OpenSSH, encrypted. */
	static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");

	/** Names of files that hold keys or certificates, whatever their content looks like. */
	static final Pattern KEY_OR_CERTIFICATE_FILE = Pattern.compile(
			"(?i).*\\.(pem|key|crt|cer|der|p8|p12|pfx|jks|jceks|keystore|truststore|ppk)|id_(rsa|dsa|ecdsa|ed25519)");

	/** An environment file ({@code .env}, {@code postgres.env}, {@code .env.local}); only examples may be committed. */
	static final Pattern ENV_FILE = Pattern.compile("(.*\\.env|\\.env\\..*)");

	@Test
	void noTrackedFileHoldsAPrivateKey() throws IOException {
		List<String> withKeys = new ArrayList<>();
		for (String file : trackedFiles()) {
			Path path = ROOT.resolve(file);
			// Deleted in the working tree but not yet in git: nothing left to read.
			if (Files.isRegularFile(path)
					&& PRIVATE_KEY.matcher(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1)).find()) {
				withKeys.add(file);
			}
		}

		assertThat(withKeys).as("tracked files with a private key").isEmpty();
	}

	@Test
	void noTrackedFileIsAKeyOrCertificateFile() {
		assertThat(trackedFiles()).filteredOn((file) -> KEY_OR_CERTIFICATE_FILE.matcher(fileName(file)).matches())
			.as("tracked key or certificate files")
			.isEmpty();
	}

	@Test
	void theOnlyTrackedEnvironmentFilesAreExamples() {
		List<String> envFiles = trackedFiles().stream()
			.filter((file) -> ENV_FILE.matcher(fileName(file)).matches())
			.toList();

		assertThat(envFiles).as("tracked environment files").allSatisfy((file) -> assertThat(file).endsWith(".env.example"));
		assertThat(envFiles).contains("compose/.env.example");
	}

	@Test
	void theFilesUsersKeepTheirSecretsInAreIgnoredByGit() {
		List<String> secrets = List.of("compose/.env", "nginx/certs/tls.key", "nginx/certs/tls.crt");

		assertThat(git("check-ignore", "--no-index", "compose/.env", "nginx/certs/tls.key", "nginx/certs/tls.crt",
				"compose/.env.example"))
			.as("git check-ignore")
			.containsExactlyElementsOf(secrets);
	}

	/** Files git tracks, as paths from the repository root (one deleted in the working tree but not yet in git too). */
	private static List<String> trackedFiles() {
		List<String> files = git("ls-files");
		assertThat(files).as("git ls-files").contains("README.md", "compose/compose.yaml");
		return files;
	}

	private static String fileName(String file) {
		return file.substring(file.lastIndexOf('/') + 1);
	}

	/**
	 * Runs git in the repository root and returns its output lines; exit code 1 is an answer for check-ignore (none
	 * ignored), anything else beyond 0 fails.
	 */
	private static List<String> git(String... arguments) {
		List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotePath=false"));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).directory(ROOT.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
			assertThat(process.exitValue()).as(String.join(" ", command) + " exit code").isIn(0, 1);
			return output.lines().filter((line) -> !line.isBlank()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("git is needed to read what the repository tracks: apt-get install git", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
