package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static dev.synergychat.systemtests.k8s.K8sObject.text;

/**
 * Renders variants with {@code kubectl kustomize} from a copy of {@code k8s/} in {@code target/}, prepared the way the
 * topology pages tell a reader to prepare a fresh clone (the git-ignored {@code postgres.env} made from its example by
 * {@link #MAKE_POSTGRES_ENV}), and answers the questions the checks ask of the rendered objects. Each variant is
 * rendered once per test run.
 */
final class Manifests {

	/** The repository root: Maven runs the tests in the system-tests module folder. */
	static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

	/** The command from the topology pages that makes the git-ignored secret file, run in the copy's parent. */
	static final String MAKE_POSTGRES_ENV = "sed \"s/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=$(openssl rand -hex 24)/\" "
			+ "k8s/components/postgres/postgres.env.example > k8s/components/postgres/postgres.env";

	private static final Path WORK = ROOT.resolve("system-tests/target/k8s-render");

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final Map<Variant, List<K8sObject>> RENDERED = new ConcurrentHashMap<>();

	private static boolean prepared;

	private Manifests() {
	}

	static List<K8sObject> render(Variant variant) {
		return RENDERED.computeIfAbsent(variant, Manifests::build);
	}

	/** The rendered objects of one kind. */
	static List<K8sObject> ofKind(Variant variant, String kind) {
		return render(variant).stream().filter((object) -> object.is(kind)).toList();
	}

	/** The one object of that kind and name, failing the test when there is none. */
	static K8sObject find(Variant variant, String kind, String name) {
		return ofKind(variant, kind).stream()
			.filter((object) -> object.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError(variant + " renders no " + kind + " named " + name));
	}

	/** The Deployments and StatefulSets. */
	static List<K8sObject> workloads(Variant variant) {
		return render(variant).stream().filter(K8sObject::isWorkload).toList();
	}

	/** The Gateway listener an HTTPRoute's parentRef attaches to, if there is one. */
	static Optional<JsonNode> gatewayListener(Variant variant, JsonNode parentRef) {
		return ofKind(variant, "Gateway")
			.stream()
			.filter((gateway) -> gateway.name().equals(text(parentRef.path("name"))))
			.flatMap((gateway) -> elements(gateway.spec().path("listeners")).stream())
			.filter((listener) -> !parentRef.has("sectionName")
					|| text(listener.path("name")).equals(text(parentRef.path("sectionName"))))
			.findFirst();
	}

	/** The data of a ConfigMap. */
	static Map<String, String> configValues(Variant variant, String configMap) {
		return K8sObject.stringMap(find(variant, "ConfigMap", configMap).json().path("data"));
	}

	/** One value of a ConfigMap, failing the test when it is not set. */
	static String configValue(Variant variant, String configMap, String key) {
		String value = configValues(variant, configMap).get(key);
		if (value == null || value.isBlank()) {
			throw new AssertionError(key + " is not set in ConfigMap " + configMap + " of " + variant);
		}
		return value;
	}

	/**
	 * Renders a kustomization a reader writes next to {@code k8s/} (as the pages' {@code my-synergychat}), in a
	 * directory of that name beside the prepared copy; not cached.
	 */
	static List<K8sObject> renderReaders(String name, String kustomization) {
		prepare();
		Path directory = WORK.resolve(name);
		write(directory.resolve("kustomization.yaml"), kustomization);
		return renderDirectory(directory);
	}

	private static List<K8sObject> build(Variant variant) {
		Path directory = prepare().resolve("k8s/overlays").resolve(variant.topology().overlay);
		if (!variant.components().isEmpty()) {
			directory = WORK.resolve(variant.name());
			write(directory.resolve("kustomization.yaml"), variant.kustomization());
		}
		return renderDirectory(directory);
	}

	private static List<K8sObject> renderDirectory(Path directory) {
		String yaml = Tools.run(directory, "", Duration.ofMinutes(1), List.of("kubectl", "kustomize", "."));
		return YAML.readerFor(JsonNode.class)
			.<JsonNode>readValues(yaml)
			.readAll()
			.stream()
			.filter((node) -> !node.isNull() && !node.isEmpty())
			.map(K8sObject::new)
			.toList();
	}

	/** A fresh copy of k8s/ without anyone's local env files, then the secret file made as the docs say. */
	private static synchronized Path prepare() {
		if (!prepared) {
			deleteRecursively(WORK);
			copy(ROOT.resolve("k8s"), WORK.resolve("k8s"));
			Tools.run(WORK, "", Duration.ofSeconds(30), List.of("sh", "-c", MAKE_POSTGRES_ENV));
			prepared = true;
		}
		return WORK;
	}

	private static void copy(Path from, Path to) {
		try {
			Files.walkFileTree(from, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
						throws IOException {
					Files.createDirectories(to.resolve(from.relativize(directory)));
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					if (!file.getFileName().toString().endsWith(".env")) {
						Files.copy(file, to.resolve(from.relativize(file)));
					}
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (var paths = Files.walk(directory)) {
			paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
