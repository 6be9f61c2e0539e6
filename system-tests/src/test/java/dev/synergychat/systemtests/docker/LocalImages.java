package dev.synergychat.systemtests.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The images every topology test runs, built once per test run: the local base image and stand-ins (by
 * {@code src/test/images/build.sh}, which reuses what is already built), then the three service images and the two
 * course tools by Jib into the local engine, the way the docs tell a user to build them, only on the local base
 * image.
 */
final class LocalImages {

	/**
	 * Tag of the images built here, so a test run never replaces images a user built with the default tag;
	 * {@code -Dsystem-test.image.tag=...} gives a run of its own, beside another one on the same engine.
	 */
	static final String TAG = System.getProperty("system-test.image.tag", "system-test");

	static final String POSTGRES = "local/postgres:standin";

	static final String REDIS = "local/redis:standin";

	static final String NGINX = "local/nginx:standin";

	static final String BOOKS = "local/books:standin";

	/** Debian's prometheus in place of prom/prometheus. Grafana has no stand-in: Debian does not package it. */
	static final String PROMETHEUS = "local/prometheus:standin";

	static final List<String> SERVICES = List.of("web", "api", "crawler");

	/** The course's resource exercise programs, built by the same command as the services. */
	static final List<String> COURSE_TOOLS = List.of("testcpu", "testram");

	/** The modules the README's image build names, in its order. */
	static final String MODULES = "crawler,api,web,course-tools/testcpu,course-tools/testram";

	private static boolean built;

	/** What aot/train.sh printed for each image it trained a cache for, in the build of this run. */
	private static List<String> trainings = List.of();

	private static boolean standInsBuilt;

	private LocalImages() {
	}

	static String service(String name) {
		return "synergychat-" + name + ":" + TAG;
	}

	/**
	 * The variables that point the compose files and the topology scripts at these images instead of the official
	 * ones.
	 */
	static Map<String, String> composeVariables() {
		return Map.of("SYNERGYCHAT_TAG", TAG, "POSTGRES_IMAGE", POSTGRES, "REDIS_IMAGE", REDIS, "NGINX_IMAGE",
				NGINX, "PROMETHEUS_IMAGE", PROMETHEUS);
	}

	/** The base image and the stand-ins only, for a test that runs none of the service images. */
	static synchronized void buildStandIns() {
		Commands.requireDockerEngine();
		if (!standInsBuilt) {
			Commands.run(Duration.ofMinutes(15), jdk(), "system-tests/src/test/images/build.sh");
			standInsBuilt = true;
		}
	}

	static synchronized void build() {
		Commands.requireDockerEngine();
		if (built) {
			return;
		}
		Map<String, String> jdk = jdk();
		long start = System.nanoTime();
		buildStandIns();
		long baseSeconds = (System.nanoTime() - start) / 1_000_000_000;
		start = System.nanoTime();
		// package is nearly a no-op after the reactor's own build, and makes a standalone run of this module honest.
		// Not compile: Jib then takes the support module as its classes directory and leaves the image without it.
		// Only the image modules and what they need (-am): the whole reactor would rebuild this module's own
		// classes under the running tests.
		// Each service's AOT cache is trained in the same command (aot/train.sh): half a minute or more per service,
		// in a container limited to one CPU. -T 3 builds the modules side by side, so the three services (which
		// depend on none of each other) train at once; with a thread per core instead (-T 1C), two cores left the
		// third training alone on one CPU at the end: 100 s against 87 s for the whole command here.
		String output = Commands.run(Duration.ofMinutes(20), jdk, "./mvnw", "-B", "-ntp", "-q", "-T", "3", "-pl", MODULES, "-am",
				"package", "-DskipTests", "jib:dockerBuild", "-Djib.from.image=docker://local/temurin-jre:25",
				"-Djib.from.platforms=linux/amd64", "-Dimage.tag=" + TAG);
		long jibSeconds = (System.nanoTime() - start) / 1_000_000_000;
		trainings = Commands.lines(output).stream().filter((line) -> line.startsWith("AOT cache of ")).toList();
		trainings.forEach((line) -> System.out.println("[figures] " + line));
		System.out.printf("[figures] base images and stand-ins ready in %d s, Jib images built in %d s%n", baseSeconds,
				jibSeconds);
		built = true;
	}

	/** The lines aot/train.sh printed in {@link #build()}: "AOT cache of api: 90 MB trained in ..., 5001 of ...". */
	static List<String> trainings() {
		return trainings;
	}

	/** The JDK running these tests is a JDK 25: the JRE base image is cut from it, and Maven runs on it. */
	private static Map<String, String> jdk() {
		return Map.of("JAVA_HOME", System.getProperty("java.home"));
	}

}
