package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology pages, the course page and the READMEs under k8s/ describe what the tests check: the combinations they
 * tell readers to write are exactly the tested variants, the commands that prepare a clone are the ones the tests run,
 * and every path under k8s/ they name exists (the secret env file aside, which the reader makes).
 */
class DocsTest {

	static final List<Path> PAGES = List.of(Manifests.ROOT.resolve("docs/topology-4-minikube.md"),
			Manifests.ROOT.resolve("docs/topology-5-gke.md"));

	/** The course's walkthrough, which also tells readers to write a kustomization (see CourseDocsTest). */
	static final Path COURSE = Manifests.ROOT.resolve("docs/course.md");

	static final List<String> SECTIONS = List.of("## Diagram", "## The three URLs", "## Run it",
			"## Check that it works", "## Common mistakes", "## Clean up");

	static final Pattern KUSTOMIZATION = Pattern
		.compile("cat > my-synergychat/kustomization.yaml <<'EOF'\n(.*?)EOF\n", Pattern.DOTALL);

	/** The GKE page's own overlay: unquoted, so the shell fills in the reader's region and project. */
	static final Pattern OWN_OVERLAY = Pattern
		.compile("cat > my-synergychat/kustomization.yaml <<EOF\n(.*?)EOF\n", Pattern.DOTALL);

	/** What the GKE page tells readers to append to their own overlay. */
	static final Pattern APPENDED_COMPONENTS = Pattern.compile("```yaml\n(components:\n.*?)```", Pattern.DOTALL);

	static final Pattern K8S_PATH = Pattern.compile("k8s/[A-Za-z0-9_./-]*[A-Za-z0-9_-]");

	@Test
	void bothPagesHaveTheSharedSectionsInOrder() throws IOException {
		for (Path page : PAGES) {
			List<String> headings = Files.readAllLines(page).stream().filter((line) -> line.startsWith("## ")).toList();

			assertThat(headings).as("sections of " + page.getFileName()).containsExactlyElementsOf(SECTIONS);
		}
	}

	@Test
	void bothPagesDrawTheirTopologyAsAMermaidDiagram() throws IOException {
		for (Path page : PAGES) {
			assertThat(section(page, "## Diagram")).as("the Diagram section of " + page.getFileName())
				.contains("```mermaid\nflowchart");
		}
	}

	/** The steps a reader cannot skip on the way from an empty cluster, as "Run it" gives them. */
	@Test
	void eachPageRunsTheKeyCommandsOfItsTopology() throws IOException {
		Map<Path, Map<String, String>> commands = Map.of(PAGES.get(0), Map.of(
				"minikube start with a CNI that enforces NetworkPolicies", "(?m)^minikube start .*--cni=(calico|cilium)\\b",
				"the Envoy Gateway install (with its Gateway API CRDs)",
				"(?m)^kubectl apply --server-side -f "
						+ "https://github\\.com/envoyproxy/gateway/releases/download/v[0-9.]+/install\\.yaml$",
				"minikube tunnel", "`minikube tunnel`",
				"the /etc/hosts entry for both host names",
				"(?m)^echo \"\\$ADDRESS synergychat\\.internal synergychatapi\\.internal\" \\| sudo tee -a /etc/hosts$"),
				PAGES.get(1), Map.of(
				"an Autopilot cluster", "(?m)^gcloud container clusters create-auto ",
				"an Artifact Registry repository", "(?m)^gcloud artifacts repositories create \\S+ --repository-format=docker",
				"Jib pushing the images", "(?m)^\\./mvnw .*\\bjib:build\\b",
				"the reader's own overlay on top of k8s/overlays/gke",
				"(?m)^cat > my-synergychat/kustomization.yaml <<EOF\n(?:.*\n)*?  - \\.\\./k8s/overlays/gke$",
				"kubectl apply -k of that overlay", "(?m)^kubectl apply -k my-synergychat$",
				"GKE's credential plugin for kubectl", "gcloud components install gke-gcloud-auth-plugin"));
		List<String> missing = new ArrayList<>();
		for (Map.Entry<Path, Map<String, String>> page : commands.entrySet()) {
			String runIt = section(page.getKey(), "## Run it");
			page.getValue().forEach((what, pattern) -> {
				if (!Pattern.compile(pattern).matcher(runIt).find()) {
					missing.add(page.getKey().getFileName() + " \"Run it\" lacks " + what + " (/" + pattern + "/)");
				}
			});
		}
		assertThat(missing).isEmpty();
	}

	/**
	 * The validator's packages state the Node.js they need in package.json "engines", as the lock file records; the
	 * READMEs and the hint a test gives when node is missing ask for the same.
	 */
	@Test
	void theNodeVersionTheDocsAskForIsWhatThePinnedPackagesDeclare() throws IOException {
		JsonNode lock = JsonMapper.builder().build()
			.readTree(Files.readString(Manifests.ROOT.resolve("system-tests/src/test/k8s/package-lock.json")));
		int required = lock.path("packages")
			.properties()
			.stream()
			.map((entry) -> K8sObject.text(entry.getValue().path("engines").path("node")))
			.filter((range) -> range.matches(">=\\d+(\\.\\d+)*"))
			.mapToInt((range) -> Integer.parseInt(range.substring(2).split("\\.")[0]))
			.max()
			.orElseThrow();
		String wanted = "Node.js " + required + " or newer";

		assertThat(required).as("the highest Node.js major the locked packages declare").isGreaterThanOrEqualTo(22);
		assertThat(Files.readString(Manifests.ROOT.resolve("k8s/README.md"))).as("k8s/README.md").contains(wanted);
		assertThat(Files.readString(Manifests.ROOT.resolve("README.md"))).as("README.md").contains(wanted);
		assertThat(Tools.installHint("node")).as("the hint when node is missing").contains(wanted);
	}

