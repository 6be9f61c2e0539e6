package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What k8s/ holds in git: no secret, a git-ignored place for the real one, and components that are all used. */
class RepositoryTest {

	static final Path K8S = Manifests.ROOT.resolve("k8s");

	@Test
	void noCommittedFileUnderK8sIsASecretOrHoldsAPassword() throws IOException {
		for (String file : committedFiles()) {
			Path path = Manifests.ROOT.resolve(file);
			if (!Files.exists(path)) {
				continue;
			}
			String text = Files.readString(path);

			assertThat(text).as(file).doesNotContainPattern("(?m)^kind:\\s*Secret\\s*$");
			assertThat(text.lines().filter((line) -> line.matches("[A-Z_]*PASSWORD=.+")).toList())
				.as("passwords with a value in " + file)
				.isEmpty();
		}
	}

	@Test
	void theSecretEnvFileIsIgnoredByGitAndItsExampleIsCommitted() {
		String ignored = Tools.run(Manifests.ROOT, "", Duration.ofSeconds(10), List.of("git", "check-ignore",
				"--no-index", "k8s/components/postgres/postgres.env", "k8s/components/postgres/postgres.env.example"));

		assertThat(ignored.lines().toList()).containsExactly("k8s/components/postgres/postgres.env");
		assertThat(committedFiles()).contains("k8s/components/postgres/postgres.env.example");
	}

	@Test
	void everyComponentIsAKustomizeComponentWithAReadmeAndIsRenderedBySomeVariant() throws IOException {
		List<String> usedByVariants = Variant.ALL.stream()
			.flatMap((variant) -> Stream.concat(variant.components().stream(),
					Variant.overlayComponents(variant.topology().overlay).stream()))
			.distinct()
			.toList();
		try (Stream<Path> components = Files.list(K8S.resolve("components"))) {
			for (Path component : components.toList()) {
				String name = component.getFileName().toString();

				assertThat(Files.readString(component.resolve("kustomization.yaml"))).as(name + "/kustomization.yaml")
					.contains("kind: Component");
				assertThat(component.resolve("README.md")).as(name + "/README.md").isNotEmptyFile();
				assertThat(usedByVariants).as("components rendered by the tested variants").contains(name);
			}
		}
	}

	/** The files under k8s/ that git tracks (one deleted in the working tree but not yet in git included). */
	private static List<String> committedFiles() {
		return Tools.run(Manifests.ROOT, "", Duration.ofSeconds(10), List.of("git", "ls-files", "k8s")).lines().toList();
	}

}
