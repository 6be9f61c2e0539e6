package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images' revision label is the commit however Jib is invoked: the git versioning extension sets it while Maven
 * reads the POMs, so it is already in Jib's configuration when a goal is typed alone ({@code ./mvnw jib:dockerBuild},
 * no lifecycle phase). Read from the effective POM, which is the configuration Jib is given, not from a property's
 * value at run time: a default for the property in the POM was once interpolated into the label before the plugin
 * that set the property ran, and only the configuration showed it.
 */
class ImageRevisionLabelTest {

	private static final Map<String, String> JDK = Map.of("JAVA_HOME", System.getProperty("java.home"));

	private static final Pattern LABEL = Pattern
		.compile("<org\\.opencontainers\\.image\\.revision>([^<]*)</org\\.opencontainers\\.image\\.revision>");

	@Test
	void jibIsGivenTheCommitAsRevisionLabelWithoutALifecyclePhase(@TempDir Path temp) throws IOException {
		Path effective = temp.resolve("effective-pom.xml");
		Commands.run(Duration.ofMinutes(2), JDK, "./mvnw", "-B", "-ntp", "-q", "-pl", "course-tools/testram",
				"help:effective-pom", "-Doutput=" + effective);

		Matcher label = LABEL.matcher(Files.readString(effective));
		assertThat(label.find()).as("a revision label in the effective POM of testram").isTrue();
		assertThat(label.group(1)).isEqualTo(commit());
	}

	/** The commit checked out, as git itself names it. */
	static String commit() {
		return Commands.run("git", "rev-parse", "HEAD").strip();
	}

}
