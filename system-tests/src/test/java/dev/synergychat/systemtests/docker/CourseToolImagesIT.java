package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.synergychat.systemtests.support.LightLane;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The course's two resource exercise images, doing on a real engine what the course's exercises show: testram is
 * OOM-killed under a memory limit below {@code MEGABYTES} and holds the memory under one above it, testcpu keeps a
 * thread busy on every core. Each runs as the numeric non-root user; how long each took from the start of its
 * process to its first log line is printed as a figure.
 */
@LightLane
class CourseToolImagesIT {

	static final List<String> TOOLS = LocalImages.COURSE_TOOLS;

	/** What testram is asked to hold in the tests below, in MiB. */
	static final int MEGABYTES = 200;

	@BeforeAll
	static void images() {
		LocalImages.build();
	}

	@ParameterizedTest
	@FieldSource("TOOLS")
	void imageRunsAsTheNumericNonRootUserWithoutAPortAndCarriesItsTitle(String tool) {
		String json = Commands.run("docker", "image", "inspect", "--format", "{{json .Config}}",
				LocalImages.service(tool));

		assertThat((String) JsonPath.read(json, "$.User")).isEqualTo("65532:65532");
		assertThat(Commands.run("docker", "image", "inspect", "--format", "{{json .Config.ExposedPorts}}",
				LocalImages.service(tool)).strip()).as("exposed ports").isEqualTo("null");
		assertThat((String) JsonPath.read(json, "$.Labels['org.opencontainers.image.title']"))
			.isEqualTo("synergychat-" + tool);
		assertThat((String) JsonPath.read(json, "$.Labels['org.opencontainers.image.revision']"))
			.isEqualTo(ImageRevisionLabelTest.commit());
	}

	/**
	 * The mistake the README warns about: {@code jib:dockerBuild} typed without {@code package}, here on testcpu, whose
	 * classes the build above left. The image is built and its revision label is the commit; Jib used to stop with
	 * "labels map contains null values", because the label's property was only set in a lifecycle phase.
	 */
	@Test
	void jibDockerBuildTypedWithoutAPhaseLabelsTheImageWithTheCommit() {
		String image = "synergychat-testcpu:" + LocalImages.TAG + "-no-phase";
		Commands.run(Duration.ofMinutes(5), Map.of("JAVA_HOME", System.getProperty("java.home")), "./mvnw", "-B", "-ntp",
				"-q", "-pl", "course-tools/testcpu", "jib:dockerBuild", "-Djib.from.image=docker://local/temurin-jre:25",
				"-Djib.from.platforms=linux/amd64", "-Dimage.tag=" + LocalImages.TAG + "-no-phase");
		try {
			assertThat(Commands.run("docker", "image", "inspect", "--format",
					"{{index .Config.Labels \"org.opencontainers.image.revision\"}}", image).strip())
				.isEqualTo(ImageRevisionLabelTest.commit());
		}
		finally {
			Commands.attempt("docker", "image", "rm", image);
		}
	}

	@Test
	void testramIsOomKilledUnderAMemoryLimitBelowMegabytes() {
		String name = "synergychat-it-testram-oom";
		// Swap capped at the memory limit: with swap the kernel would page out instead of killing.
		Commands.run("docker", "run", "-d", "--name", name, "--read-only", "--memory=100m", "--memory-swap=100m", "-e",
				"MEGABYTES=" + MEGABYTES, LocalImages.service("testram"));
		try {
			String state = awaitExit(name, Duration.ofMinutes(1));

			assertThat(state).as("OOMKilled and exit code of testram holding %d MiB under --memory=100m", MEGABYTES)
				.isEqualTo("true 137");
			assertThat(Commands.run("docker", "logs", name)).contains("testram: allocating and touching 200 MiB")
				.doesNotContain("holding");
		}
		finally {
			Commands.run("docker", "rm", "-f", name);
		}
	}

