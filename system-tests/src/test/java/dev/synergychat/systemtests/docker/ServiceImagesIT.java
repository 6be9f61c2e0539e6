package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.synergychat.systemtests.support.LightLane;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three Jib images on their own: how they are configured, and that each one starts to ready with a read-only
 * root filesystem and nothing but a writable {@code /tmp} from its AOT cache (and still starts when the cache does not
 * match), and that {@code jib:buildTar} writes one that {@code docker load} takes. Prints each image's size and time
 * to ready, as figures.
 */
@LightLane
class ServiceImagesIT {

	static final List<String> SERVICES = LocalImages.SERVICES;

	@BeforeAll
	static void images() {
		LocalImages.build();
	}

	@ParameterizedTest
	@FieldSource("SERVICES")
	void imageRunsAsANumericNonRootUserOnPorts8080And9090WithOciLabels(String service) {
		String json = Commands.run("docker", "image", "inspect", "--format", "{{json .Config}}",
				LocalImages.service(service));

		assertThat((String) JsonPath.read(json, "$.User")).isEqualTo("65532:65532");
		assertThat((Map<String, Object>) JsonPath.read(json, "$.ExposedPorts")).containsOnlyKeys("8080/tcp",
				"9090/tcp");
		assertThat((List<String>) JsonPath.read(json, "$.Entrypoint")).contains("-XX:MaxRAMPercentage=40",
				"-XX:TrimNativeHeapInterval=5000");
		Map<String, String> labels = JsonPath.read(json, "$.Labels");
		assertThat(labels.get("org.opencontainers.image.revision")).isEqualTo(ImageRevisionLabelTest.commit());
		assertThat(labels.get("org.opencontainers.image.version")).isNotBlank();
		assertThat(labels.get("org.opencontainers.image.source")).startsWith("https://");
	}

