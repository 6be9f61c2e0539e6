package dev.synergychat.systemtests.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each variant renders the three services under the Service names and ports the course uses, everything in one
 * namespace, everything labelled as part of SynergyChat.
 */
class RenderTest {

	static final List<Variant> VARIANTS = Variant.ALL;

	/** Kinds without a namespace among those the variants render. */
	static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "GatewayClass");

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void theServicesHaveTheCourseNamesAndMapPort80ToTheNamedContainerPort(Variant variant) {
		for (String app : List.of("web", "api", "crawler")) {
			K8sObject service = Manifests.find(variant, "Service", app + "-service");

			assertThat(service.spec().path("ports").toString()).as(service + " ports")
				.isEqualTo("[{\"name\":\"http\",\"port\":80,\"targetPort\":\"http\"}]");
			assertThat(Manifests.find(variant, "Deployment", app).namedPorts()).as("ports of Deployment " + app)
				.containsEntry("http", 8080);
		}
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyNamespacedObjectIsInTheSynergychatNamespace(Variant variant) {
		List<String> misplaced = new ArrayList<>();
		for (K8sObject object : Manifests.render(variant)) {
			String expected = CLUSTER_SCOPED.contains(object.kind()) ? "" : "synergychat";
			if (!object.namespace().equals(expected)) {
				misplaced.add(object + " has namespace '" + object.namespace() + "', expected '" + expected + "'");
			}
		}
		assertThat(misplaced).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@FieldSource("VARIANTS")
	void everyObjectIsLabelledAsPartOfSynergyChat(Variant variant) {
		assertThat(Manifests.render(variant))
			.filteredOn((object) -> !"synergychat".equals(object.labels().get("app.kubernetes.io/part-of")))
			.extracting(K8sObject::toString)
			.as("objects without app.kubernetes.io/part-of: synergychat")
			.isEmpty();
	}

}
