package dev.synergychat.systemtests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three SynergyChat services, each with the variable that sets its port and the system property (set by the
 * failsafe configuration in {@code system-tests/pom.xml}) that names its packaged jar.
 */
public enum Service {

	CRAWLER("crawler", "CRAWLER_PORT"), API("api", "API_PORT"), WEB("web", "WEB_PORT");

	private final String module;

	private final String portVariable;

	Service(String module, String portVariable) {
		this.module = module;
		this.portVariable = portVariable;
	}

	public String module() {
		return this.module;
	}

	String portVariable() {
		return this.portVariable;
	}

	/**
	 * The packaged jar, which must exist: system tests run what {@code ./mvnw package} built, never classes from an
	 * IDE.
	 */
	Path jar() {
		String property = "synergychat.jar." + this.module;
		String location = System.getProperty(property);
		if (location == null) {
			throw new IllegalStateException("System property " + property + " is not set: run the system tests "
					+ "through Maven (./mvnw verify), which passes the jar locations");
		}
		Path jar = Path.of(location).toAbsolutePath().normalize();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No packaged " + this.module + " jar at " + jar
					+ ": build it first with ./mvnw package (./mvnw verify does both)");
		}
		return jar;
	}

}