	@Test
	void testramHoldsMegabytesUnderAMemoryLimitAboveItAndStaysUp() {
		String name = "synergychat-it-testram-holds";
		Commands.run("docker", "run", "-d", "--name", name, "--read-only", "--memory=400m", "--memory-swap=400m",
				"-e", "MEGABYTES=" + MEGABYTES, LocalImages.service("testram"));
		try {
			String firstLine = awaitLog(name, "testram: allocating");
			awaitLog(name, "testram: holding 200 MiB");
			// Still there a while after it said so: holding, not about to be killed.
			Commands.pause(Duration.ofSeconds(3));
			String memory = Commands.run("docker", "stats", "--no-stream", "--format", "{{.MemUsage}}", name).strip();
			System.out.printf("[figures] testram: %s; holding %d MiB uses %s%n", startFigure(firstLine), MEGABYTES,
					memory);

			assertThat(state(name)).as("Running, OOMKilled, exit code").isEqualTo("true false 0");
			assertThat(mebibytes(memory)).as("memory use of the container holding %d MiB", MEGABYTES)
				.isGreaterThanOrEqualTo(MEGABYTES);
			assertThat(Commands.run("docker", "exec", name, "id", "-u").strip()).isEqualTo("65532");
		}
		finally {
			Commands.run("docker", "rm", "-f", name);
		}
	}

