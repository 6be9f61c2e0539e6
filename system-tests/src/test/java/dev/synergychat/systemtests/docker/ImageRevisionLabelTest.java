package dev.synergychat.systemtests.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images' revision label comes from git-commit-id, which runs in the initialize phase: through the lifecycle,
 * as the README's image command goes, it is the commit.
 */
class ImageRevisionLabelTest {

	private static final Map<String, String> JDK = Map.of("JAVA_HOME", System.getProperty("java.home"));

	@Test
	void throughTheLifecycleTheLabelIsTheCommit() {
		assertThat(revision("initialize")).matches("[0-9a-f]{40}");
	}

	private static String revision(String... phases) {
		List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-ntp", "-q", "-pl", "web"));
		command.addAll(List.of(phases));
		command.addAll(List.of("help:evaluate", "-Dexpression=git.commit.id.full", "-DforceStdout"));
		return Commands.run(Duration.ofMinutes(2), JDK, command.toArray(String[]::new)).strip();
	}

}
