package dev.synergychat.api;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.synergychat.api.support.RunningApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code API_DB_FILEPATH} in a place this process cannot write. Tests run as root, whom file modes do not stop, so
 * a file standing where the directory should be plays the part of the root-owned volume here; the Docker tests in
 * system-tests use a real root-owned volume and a non-root container.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnwritableStorageTest {

	@TempDir
	Path directory;

	@Test
	void apiStartsSaysWhyAndHowToFixInOneErrorLineAndRecoversOnceTheDirectoryCanBeWritten(CapturedOutput output)
			throws Exception {
		Path blocker = Files.writeString(this.directory.resolve("persist"), "not a directory");
		Path file = blocker.resolve("db.json");
		String runsAs = Files.getAttribute(Path.of("/proc/self"), "unix:uid") + ":"
				+ Files.getAttribute(Path.of("/proc/self"), "unix:gid");

		try (RunningApi api = RunningApi.start(Map.of("synergychat.api.storage.file-path", file.toString()))) {
			String error = output.getOut()
				.lines()
				.filter((line) -> line.contains(" ERROR "))
				.reduce("", (a, b) -> a + b + "\n");
			assertThat(error.lines()).hasSize(1);
			assertThat(error).contains("API_DB_FILEPATH=" + file + " cannot be written",
					"a file that is not a directory stands at " + blocker, "runs as uid:gid " + runsAs,
					"the nearest existing directory " + this.directory + " is owned by " + runsAs,
					"securityContext.fsGroup: " + runsAs.substring(runsAs.indexOf(':') + 1), "chown " + runsAs,
					"--user");
			assertThat(output.getOut()).doesNotContain("\tat ").doesNotContain("Exception");

			HttpResponse<String> ready = api.get("/health/ready");
			JsonNode database = RunningApi.body(api.management("/health/ready")).at("/components/database");
			assertThat(ready.statusCode()).isEqualTo(503);
			assertThat(ready.body()).as("the public probe says DOWN and nothing more").isEqualTo("{\"status\":\"DOWN\"}");
			assertThat(database.get("status").asString()).isEqualTo("DOWN");
			assertThat(database.at("/details/store").asString()).isEqualTo("file " + file);
			assertThat(database.at("/details/error").asString()).contains("API_DB_FILEPATH=" + file, "fsGroup");
			assertThat(api.get("/health/live").statusCode()).as("a restart cannot fix a permission").isEqualTo(200);
			HttpResponse<String> refused = api.post("ann", "hello");
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(RunningApi.body(refused).get("error").asString())
				.startsWith("message storage is unavailable, try again shortly: API_DB_FILEPATH=" + file);

			Files.delete(blocker);

			assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
			HttpResponse<String> stored = api.post("ann", "hello again");
			assertThat(stored.statusCode()).isEqualTo(201);
			assertThat(RunningApi.body(stored).get(0).get("Text").asString()).isEqualTo("hello again");
			assertThat(file).isRegularFile().content().contains("hello again");
			assertThat(output.getOut()).contains(file + " can be written now; messages are stored there again");
		}
	}

}
