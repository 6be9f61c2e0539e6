package dev.synergychat.systemtests.support;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integration test classes run two at a time (failsafe's configuration in this module's pom), and each names the
 * lane it runs in, so that one class of each lane runs at once and never two of a lane. A class in no lane would run
 * beside anything; a class in both would wait for both.
 */
class LanesTest {

	private static final String DOCKER_PACKAGE = "dev.synergychat.systemtests.docker";

	@Test
	void everyIntegrationTestClassIsInExactlyOneLaneAndOnlyContainerClassesInTheHeavyOne() throws Exception {
		List<Class<?>> classes = integrationTestClasses();

		assertThat(classes).as("integration test classes found").hasSizeGreaterThan(10);
		assertThat(classes).allSatisfy((type) -> {
			boolean heavy = type.isAnnotationPresent(HeavyLane.class);
			boolean light = type.isAnnotationPresent(LightLane.class);
			assertThat(heavy ^ light).as("%s names exactly one of @HeavyLane and @LightLane", type.getName()).isTrue();
			if (heavy) {
				assertThat(type.getPackageName()).as("package of %s, a class of the heavy lane", type.getName())
					.isEqualTo(DOCKER_PACKAGE);
			}
		});
	}

	/**
	 * The stacks of containers are the heavy lane; the classes that run single containers take the light lane, where
	 * they come after the classes that need no image (when the images are built) and run beside the last stacks.
	 */
	@Test
	void theLanesHoldTheStacksAndTheSingleContainersAsDesigned() throws Exception {
		List<String> heavy = integrationTestClasses().stream()
			.filter((type) -> type.isAnnotationPresent(HeavyLane.class))
			.map(Class::getSimpleName)
			.toList();

		assertThat(heavy).containsExactlyInAnyOrder("ComposeNginxTlsTopologyIT", "ComposeTopologyIT", "CourseStackIT",
				"ReliabilityIT");
	}

	@Test
	void laneOrderPutsTheLightClassesWithoutImagesFirstThenTheLightImageClassesThenTheHeavyOnes() throws Exception {
		List<Class<?>> ordered = integrationTestClasses().stream().sorted(LaneOrder.ORDER).toList();
		List<Integer> groups = ordered.stream().map(LaneOrder::group).toList();

		assertThat(groups).as("groups in order of %s", ordered).isSorted().contains(0, 1, 2);
		assertThat(ordered.getFirst().getPackageName()).isNotEqualTo(DOCKER_PACKAGE);
		assertThat(ordered.getLast()).hasAnnotation(HeavyLane.class);
		assertThat(ordered.stream().filter((type) -> LaneOrder.group(type) == 1))
			.allSatisfy((type) -> assertThat(type).hasAnnotation(LightLane.class))
			.allSatisfy((type) -> assertThat(type.getPackageName()).isEqualTo(DOCKER_PACKAGE));
	}

	private static List<Class<?>> integrationTestClasses() throws IOException, URISyntaxException {
		Path root = Path.of(LanesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (Stream<Path> files = Files.walk(root)) {
			return files.map((file) -> root.relativize(file).toString())
				.filter((name) -> name.endsWith("IT.class"))
				.map((name) -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
				.map(LanesTest::load)
				.toList();
		}
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name, false, LanesTest.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
