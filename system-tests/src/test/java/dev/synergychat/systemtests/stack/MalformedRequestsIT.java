package dev.synergychat.systemtests.stack;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.synergychat.systemtests.support.ChatClient;
import dev.synergychat.systemtests.support.LightLane;
import dev.synergychat.systemtests.support.Service;
import dev.synergychat.systemtests.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus in {@code malformed-requests.txt} sent, one raw connection per entry, to each packaged service: api on
 * a PostgreSQL database of its own, crawler on its sample library, web. Expected: no 5xx, every service still ready
 * afterwards, no row in api's database, and {@code {"error": "..."}} on every 4xx the application itself answers.
 */
@LightLane
class MalformedRequestsIT {

	private static final String POSTGRES_VARIABLE = "SYNERGYCHAT_TEST_POSTGRES_URL";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<Service, String> MAIN_PATH = Map.of(Service.API, "/messages", Service.CRAWLER, "/stats",
			Service.WEB, "/");

	private static final String DATABASE = "malformed_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);

	private static String adminUrl;

	@BeforeAll
	static void start() throws SQLException {
		adminUrl = System.getenv(POSTGRES_VARIABLE);
		if (adminUrl == null || adminUrl.isBlank()) {
			throw new IllegalStateException("Set " + POSTGRES_VARIABLE + " to a JDBC URL of a PostgreSQL where the "
					+ "test may create a database, such as jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
		}
		execute("CREATE DATABASE " + DATABASE);
		int[] ports = ServiceProcess.freePorts(3);
		services.put(Service.CRAWLER,
				ServiceProcess.launch(Service.CRAWLER, ports[0], ServiceProcess.env("CRAWLER_BOOKS_URL", "sample")));
		// A rate limit no corpus can reach, so every entry gets to the checks it is about.
		services.put(Service.API, ServiceProcess.launch(Service.API, ports[1],
				ServiceProcess.env("DATABASE_URL", databaseUrl(), "CRAWLER_BASE_URL", "http://127.0.0.1:" + ports[0],
						"API_RATE_LIMIT", "1000000")));
		services.put(Service.WEB, ServiceProcess.launch(Service.WEB, ports[2],
				ServiceProcess.env("API_URL", "http://127.0.0.1:" + ports[1])));
		services.values().forEach(ServiceProcess::awaitReady);
	}

	@AfterAll
	static void stop() throws SQLException {
		services.values().forEach(ServiceProcess::close);
		if (adminUrl != null) {
			execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
		}
	}

	@Test
	void theCorpusHasAtLeastAHundredEntriesWithDistinctTitles() {
		List<MalformedRequest> corpus = MalformedRequest.load();

		assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
		assertThat(corpus.stream().map(MalformedRequest::title)).doesNotHaveDuplicates();
	}

	@Test
	void everyServiceAnswersTheCorpusWithoutA5xxOrACrashAndApiStoresNothing() throws IOException, SQLException {
		List<MalformedRequest> corpus = MalformedRequest.load();
		long rowsBefore = storedMessages();
		List<String> problems = new ArrayList<>();

		for (Service service : List.of(Service.API, Service.CRAWLER, Service.WEB)) {
			ServiceProcess process = services.get(service);
			Map<String, Integer> tally = new TreeMap<>();
			for (MalformedRequest request : corpus) {
				RawExchange exchange = RawExchange.send(process.port(), request.bytes(MAIN_PATH.get(service)));
				tally.merge(request.prescribedServerError() ? "5xx prescribed by HTTP" : category(exchange), 1,
						Integer::sum);
				String problem = problem(request, exchange);
				if (problem != null) {
					problems.add(service.module() + " / " + request.title() + ": " + problem);
				}
			}
			HealthAfter health = healthOf(process);
			System.out.printf("[figures] malformed requests to %s: %d sent, %s, ready afterwards: %s%n",
					service.module(), corpus.size(), tally, health);
			if (!health.ready()) {
				problems.add(service.module() + " is not ready after the corpus: " + health);
			}
		}
		long rowsAfter = storedMessages();
		System.out.printf("[figures] malformed requests: api messages stored before %d, after %d%n", rowsBefore,
				rowsAfter);

		assertThat(problems).as("entries answered wrongly").isEmpty();
		assertThat(rowsAfter).as("messages in api's database after the corpus").isEqualTo(rowsBefore);
	}

	/** What is wrong with the answer, or null when it is as expected. */
	private static String problem(MalformedRequest request, RawExchange exchange) {
		if (request.prescribedServerError()) {
			return (exchange.firstStatus() == request.prescribedStatus()) ? null
					: "answered " + exchange.statuses() + " where HTTP prescribes " + request.prescribedStatus();
		}
		if (exchange.statuses().isEmpty() && exchange.outcome() == RawExchange.Outcome.QUIET) {
			return "no answer at all, and the connection still open";
		}
		if (exchange.statuses().stream().anyMatch((status) -> status >= 500)) {
			return "answered " + exchange.statuses() + ": " + exchange.body();
		}
		int status = exchange.firstStatus();
		if (status < 400 || status >= 500 || request.protocolLevel() || request.head("HEAD")
				|| (request.refusesJson() && exchange.body().isEmpty())) {
			return null;
		}
		if (!exchange.contentType().startsWith("application/json")) {
			return status + " with Content-Type '" + exchange.contentType() + "' instead of a JSON error: "
					+ abbreviate(exchange.body());
		}
		JsonNode body = JSON.readTree(exchange.body());
		return (body.isObject() && body.path("error").isString() && !body.path("error").asString().isBlank()) ? null
				: status + " without an \"error\" message: " + abbreviate(exchange.body());
	}

	private static String category(RawExchange exchange) {
		return switch (exchange.outcome()) {
			case CLOSED_WITHOUT_ANSWER -> "closed without answer";
			case QUIET -> (exchange.statuses().isEmpty()) ? "no answer" : (exchange.firstStatus() / 100) + "xx";
			case ANSWERED -> (exchange.firstStatus() / 100) + "xx";
		};
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	private static HealthAfter healthOf(ServiceProcess process) {
		int status = new ChatClient().get(process.uri("/health/ready")).statusCode();
		return new HealthAfter(status == 200, status);
	}

	private record HealthAfter(boolean ready, int status) {

		@Override
		public String toString() {
			return this.ready ? "yes (200)" : "no (" + this.status + ")";
		}

	}

	private static String databaseUrl() {
		return adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + DATABASE);
	}

	private static long storedMessages() throws SQLException {
		try (Connection connection = DriverManager.getConnection(databaseUrl());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM messages")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(adminUrl);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