	@Test
	void testramWithoutOrWithAMalformedMegabytesSaysWhatToSetAndExits2() {
		Commands.Result missing = Commands.attempt(Duration.ofMinutes(1), Map.of(), "docker", "run", "--rm",
				LocalImages.service("testram"));
		Commands.Result malformed = Commands.attempt(Duration.ofMinutes(1), Map.of(), "docker", "run", "--rm", "-e",
				"MEGABYTES=200Mi", LocalImages.service("testram"));

		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.errors()).contains(
				"testram: MEGABYTES is not set: give a positive whole number of mebibytes, such as MEGABYTES=200");
		assertThat(malformed.exitCode()).isEqualTo(2);
		assertThat(malformed.errors()).contains("testram: MEGABYTES=\"200Mi\" is not a whole number");
	}

	/**
	 * Busy is read per thread from the kernel's CPU statistics of the container's process (each thread's CPU time in
	 * {@code /proc/<pid>/task}), because that holds on a machine where other processes compete for the cores: there
	 * the container as a whole may get less than one core, which {@code docker stats} then shows and which is printed.
	 */
	@Test
	void testcpuKeepsOneThreadBusyOnEveryCoreAndStopsPromptlyOnSigterm() throws IOException {
		String name = "synergychat-it-testcpu";
		int cores = Integer.parseInt(Commands.run("docker", "info", "--format", "{{.NCPU}}").strip());
		assertThat(cores).as("cores of the Docker engine; testcpu needs two to show more than one busy")
			.isGreaterThanOrEqualTo(2);
		Commands.run("docker", "run", "-d", "--name", name, "--read-only", LocalImages.service("testcpu"));
		try {
			String firstLine = awaitLog(name, "testcpu: burning CPU on " + cores + " thread(s)");
			int pid = Integer.parseInt(Commands.run("docker", "inspect", "--format", "{{.State.Pid}}", name).strip());
			Map<String, Long> before = threadTicks(pid);
			long start = System.nanoTime();
			Commands.pause(Duration.ofSeconds(3));
			Map<String, Long> after = threadTicks(pid);
			double seconds = (System.nanoTime() - start) / 1e9;
			Map<String, Long> busy = new TreeMap<>();
			after.forEach((thread, ticks) -> busy.put(thread, ticks - before.getOrDefault(thread, 0L)));
			busy.keySet().removeIf((thread) -> !thread.startsWith("burn-"));
			String percent = Commands.run("docker", "stats", "--no-stream", "--format", "{{.CPUPerc}}", name).strip();
			double busyCores = busy.values().stream().mapToLong(Long::longValue).sum() / 100.0 / seconds;
			System.out.printf("[figures] testcpu: %s; CPU ticks (1/100 s) per burn thread in %.1f s %s, %.2f cores "
					+ "busy; docker stats %s of one core (%d cores)%n", startFigure(firstLine), seconds, busy, busyCores,
					percent, cores);

			assertThat(busy).as("CPU ticks in 3 s of testcpu's burn threads").hasSize(cores);
			assertThat(busy.values()).as("CPU ticks in 3 s of each burn thread %s", busy)
				.allSatisfy((ticks) -> assertThat(ticks).isGreaterThanOrEqualTo(5));
			assertThat(Commands.run("docker", "exec", name, "id", "-u").strip()).isEqualTo("65532");

			Instant stop = Instant.now();
			Commands.run("docker", "stop", "--time", "10", name);
			Duration stopped = Duration.between(stop, Instant.now());
			System.out.printf("[figures] testcpu: stopped %d ms after docker stop%n", stopped.toMillis());
			assertThat(stopped).as("time docker stop took, under 10 s when SIGTERM ends testcpu")
				.isLessThan(Duration.ofSeconds(5));
			assertThat(state(name)).as("Running, OOMKilled, exit code after SIGTERM").isEqualTo("false false 143");
			assertThat(Commands.run("docker", "logs", name)).contains("testcpu: stopping");
		}
		finally {
			Commands.run("docker", "rm", "-f", name);
		}
	}

	/** CPU time (user and system, in clock ticks) of each thread of a host process, by thread name. */
	private static Map<String, Long> threadTicks(int pid) throws IOException {
		Map<String, Long> ticks = new TreeMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
			for (Path task : tasks.toList()) {
				String stat = Files.readString(task.resolve("stat"));
				// Fields after the parenthesised name: state is the 3rd field of the line, utime the 14th, stime the 15th.
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				ticks.merge(Files.readString(task.resolve("comm")).strip(),
						Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
			}
		}
		return ticks;
	}

	/** The "started in N ms" of a first log line, which counts from the moment the process started. */
	private static String startFigure(String firstLine) {
		return firstLine.substring(firstLine.lastIndexOf("started in"));
	}

	private static String state(String name) {
		return Commands.run("docker", "inspect", "--format", "{{.State.Running}} {{.State.OOMKilled}} {{.State.ExitCode}}",
				name).strip();
	}

	/** Waits for the container to stop and returns "OOMKilled exit-code". */
	private static String awaitExit(String name, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			String[] state = state(name).split(" ");
			if (state[0].equals("false")) {
				return state[1] + " " + state[2];
			}
			Commands.pause(Duration.ofMillis(200));
		}
		throw new AssertionError(name + " still running after " + timeout + ":\n" + Commands.run("docker", "logs", name));
	}

	/** Waits for a log line containing the text and returns that line. */
	private static String awaitLog(String name, String text) {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
		while (Instant.now().isBefore(deadline)) {
			Commands.Result logs = Commands.attempt("docker", "logs", name);
			Optional<String> line = (logs.output() + logs.errors()).lines().filter((candidate) -> candidate.contains(text))
				.findFirst();
			if (line.isPresent()) {
				return line.get();
			}
			Commands.pause(Duration.ofMillis(50));
		}
		throw new AssertionError(name + " did not log '" + text + "' within a minute:\n"
				+ Commands.attempt("docker", "logs", name).output());
	}

	/** The used part of docker stats' "used / limit", such as "215.3MiB / 400MiB", in MiB. */
	private static double mebibytes(String usage) {
		String used = usage.split("/")[0].strip();
		double number = Double.parseDouble(used.replaceAll("[A-Za-z]+$", ""));
		return used.endsWith("GiB") ? number * 1024 : used.endsWith("KiB") ? number / 1024 : number;
	}

}