	/**
	 * Each image starts to ready as a pod of ours runs it (one CPU, 512 MiB) with a read-only root filesystem and
	 * nothing writable but {@code /tmp}, as the numeric non-root user, and from the AOT cache the build trained on its
	 * own JVM and class path: {@code -XX:AOTMode=on} makes a cache that cannot be used an error that stops the JVM,
	 * where the image's own setting only warns. The same JVM hands its free native heap back every 5 s (its
	 * {@code trimnative} log says so), which keeps the idle memory of docs/startup.md. One start checks all of it: a
	 * start costs several seconds of one CPU.
	 */
	@ParameterizedTest
	@FieldSource("SERVICES")
	void imageBecomesReadyOnAReadOnlyRootFilesystemFromTheAotCacheItCarries(String service) {
		String image = LocalImages.service(service);
		String name = "synergychat-it-image-" + service;
		// Every variable has a default; crawler's would read the public catalogue, which these machines cannot reach,
		// so it is pointed at its bundled library instead.
		List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--read-only", "--tmpfs",
				"/tmp", "--cpus", "1", "--memory", "512m", "-p", "127.0.0.1::8080", "-e",
				"JAVA_TOOL_OPTIONS=-XX:AOTMode=on -Xlog:trimnative"));
		if (service.equals("crawler")) {
			run.addAll(List.of("-e", "CRAWLER_BOOKS_URL=sample"));
		}
		run.add(image);
		Instant start = Instant.now();
		Commands.run(run.toArray(String[]::new));
		try {
			Duration ready = awaitReady(name, start, Duration.ofMinutes(2));
			long bytes = Long.parseLong(Commands.run("docker", "image", "inspect", "--format", "{{.Size}}", image).strip());
			System.out.printf("[figures] %s: %d MB, ready %.1f s after docker run%n", image, bytes / 1_000_000,
					ready.toMillis() / 1000.0);
			assertThat(Commands.run("docker", "exec", name, "id", "-u").strip()).isEqualTo("65532");
			String logs = logs(name);
			assertThat(logs).doesNotContain("[aot]").contains("Periodic native trim enabled (interval: 5000 ms)");
		}
		finally {
			Commands.run("docker", "rm", "-f", name);
		}
	}

	/**
	 * A cache that does not match what the container runs (here one library jar with another modification time, as a
	 * rebuild without Jib's reproducible timestamps would give) costs only the time it saves: the JVM warns and the
	 * service still becomes ready.
	 */
	@Test
	void aMismatchedAotCacheOnlyWarnsAndTheServiceStillBecomesReady() throws IOException {
		String image = LocalImages.service("web");
		String name = "synergychat-it-image-aot-mismatch";
		String library = Arrays.stream(Commands.run("docker", "run", "--rm", "--entrypoint", "cat", image,
				"/app/jib-classpath-file").strip().split(":"))
			.filter((entry) -> entry.startsWith("/app/libs/"))
			.findFirst()
			.orElseThrow();
		Path jar = Files.createTempFile("library", ".jar");
		String copy = "synergychat-it-image-aot-copy";
		Commands.run("docker", "create", "--name", copy, image);
		try {
			Commands.run("docker", "cp", copy + ":" + library, jar.toString());
		}
		finally {
			Commands.run("docker", "rm", copy);
		}
		Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
		jar.toFile().setReadable(true, false);
		Instant start = Instant.now();
		Commands.run("docker", "run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp", "-p", "127.0.0.1::8080",
				"-v", jar + ":" + library + ":ro", image);
		try {
			awaitReady(name, start, Duration.ofMinutes(2));
			assertThat(logs(name)).contains("[aot]").contains(library);
		}
		finally {
			Commands.run("docker", "rm", "-f", name);
			Files.delete(jar);
		}
	}

	/**
	 * The cache's method profiles come from the training run, and the JVM replays them at every start: a training that
	 * stopped after one request of each path left the request path profiled as a start sees it, and the image served
	 * GETs at about two thirds of the rate of the same code without them (docs/startup.md, "The training run and the
	 * hot path"). So each service's training answers every one of its 5,001 requests, and api's takes the 1,000 posts
	 * with a 201: the rate limit is lifted for the training, or they would be 429s that never reach the store.
	 */
	@ParameterizedTest
	@FieldSource("SERVICES")
	void cacheIsTrainedOnThousandsOfAnsweredRequests(String service) {
		String line = LocalImages.trainings().stream()
			.filter((training) -> training.startsWith("AOT cache of " + service + ":"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("aot/train.sh printed no training for " + service + " in "
					+ LocalImages.trainings()));
		Matcher matcher = Pattern.compile(", (\\d+) of (\\d+) requests answered \\((.*)\\)$").matcher(line);

		assertThat(matcher.find()).as(line).isTrue();
		assertThat(Integer.parseInt(matcher.group(1))).as(line).isEqualTo(Integer.parseInt(matcher.group(2)))
			.isEqualTo(5_001);
		if (service.equals("api")) {
			assertThat(matcher.group(3)).as(line).contains("201 x1000");
		}
	}

	/**
	 * {@code jib:buildTar} as the README's Images section gives it: one platform (a tar holds one image), a file
	 * under the module's target folder, and {@code docker load} that names the image. Built for web only, with its
	 * own tag so it never replaces the image the topologies run, and with {@code -Daot.skip}: the AOT cache is
	 * trained the same way whatever the Jib goal (aot/train.sh), those tests already check the one of the image built
	 * for this run, and a second training of web costs a minute or two of one CPU.
	 */
	@Test
	void jibBuildTarWritesAnImageThatDockerLoadsUnderItsName() {
		String tag = LocalImages.TAG + "-tar";
		String image = "synergychat-web:" + tag;
		Path tar = Commands.ROOT.resolve("web/target/jib-image.tar");
		Commands.run(Duration.ofMinutes(10), Map.of("JAVA_HOME", System.getProperty("java.home")), "./mvnw", "-B",
				"-ntp", "-q", "-pl", "web", "-am", "package", "-DskipTests", "jib:buildTar",
				"-Djib.from.image=docker://local/temurin-jre:25",
				"-Djib.from.platforms=linux/amd64", "-Dimage.tag=" + tag, "-Daot.skip");
		try {
			System.out.printf("[figures] %s as a tar: %d MB%n", image, tar.toFile().length() / 1_000_000);
			String loaded = Commands.run("docker", "load", "--input", tar.toString());

			assertThat(Commands.lines(loaded)).containsExactly("Loaded image: " + image);
			String json = Commands.run("docker", "image", "inspect", "--format", "{{json .Config}}", image);
			assertThat((String) JsonPath.read(json, "$.User")).isEqualTo("65532:65532");
			assertThat((String) JsonPath.read(json, "$.Labels['org.opencontainers.image.title']"))
				.isEqualTo("synergychat-web");
			assertThat(Commands.run("docker", "image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", image).strip())
				.isEqualTo("linux/amd64");
		}
		finally {
			Commands.attempt("docker", "image", "rm", image);
		}
	}

	/**
	 * Waits until the container's {@code /health/ready} answers 200 on its published port 8080, and returns how long
	 * after {@code start} that was. A container that stops on the way fails at once, with its log.
	 */
	private static Duration awaitReady(String container, Instant start, Duration timeout) {
		String address = Commands.lines(Commands.run("docker", "port", container, "8080")).getFirst();
		URI uri = URI.create("http://" + address + "/health/ready");
		HttpClient http = HttpClient.newHttpClient();
		while (Duration.between(start, Instant.now()).compareTo(timeout) < 0) {
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return Duration.between(start, Instant.now());
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (!Commands.run("docker", "inspect", "--format", "{{.State.Running}}", container).strip().equals("true")) {
				throw new AssertionError(container + " stopped before it was ready:\n" + logs(container));
			}
			Commands.pause(Duration.ofMillis(200));
		}
		throw new AssertionError(uri + " not ready within " + timeout + ":\n" + logs(container));
	}

	/** What the container wrote, both streams. */
	private static String logs(String container) {
		Commands.Result logs = Commands.attempt("docker", "logs", container);
		return logs.output() + logs.errors();
	}

}
