package dev.synergychat.systemtests.observability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard is well formed for Grafana's file provisioning: a fixed uid, a Prometheus data-source
 * variable every panel and query uses, unique panel ids, panels on the 24-column grid without overlaps, and a
 * PromQL expression in every query. Grafana cannot be installed here; whether the expressions return data is
 * {@link DashboardQueriesIT}'s job, against a real Prometheus.
 */
class DashboardTest {

	private static final Set<String> PANEL_TYPES = Set.of("row", "timeseries", "stat");

	private final Dashboard dashboard = Dashboard.read();

	@Test
	void hasAFixedUidTitleAndAPrometheusDataSourceVariable() {
		JsonNode json = this.dashboard.json();

		assertThat(json.path("uid").asString()).isEqualTo("synergychat");
		assertThat(json.path("title").asString()).isEqualTo("SynergyChat");
		assertThat(json.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
		assertThat(json.has("id")).as("no database id: provisioning assigns one").isFalse();
		JsonNode variable = json.path("templating").path("list").path(0);
		assertThat(variable.path("name").asString()).isEqualTo("datasource");
		assertThat(variable.path("type").asString()).isEqualTo("datasource");
		assertThat(variable.path("query").asString()).isEqualTo("prometheus");
	}

	@Test
	void everyPanelHasAUniqueIdAKnownTypeAndAPlaceOnTheGridThatNoOtherPanelTakes() {
		List<String> wrong = new ArrayList<>();
		Set<Integer> ids = new HashSet<>();
		Set<String> cells = new HashSet<>();
		for (JsonNode panel : this.dashboard.panels()) {
			String name = "panel \"" + panel.path("title").asString() + "\"";
			if (!ids.add(panel.path("id").asInt(-1)) || panel.path("id").asInt(-1) < 1) {
				wrong.add(name + ": id missing or used twice");
			}
			if (!PANEL_TYPES.contains(panel.path("type").asString())) {
				wrong.add(name + ": unknown type " + panel.path("type"));
			}
			if (panel.path("title").asString().isBlank()) {
				wrong.add("a panel without a title");
			}
			JsonNode grid = panel.path("gridPos");
			int x = grid.path("x").asInt(-1);
			int y = grid.path("y").asInt(-1);
			int w = grid.path("w").asInt(0);
			int h = grid.path("h").asInt(0);
			if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
				wrong.add(name + ": gridPos " + grid + " is not on the 24-column grid");
			}
			for (int column = x; column < x + w; column++) {
				for (int row = y; row < y + h; row++) {
					if (!cells.add(column + "," + row)) {
						wrong.add(name + ": overlaps another panel at column " + column + ", row " + row);
						row = y + h;
						column = x + w;
					}
				}
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void everyDataPanelQueriesPrometheusThroughTheVariable() {
		List<String> wrong = new ArrayList<>();
		for (JsonNode panel : this.dashboard.panels()) {
			if (panel.path("type").asString().equals("row")) {
				continue;
			}
			String name = "panel \"" + panel.path("title").asString() + "\"";
			List<JsonNode> sources = new ArrayList<>(List.of(panel.path("datasource")));
			panel.path("targets").forEach((target) -> sources.add(target.path("datasource")));
			for (JsonNode source : sources) {
				if (!source.path("type").asString().equals("prometheus")
						|| !source.path("uid").asString().equals("${datasource}")) {
					wrong.add(name + ": data source " + source + " is not the Prometheus variable");
				}
			}
			if (panel.path("targets").isEmpty()) {
				wrong.add(name + ": no query");
			}
			Set<String> refIds = new HashSet<>();
			for (JsonNode target : panel.path("targets")) {
				if (target.path("expr").asString().isBlank() || !refIds.add(target.path("refId").asString())) {
					wrong.add(name + ": a query without an expression or with a repeated refId");
				}
			}
		}
		assertThat(wrong).isEmpty();
		assertThat(this.dashboard.queries()).hasSizeGreaterThanOrEqualTo(20);
	}

	@Test
	void theDashboardCoversEveryAlert() {
		String text = this.dashboard.json().toString();

		assertThat(AlertRulesTest.alertNames()).allSatisfy((alert) -> assertThat(text).contains(alert));
	}

}
