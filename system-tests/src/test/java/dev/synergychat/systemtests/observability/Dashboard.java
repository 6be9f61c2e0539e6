package dev.synergychat.systemtests.observability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Grafana dashboard in {@code observability/grafana/dashboards/synergychat.json}, read as JSON. */
record Dashboard(JsonNode json) {

	static final Path FILE = AlertRulesTest.ROOT.resolve("observability/grafana/dashboards/synergychat.json");

	/** What Grafana puts in place of {@code $__rate_interval}; four scrapes of the tests' one-second interval. */
	static final String RATE_INTERVAL = "15s";

	static Dashboard read() {
		return new Dashboard(JsonMapper.builder().build().readTree(FILE.toFile()));
	}

	/** One query of one panel. */
	record Query(String panel, String refId, String expr) {

		/** The expression as Prometheus receives it from Grafana. */
		String promql() {
			return this.expr.replace("$__rate_interval", RATE_INTERVAL);
		}

		@Override
		public String toString() {
			return "panel \"" + this.panel + "\" query " + this.refId;
		}

	}

	List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		this.json.path("panels").forEach(panels::add);
		return panels;
	}

	List<Query> queries() {
		List<Query> queries = new ArrayList<>();
		for (JsonNode panel : panels()) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(new Query(panel.path("title").asString(), target.path("refId").asString(),
						target.path("expr").asString()));
			}
		}
		return queries;
	}

}
