package dev.synergychat.systemtests.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The performance page is what {@code bench/run.sh} wrote: its charts are committed beside it, and the README's
 * Capacity section carries the same verdicts. The script itself is not run here (it takes a quarter of an hour and
 * measures, which a test must not), only its refusal to start without its tools.
 */
class PerformancePageTest {

	static final Path ROOT = CommittedSecretsTest.ROOT;

	static final Path PAGE = ROOT.resolve("docs/performance.md");

	static final Pattern CHART = Pattern.compile("!\\[[^]]*]\\((performance/[^)]+\\.png)\\)");

	static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	@Test
	void everyChartThePageShowsIsACommittedPng() throws IOException {
		Matcher chart = CHART.matcher(Files.readString(PAGE));
		List<String> charts = new ArrayList<>();
		while (chart.find()) {
			charts.add(chart.group(1));
		}

		assertThat(charts).containsExactlyInAnyOrder("performance/requests-per-second.png",
				"performance/latency-percentiles.png", "performance/start-and-memory.png");
		for (String file : charts) {
			byte[] bytes = Files.readAllBytes(PAGE.resolveSibling(file));
			assertThat(bytes).as(file).startsWith(PNG_SIGNATURE);
		}
	}

	@Test
	void theReadmeCarriesThePagesVerdictsBetweenTheScriptsMarkers() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		int start = readme.indexOf("<!-- bench/run.sh writes the lines from here");
		int end = readme.indexOf("<!-- end of bench/run.sh's lines -->");
		assertThat(start).as("the script's start marker in README.md").isNotNegative();
		assertThat(end).as("the script's end marker after it").isGreaterThan(start);

		List<String> pageRows = tableRows(section(Files.readString(PAGE), "## Targets"));
		assertThat(pageRows).hasSize(12);
		assertThat(tableRows(readme.substring(start, end))).containsExactlyElementsOf(pageRows);
		assertThat(readme).contains("[docs/performance.md](docs/performance.md)", "`bench/run.sh --quick`");
	}

	@Test
	void theScriptNamesEveryMissingToolWithThePackageThatBringsIt(@TempDir Path bin) throws Exception {
		// Only what the script needs before it checks its tools: it finds none of them on this PATH.
		Files.createSymbolicLink(bin.resolve("dirname"), Path.of("/usr/bin/dirname"));
		ProcessBuilder builder = new ProcessBuilder("/bin/bash", "bench/run.sh", "--quick").directory(ROOT.toFile())
			.redirectErrorStream(true);
		builder.environment().put("PATH", bin.toString());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

		assertThat(process.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("bench/run.sh needs tools this machine lacks", "wrk (apt-get install wrk)",
				"hey (apt-get install hey)", "gnuplot (apt-get install gnuplot-nox)",
				"nginx (apt-get install nginx-light)", "psql (apt-get install postgresql-client)",
				"docker (bash .ci/install-docker.sh)");
	}

	private static String section(String markdown, String heading) {
		int start = markdown.indexOf("\n" + heading + "\n");
		assertThat(start).as(heading).isNotNegative();
		int end = markdown.indexOf("\n## ", start + 1);
		return markdown.substring(start, end < 0 ? markdown.length() : end);
	}

	private static List<String> tableRows(String text) {
		return text.lines().filter((line) -> line.startsWith("|")).toList();
	}

}
