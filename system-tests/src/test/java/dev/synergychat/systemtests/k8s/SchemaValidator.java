package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates objects against the official schemas of their kind and version through
 * {@code system-tests/src/test/k8s/validate.mjs}, whose npm packages (pinned by its package-lock.json) are
 * installed with {@code npm ci} into {@code target/} the first time and whenever the lock file changes.
 */
final class SchemaValidator {

	private static final Path SOURCE = Manifests.ROOT.resolve("system-tests/src/test/k8s");

	private static final Path WORK = Manifests.ROOT.resolve("system-tests/target/k8s-validator");

	private static final List<String> FILES = List.of("package.json", "package-lock.json", "validate.mjs");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SchemaValidator() {
	}

	/** For each object, in order, the schema errors found (an empty list when it is valid). */
	static List<List<String>> errors(List<JsonNode> objects) {
		install();
		String output = Tools.run(WORK, JSON.writeValueAsString(objects), Duration.ofMinutes(2),
				List.of("node", "validate.mjs"));
		return JSON.readTree(output)
			.values()
			.stream()
			.map((errors) -> errors.values().stream().map(K8sObject::text).toList())
			.toList();
	}

	private static synchronized void install() {
		try {
			Files.createDirectories(WORK);
			Path installedLock = WORK.resolve("node_modules/.synergychat-lock.json");
			Path lock = SOURCE.resolve("package-lock.json");
			boolean current = Files.exists(installedLock) && Files.mismatch(installedLock, lock) == -1;
			for (String file : FILES) {
				Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
			}
			if (!current) {
				Tools.run(WORK, "", Duration.ofMinutes(5),
						List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"));
				Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
