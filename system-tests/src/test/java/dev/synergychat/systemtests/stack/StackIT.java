package dev.synergychat.systemtests.stack;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.synergychat.support.stats.KeywordCount;
import dev.synergychat.systemtests.support.ChatClient;
import dev.synergychat.systemtests.support.ChatMessage;
import dev.synergychat.systemtests.support.LightLane;
import dev.synergychat.systemtests.support.LocalStack;
import dev.synergychat.systemtests.support.Service;
import dev.synergychat.systemtests.support.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three packaged services running together: the stack the system tests share, which runs with LOG_FORMAT=json
 * so the structured-log contract is checked on the same processes.
 */
@ExtendWith(LocalStack.Shared.class)
@LightLane
class StackIT {

	private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(15);

	private static final Pattern FOUND = Pattern.compile("Found (\\d+) match");

	private static LocalStack stack;

	private final ChatClient client = new ChatClient();

	@BeforeAll
	static void theStack(LocalStack shared) {
		stack = shared;
	}

	private static long reportedTotal(ChatMessage reply) {
		assertThat(reply.author()).isEqualTo(ChatMessage.BOT);
		Matcher matcher = FOUND.matcher(reply.text());
		assertThat(matcher.find()).as("a total in crawler-bot's reply '%s'", reply.text()).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	@Test
	void statsReplyReportsTheTotalTheCrawlerCountedInTheSampleLibrary() {
		List<KeywordCount> everything = this.client.awaitSettledStats(stack.crawler().baseUri(), Duration.ofSeconds(60));

		ChatMessage question = this.client.post(stack.api().baseUri(), "ann", "/stats");
		ChatMessage reply = this.client.awaitReply(stack.api().baseUri(), question, REPLY_TIMEOUT);

		assertThat(ChatClient.total(everything)).isPositive();
		assertThat(reportedTotal(reply)).isEqualTo(ChatClient.total(everything));
	}

	@Test
	void statsWithKeywordAndTitleCountsOnlyThatKeywordInMatchingBooks() {
		List<KeywordCount> everything = this.client.awaitSettledStats(stack.crawler().baseUri(), Duration.ofSeconds(60));
		KeywordCount top = everything.stream().max(Comparator.comparingLong(KeywordCount::count)).orElseThrow();
		String titleWord = longestWord(top.bookTitle());
		List<KeywordCount> expected = this.client.stats(stack.crawler().baseUri(),
				Map.of("keywords", top.keyword(), "title", titleWord));

		ChatMessage question = this.client.post(stack.api().baseUri(), "ann",
				"/stats keywords=" + top.keyword() + " title=" + titleWord);
		ChatMessage reply = this.client.awaitReply(stack.api().baseUri(), question, REPLY_TIMEOUT);

		assertThat(expected).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.keyword()).isEqualTo(top.keyword()))
			.allSatisfy((row) -> assertThat(row.bookTitle()).containsIgnoringCase(titleWord));
		assertThat(ChatClient.total(expected)).as("the filter narrows the answer")
			.isLessThan(ChatClient.total(everything));
		assertThat(reportedTotal(reply)).isEqualTo(ChatClient.total(expected));
	}

	/** The longest word of a title, lower-cased: a substring that the title filter must match case-insensitively. */
	private static String longestWord(String title) {
		return Pattern.compile("[^\\p{L}]+")
			.splitAsStream(title)
			.max(Comparator.comparingInt(String::length))
			.orElseThrow()
			.toLowerCase();
	}

	@ParameterizedTest
	@EnumSource(Service.class)
	void probesAnswerOnTheMainPortOfEveryService(Service service) {
		ServiceProcess process = process(service);

		for (String path : List.of("/health/live", "/health/ready")) {
			var response = this.client.get(process.uri(path));
			assertThat(response.statusCode()).as("%s %s", service, path).isEqualTo(200);
			assertThat(response.body()).as("%s %s: the status and nothing more", service, path)
				.isEqualTo("{\"status\":\"UP\"}");
		}
		// Old manifests look at /healthz; every service answers the original's {"status":"ok"}.
		assertThat(this.client.get(process.uri("/healthz")).statusCode()).as("%s /healthz", service).isEqualTo(200);
	}

	@ParameterizedTest
	@EnumSource(Service.class)
	void metricsArePrometheusTextWithJvmAndHttpServerSeriesOnTheManagementPortOnly(Service service) {
		ServiceProcess process = process(service);
		this.client.get(process.uri("/health/live"));

		var response = this.client.get(process.managementUri("/metrics"));

		assertThat(this.client.get(process.uri("/metrics")).statusCode()).as("/metrics on the main port").isEqualTo(404);
		assertThat(this.client.get(process.uri("/health")).statusCode()).as("/health on the main port").isEqualTo(404);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge", "http_server_requests_seconds_count{");
	}

	@ParameterizedTest
	@EnumSource(Service.class)
	void logFormatJsonMakesEveryLogLineAJsonObject(Service service) {
		List<String> lines = process(service).logText().lines().filter((line) -> !line.isBlank()).toList();

		assertThat(lines).isNotEmpty().allSatisfy((line) -> assertThat(ChatClient.readObject(line))
			.containsKeys("@timestamp", "message")
			.extractingByKey("message")
			.isNotNull());
	}

	private static ServiceProcess process(Service service) {
		return stack.all().stream().filter((process) -> process.service() == service).findFirst().orElseThrow();
	}

}
