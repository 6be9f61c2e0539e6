package dev.synergychat.systemtests.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One thing a reader can deploy: an overlay, alone or with extra components on top. Those with components are
 * rendered from a kustomization written exactly like the one the topology pages tell readers to create next to
 * {@code k8s/} (see {@link #kustomization()}).
 */
record Variant(String name, Topology topology, List<String> components) {

	enum Topology {

		MINIKUBE("minikube"), GKE("gke");

		final String overlay;

		Topology(String overlay) {
			this.overlay = overlay;
		}

	}

	static final Variant MINIKUBE = new Variant("minikube", Topology.MINIKUBE, List.of());

	static final Variant GKE = new Variant("gke", Topology.GKE, List.of());

	static final Variant MINIKUBE_TWO_CRAWLERS = new Variant("minikube-two-crawlers", Topology.MINIKUBE,
			List.of("course-two-crawlers"));

	static final Variant GKE_TWO_CRAWLERS = new Variant("gke-two-crawlers", Topology.GKE,
			List.of("course-two-crawlers"));

	static final Variant MINIKUBE_INGRESS_NGINX = new Variant("minikube-ingress-nginx", Topology.MINIKUBE,
			List.of("ingress-nginx"));

	static final Variant MINIKUBE_COURSE_EXERCISES = new Variant("minikube-course-exercises", Topology.MINIKUBE,
			List.of("course-exercises"));

	static final Variant MINIKUBE_MONITORING = new Variant("minikube-monitoring", Topology.MINIKUBE,
			List.of("monitoring"));

	/** Every variant the docs mention; {@code DocsTest} checks that the docs mention no other. */
	static final List<Variant> ALL = List.of(MINIKUBE, GKE, MINIKUBE_TWO_CRAWLERS, GKE_TWO_CRAWLERS,
			MINIKUBE_INGRESS_NGINX, MINIKUBE_COURSE_EXERCISES, MINIKUBE_MONITORING);

	/** Whether the reader's kustomization adds this component on top of the overlay. */
	boolean uses(String component) {
		return this.components.contains(component);
	}

	/** Whether the component is rendered at all: listed by the overlay itself or added on top of it. */
	boolean renders(String component) {
		return uses(component) || overlayComponents(this.topology.overlay).contains(component);
	}

	/** The components an overlay itself lists, read from its kustomization files. */
	static List<String> overlayComponents(String overlay) {
		try (Stream<Path> files = Files.walk(Manifests.ROOT.resolve("k8s/overlays").resolve(overlay))) {
			return files.filter((file) -> file.getFileName().toString().equals("kustomization.yaml"))
				.flatMap((file) -> {
					try {
						return Files.readAllLines(file).stream();
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				})
				.filter((line) -> line.trim().matches("- (\\.\\./)+components/[a-z-]+"))
				.map((line) -> line.substring(line.lastIndexOf('/') + 1))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The kustomization a reader writes to combine an overlay with components (absent for a bare overlay). */
	String kustomization() {
		StringBuilder text = new StringBuilder("""
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				resources:
				  - ../k8s/overlays/%s
				components:
				""".formatted(this.topology.overlay));
		this.components.forEach((component) -> text.append("  - ../k8s/components/").append(component).append('\n'));
		return text.toString();
	}

	@Override
	public String toString() {
		return this.name;
	}

}
