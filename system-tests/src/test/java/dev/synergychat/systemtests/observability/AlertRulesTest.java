package dev.synergychat.systemtests.observability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.synergychat.systemtests.k8s.Tools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code observability/prometheus/rules.yaml}: valid for Prometheus, every alert proven by a promtool unit test that
 * makes it fire and one that keeps it quiet ({@code rules.test.yaml}), and every alert given a runbook line in
 * docs/observability.md.
 */
class AlertRulesTest {

	static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

	static final Path RULES_DIRECTORY = ROOT.resolve("observability/prometheus");

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	@Test
	void theRulesFileIsValidForPrometheus() {
		String output = Tools.run(RULES_DIRECTORY, "", Duration.ofMinutes(1),
				List.of("promtool", "check", "rules", "rules.yaml"));

		assertThat(output).contains("SUCCESS: " + alertNames().size() + " rules found");
	}

	@Test
	void everyRulePassesItsPromtoolUnitTests() {
		String output = Tools.run(RULES_DIRECTORY, "", Duration.ofMinutes(2),
				List.of("promtool", "test", "rules", "rules.test.yaml"));

		assertThat(output).contains("SUCCESS");
	}

	@Test
	void everyAlertIsUnitTestedAndHasARunbookLine() throws Exception {
		Set<String> tested = new TreeSet<>();
		for (JsonNode test : YAML.readTree(RULES_DIRECTORY.resolve("rules.test.yaml").toFile()).path("tests")) {
			for (JsonNode alertTest : test.path("alert_rule_test")) {
				if (!alertTest.path("exp_alerts").isEmpty()) {
					tested.add(alertTest.path("alertname").asString());
				}
			}
		}
		String runbook = Files.readString(ROOT.resolve("docs/observability.md"));

		assertThat(tested).as("alerts a unit test makes fire").containsExactlyElementsOf(alertNames());
		assertThat(alertNames()).allSatisfy((alert) -> assertThat(runbook).as("docs/observability.md")
			.contains("`" + alert + "`"));
	}

	static Set<String> alertNames() {
		Set<String> names = new TreeSet<>();
		for (JsonNode group : YAML.readTree(RULES_DIRECTORY.resolve("rules.yaml").toFile()).path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				names.add(rule.path("alert").asString());
			}
		}
		return names;
	}

}
