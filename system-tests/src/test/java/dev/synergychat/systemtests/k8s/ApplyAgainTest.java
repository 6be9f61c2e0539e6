package dev.synergychat.systemtests.k8s;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

import static dev.synergychat.systemtests.k8s.K8sObject.elements;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A later {@code kubectl apply -k} must succeed after the labels change. Kubernetes refuses any change to a
 * StatefulSet's {@code volumeClaimTemplates}, so nothing an overlay adds may reach them: kustomize's
 * {@code labels} with {@code includeTemplates} would, which is why the overlays name the pod templates instead.
 */
class ApplyAgainTest {

	static final List<Variant> VARIANTS = Variant.ALL;

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void noVolumeClaimTemplateCarriesLabelsOrAnnotations(Variant variant) {
		List<String> labelled = new ArrayList<>();
		for (K8sObject statefulSet : Manifests.ofKind(variant, "StatefulSet")) {
			for (JsonNode template : elements(statefulSet.spec().path("volumeClaimTemplates"))) {
				JsonNode metadata = template.path("metadata");
				if (metadata.has("labels") || metadata.has("annotations")) {
					labelled.add(statefulSet + " " + metadata);
				}
			}
		}

		assertThat(labelled).isEmpty();
	}

	/** What the overlays' labels still reach: every pod template, so the pods carry them. */
	@Test
	void theOverlaysLabelsStillReachEveryPodTemplate() {
		for (Variant variant : List.of(Variant.MINIKUBE, Variant.GKE)) {
			assertThat(Manifests.ofKind(variant, "StatefulSet")).as(variant.name()).hasSize(2);
			assertThat(Manifests.workloads(variant)).as(variant.name())
				.allSatisfy((workload) -> assertThat(workload.podLabels()).as(workload.toString())
					.containsEntry("app.kubernetes.io/part-of", "synergychat")
					.containsEntry("app.kubernetes.io/managed-by", "kustomize"));
		}
	}

}
