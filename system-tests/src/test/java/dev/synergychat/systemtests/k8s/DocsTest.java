package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology pages and the READMEs under k8s/ describe what the tests check: the combinations they tell readers
 * to write are exactly the tested variants, the commands that prepare a clone are the ones the tests run, and every
 * path under k8s/ they name exists (the secret env file aside, which the reader makes).
 */
class DocsTest {

	static final List<Path> PAGES = List.of(Manifests.ROOT.resolve("docs/topology-4-minikube.md"),
			Manifests.ROOT.resolve("docs/topology-5-gke.md"));

	static final List<String> SECTIONS = List.of("## Diagram", "## The three URLs", "## Run it",
			"## Check that it works", "## Common mistakes", "## Clean up");

	static final Pattern KUSTOMIZATION = Pattern
		.compile("cat > my-synergychat/kustomization.yaml <<'EOF'\n(.*?)EOF\n", Pattern.DOTALL);

	static final Pattern K8S_PATH = Pattern.compile("k8s/[A-Za-z0-9_./-]*[A-Za-z0-9_-]");

	@Test
	void bothPagesHaveTheSharedSectionsInOrder() throws IOException {
		for (Path page : PAGES) {
			List<String> headings = Files.readAllLines(page).stream().filter((line) -> line.startsWith("## ")).toList();

			assertThat(headings).as("sections of " + page.getFileName()).containsExactlyElementsOf(SECTIONS);
		}
	}

	@Test
	void theCombinationsThePagesDescribeAreExactlyTheTestedOnes() throws IOException {
		List<String> documented = new ArrayList<>();
		for (Path page : PAGES) {
			Matcher matcher = KUSTOMIZATION.matcher(Files.readString(page));
			while (matcher.find()) {
				documented.add(matcher.group(1));
			}
		}
		List<String> tested = Variant.ALL.stream()
			.filter((variant) -> !variant.components().isEmpty())
			.map(Variant::kustomization)
			.toList();

		assertThat(documented).containsExactlyInAnyOrderElementsOf(tested);
	}

	@Test
	void thePagesPrepareTheSecretFileWithTheCommandTheTestsRun() throws IOException {
		for (Path page : PAGES) {
			assertThat(Files.readString(page)).as(page.getFileName().toString()).contains(Manifests.MAKE_POSTGRES_ENV);
		}
	}

	@Test
	void theGkePagesImageEditMatchesTheOverlay() throws IOException {
		String page = Files.readString(PAGES.get(1));
		String overlay = Files.readString(Manifests.ROOT.resolve("k8s/overlays/gke/kustomization.yaml"));

		assertThat(page).contains("sed -i \"s|us-central1-docker.pkg.dev/my-project/|");
		assertThat(overlay).contains("newName: us-central1-docker.pkg.dev/my-project/synergychat/synergychat-api");
	}

	@Test
	void everyPathUnderK8sThatTheDocsNameExists() throws IOException {
		List<Path> documents = new ArrayList<>(PAGES);
		try (Stream<Path> files = Files.walk(Manifests.ROOT.resolve("k8s"))) {
			files.filter((file) -> file.getFileName().toString().endsWith(".md")).forEach(documents::add);
		}
		List<String> missing = new ArrayList<>();
		for (Path document : documents) {
			Matcher matcher = K8S_PATH.matcher(Files.readString(document));
			while (matcher.find()) {
				// A git-ignored .env file is one the reader makes, following the page.
				boolean madeByReader = matcher.group().endsWith(".env");
				if (!madeByReader && !Files.exists(Manifests.ROOT.resolve(matcher.group()))) {
					missing.add(Manifests.ROOT.relativize(document) + " names " + matcher.group());
				}
			}
		}
		assertThat(missing).isEmpty();
	}

}
