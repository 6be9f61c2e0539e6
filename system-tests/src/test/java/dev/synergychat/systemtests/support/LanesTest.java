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
 * lane it runs in, so that one class of each kind runs at once and never two of a kind. A class in no lane would run
 * beside anything; a class in both would wait for both.
 */
class LanesTest {

	private static final String ROOT_PACKAGE = "dev.synergychat.systemtests";

	@Test
	void everyIntegrationTestClassIsInExactlyOneLaneAndTheDockerOnesInTheDockerLane() throws Exception {
		List<Class<?>> classes = integrationTestClasses();

		assertThat(classes).as("integration test classes found").hasSizeGreaterThan(10);
		assertThat(classes).allSatisfy((type) -> {
			boolean docker = type.isAnnotationPresent(DockerLane.class);
			boolean host = type.isAnnotationPresent(HostLane.class);
			assertThat(docker ^ host).as("%s names exactly one of @DockerLane and @HostLane", type.getName()).isTrue();
			assertThat(docker).as("%s is in the Docker lane if and only if it is in the docker package", type.getName())
				.isEqualTo(type.getPackageName().equals(ROOT_PACKAGE + ".docker"));
		});
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