	@Test
	void theCombinationsThePagesDescribeAreExactlyTheTestedOnes() throws IOException {
		List<String> documented = new ArrayList<>();
		for (Path page : Stream.concat(PAGES.stream(), Stream.of(COURSE)).toList()) {
			Matcher matcher = KUSTOMIZATION.matcher(Files.readString(page));
			while (matcher.find()) {
				documented.add(matcher.group(1));
			}
		}
		// On GKE the reader appends components to the own overlay; apart from its images that is the variant.
		String gke = Files.readString(PAGES.get(1));
		Matcher appended = APPENDED_COMPONENTS.matcher(gke);
		while (appended.find()) {
			documented.add(ownOverlay(gke).replaceAll("(?s)images:\n.*", "") + appended.group(1));
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

	/**
	 * The GKE page sets the images in the reader's own overlay rather than editing a tracked file (a {@code sed -i}
	 * that fails on macOS did that before): rendered with a region and project filled in as the shell would, every
	 * app image is the reader's.
	 */
	@Test
	void theGkePagesOwnOverlayPointsEveryAppImageAtTheReadersRepository() throws IOException {
		String overlay = ownOverlay(Files.readString(PAGES.get(1))).replace("$REGION", "europe-west1")
			.replace("$PROJECT_ID", "test-project");

		List<String> images = Manifests.renderReaders("my-synergychat", overlay)
			.stream()
			.filter(K8sObject::isWorkload)
			.filter((workload) -> ProductionChecklistTest.APPS.contains(workload.name()))
			.map((workload) -> workload.name() + " " + K8sObject.text(workload.containers().getFirst().path("image")))
			.toList();

		assertThat(images).containsExactlyInAnyOrder(
				"web europe-west1-docker.pkg.dev/test-project/synergychat/synergychat-web:1.0.0-SNAPSHOT",
				"api europe-west1-docker.pkg.dev/test-project/synergychat/synergychat-api:1.0.0-SNAPSHOT",
				"crawler europe-west1-docker.pkg.dev/test-project/synergychat/synergychat-crawler:1.0.0-SNAPSHOT");
		assertThat(Files.readString(PAGES.get(1))).doesNotContain("sed -i");
	}

	/** A {@code preStop} {@code sleep} action exists from Kubernetes 1.30 on; where the manifests use one, say so. */
	@Test
	void thePagesNameTheClusterVersionThePreStopSleepNeeds() throws IOException {
		boolean sleeps = Variant.ALL.stream()
			.flatMap((variant) -> Manifests.workloads(variant).stream())
			.flatMap((workload) -> workload.containers().stream())
			.anyMatch((container) -> container.path("lifecycle").path("preStop").has("sleep"));

		assertThat(sleeps).as("a preStop sleep in the rendered manifests").isTrue();
		for (Path page : PAGES) {
			assertThat(section(page, "## Run it")).as(page.getFileName().toString()).contains("1.30");
		}
		assertThat(Files.readString(Manifests.ROOT.resolve("k8s/README.md"))).contains("Kubernetes 1.30 or newer");
	}

	/**
	 * With a self-signed issuer, accepting the page's certificate does not cover api's host name, and the page cannot
	 * call api until that certificate is accepted too: the page and the component's README say what to open.
	 */
	@Test
	void theIngressComponentSaysHowToAcceptApisSelfSignedCertificate() throws IOException {
		for (Path document : List.of(PAGES.get(0), Manifests.ROOT.resolve("k8s/components/ingress-nginx/README.md"))) {
			assertThat(Files.readString(document).replaceAll("\\s+", " ")).as(document.getFileName().toString())
				.contains("https://synergychatapi.internal/messages")
				.contains("self-signed")
				.containsPattern("accept (its|the browser's) warning");
		}
	}

	private static String ownOverlay(String page) {
		Matcher matcher = OWN_OVERLAY.matcher(page);
		assertThat(matcher.find()).as("an own overlay written with <<EOF in the GKE page").isTrue();
		return matcher.group(1);
	}

	/** The text of one "## " section of a page, up to the next one. */
	private static String section(Path page, String heading) throws IOException {
		String text = Files.readString(page);
		int start = text.indexOf("\n" + heading + "\n");
		if (start < 0) {
			throw new AssertionError(page.getFileName() + " has no section " + heading);
		}
		int end = text.indexOf("\n## ", start + heading.length() + 1);
		return text.substring(start, (end < 0) ? text.length() : end);
	}

	@Test
	void everyPathUnderK8sThatTheDocsNameExists() throws IOException {
		List<Path> documents = new ArrayList<>(PAGES);
		documents.add(COURSE);
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
