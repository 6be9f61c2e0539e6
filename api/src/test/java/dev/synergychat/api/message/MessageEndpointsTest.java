package dev.synergychat.api.message;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET} and {@code POST /messages} through the whole MVC stack (filters, error handling) on the memory store.
 * The store is shared by the tests of this class, so each test uses its own usernames and compares ids.
 */
@SpringBootTest(properties = "synergychat.api.rate-limit=100000")
@AutoConfigureMockMvc
class MessageEndpointsTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JsonMapper json;

	@Test
	void postReturns201WithThePageEndingInTheNewMessage() {
		MvcTestResult result = post(body("ann", "hello"));

		assertThat(result).hasStatus(201).hasContentType(MediaType.APPLICATION_JSON);
		Message last = messages(result).getLast();
		assertThat(last.authorUsername()).isEqualTo("ann");
		assertThat(last.text()).isEqualTo("hello");
		assertThat(last.id()).isPositive();
		assertThat(result).bodyText().containsPattern(
				"\"CreatedAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"");
	}

	@Test
	void jsonKeysMatchWithoutRegardToCaseAsInTheOriginal() {
		MvcTestResult camel = post("{\"authorUsername\": \"cara\", \"text\": \"camel case\"}");
		MvcTestResult lower = post("{\"authorusername\": \"cara\", \"TEXT\": \"any case\"}");

		assertThat(camel).hasStatus(201);
		assertThat(messages(camel).getLast()).extracting(Message::authorUsername, Message::text)
			.containsExactly("cara", "camel case");
		assertThat(lower).hasStatus(201);
		assertThat(messages(lower).getLast()).extracting(Message::authorUsername, Message::text)
			.containsExactly("cara", "any case");
	}

	@Test
	void aKeyInAnyCaseStillHasToCarryAValue() {
		assertRejected("{\"authorUsername\": \"cara\", \"text\": \" \"}", 400,
				"Text is required and must not be blank");
		assertRejected("{\"author\": \"cara\", \"text\": \"hi\"}", 400,
				"AuthorUsername is required and must not be blank");
	}

	@Test
	void getReturnsTheNewestMessagesOldestFirstAndPagesBackWithBefore() {
		for (int i = 1; i <= 5; i++) {
			post(body("pager", "page " + i));
		}

		List<Message> newest = messages(this.mvc.get().uri("/messages?limit=3").exchange());
		long oldestShown = newest.getFirst().id();
		List<Message> older = messages(this.mvc.get().uri("/messages?limit=2&before=" + oldestShown).exchange());

		assertThat(newest).extracting(Message::text).containsExactly("page 3", "page 4", "page 5");
		assertThat(older).extracting(Message::text).containsExactly("page 1", "page 2");
	}

	@Test
	void theNewestPageIsTheSameJsonThePostAnswersWith() {
		MvcTestResult posted = post(body("bytes", "same bytes"));

		MvcTestResult page = this.mvc.get().uri("/messages").exchange();

		assertThat(page).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
		assertThat(page.getResponse().getContentAsByteArray()).isEqualTo(posted.getResponse().getContentAsByteArray());
	}

	@Test
	void aGetWithTheCurrentEtagIs304AndAfterAPostItIs200WithANewEtag() {
		post(body("etag", "first"));
		MvcTestResult first = this.mvc.get().uri("/messages?limit=5").exchange();
		String etag = first.getResponse().getHeader("ETag");

		MvcTestResult unchanged = this.mvc.get().uri("/messages?limit=5").header("If-None-Match", etag).exchange();
		post(body("etag", "second"));
		MvcTestResult changed = this.mvc.get().uri("/messages?limit=5").header("If-None-Match", etag).exchange();

		assertThat(first).hasStatusOk().headers().hasValue("Cache-Control", "no-cache");
		assertThat(etag).matches("\"" + messages(first).getLast().id() + "-[0-9a-f]{16}\"");
		assertThat(unchanged).hasStatus(304).headers().hasValue("ETag", etag);
		assertThat(unchanged.getResponse().getContentAsByteArray()).isEmpty();
		assertThat(changed).hasStatusOk();
		assertThat(changed.getResponse().getHeader("ETag")).isNotEqualTo(etag);
		assertThat(messages(changed).getLast().text()).isEqualTo("second");
	}

	@Test
	void olderPagesFromTheStoreCarryAnEtagAndAnswer304Too() {
		long newest = messages(post(body("etag", "older pages"))).getLast().id();
		String uri = "/messages?limit=2&before=" + newest;
		String etag = this.mvc.get().uri(uri).exchange().getResponse().getHeader("ETag");

		assertThat(etag).isNotNull();
		assertThat(this.mvc.get().uri(uri).header("If-None-Match", "\"other\", " + etag)).hasStatus(304);
		assertThat(this.mvc.get().uri(uri).header("If-None-Match", "\"other\"")).hasStatusOk();
	}

	@Test
	void getWithoutLimitReturnsAtMost100() {
		for (int i = 0; i < 101; i++) {
			post(body("bulk", "message " + i));
		}

		assertThat(messages(this.mvc.get().uri("/messages").exchange())).hasSize(100);
	}

	@Test
	void sqlHtmlUnicodeAndEmojiAreStoredAndReturnedVerbatim() {
		String text = "'); DROP TABLE messages;-- <img src=x onerror=alert(1)> Grüße 你好 🙂👩‍👩‍👧 \"quoted\"";

		Message stored = messages(post(body("<b>ann</b>", text))).getLast();

		assertThat(stored.text()).isEqualTo(text);
		assertThat(stored.authorUsername()).isEqualTo("<b>ann</b>");
	}

	@Test
	void profanityIsStoredAndTheServerKeepsServing() {
		assertThat(post(body("ann", "damn this shit"))).hasStatus(201);
		assertThat(this.mvc.get().uri("/messages?limit=1")).hasStatusOk();
	}

	@Test
	void withTheCrashSwitchOffTheOriginalsCrashWordsAreOrdinaryText() {
		MvcTestResult result = post(body("ann", "Darn, heck, go fetch"));

		assertThat(result).hasStatus(201);
		assertThat(messages(result).getLast().text()).isEqualTo("Darn, heck, go fetch");
	}

	@Test
	void statsWithoutCrawlerStoresTheCommandAndABotReplySayingSo() {
		List<Message> page = messages(post(body("ann", "/stats keywords=love")));

		assertThat(page.get(page.size() - 2).text()).isEqualTo("/stats keywords=love");
		assertThat(page.getLast().authorUsername()).isEqualTo("crawler-bot");
		assertThat(page.getLast().text()).contains("not configured");
	}

	@Test
	void malformedJsonIs400AndStoresNothing() {
		assertRejected("{\"AuthorUsername\": \"ann\", \"Text\": ", 400,
				"request body is not a valid JSON message: Unexpected end-of-input");
	}

	@Test
	void emptyBodyIs400() {
		assertRejected("", 400, "request body is not a valid JSON message");
	}

	@Test
	void wrongContentTypeIs415() {
		long before = newestId();

		MvcTestResult result = this.mvc.post()
			.uri("/messages")
			.contentType(MediaType.TEXT_PLAIN)
			.content(body("ann", "hi"))
			.exchange();

		assertThat(result).hasStatus(415).bodyJson().extractingPath("$.error")
			.isEqualTo("Content-Type 'text/plain' is not supported.");
		assertThat(newestId()).isEqualTo(before);
	}

	@Test
	void missingAndBlankFieldsAre400NamingEachField() {
		assertRejected("{}", 400, "AuthorUsername is required and must not be blank; "
				+ "Text is required and must not be blank");
		assertRejected(body(" ", "hi"), 400, "AuthorUsername is required and must not be blank");
	}

	@Test
	void tooLongUsernameAndTextAre400() {
		assertRejected(body("u".repeat(65), "hi"), 400, "AuthorUsername must be at most 64 characters");
		assertRejected(body("ann", "t".repeat(4_001)), 400, "Text must be at most 4000 characters");
	}

	@Test
	void bodyOver64KibIs413() {
		assertRejected(body("ann", "x".repeat(70_000)), 413, "request body is larger than 65536 bytes");
	}

	@Test
	void limitOutsideOneTo500Is400() {
		assertThat(this.mvc.get().uri("/messages?limit=501")).hasStatus(400).bodyJson().extractingPath("$.error")
			.isEqualTo("limit must be between 1 and 500, got 501");
		assertThat(this.mvc.get().uri("/messages?limit=0")).hasStatus(400);
		assertThat(this.mvc.get().uri("/messages?limit=ten")).hasStatus(400).bodyJson().extractingPath("$.error")
			.isEqualTo("Failed to convert 'limit' with value: 'ten'");
		assertThat(this.mvc.get().uri("/messages?before=0")).hasStatus(400);
	}

	@Test
	void unknownPathIs404AndUnknownMethodIs405WithJsonErrors() {
		assertThat(this.mvc.get().uri("/nothing/here")).hasStatus(404).bodyJson().extractingPath("$.error")
			.isEqualTo("No endpoint GET /nothing/here.");
		assertThat(this.mvc.delete().uri("/messages")).hasStatus(405).bodyJson().extractingPath("$.error")
			.isEqualTo("Method 'DELETE' is not supported.");
	}

	@Test
	void corsAllowsAnyOriginByDefaultAndExposesRetryAfter() {
		MvcTestResult preflight = this.mvc.options()
			.uri("/messages")
			.header("Origin", "https://chat.example")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.exchange();
		MvcTestResult error = this.mvc.get().uri("/nothing").header("Origin", "https://chat.example").exchange();

		assertThat(preflight).hasStatusOk()
			.headers()
			.hasValue("Access-Control-Allow-Origin", "https://chat.example")
			.hasValue("Access-Control-Allow-Methods", "GET,HEAD,POST,OPTIONS");
		assertThat(error).hasStatus(404)
			.headers()
			.hasValue("Access-Control-Allow-Origin", "https://chat.example")
			.hasValue("Access-Control-Expose-Headers", "Retry-After");
	}

	/** Posts the body and checks the status, the start of the error and that nothing was stored. */
	private void assertRejected(String body, int status, String errorStart) {
		long newestBefore = newestId();

		MvcTestResult result = post(body);

		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_JSON);
		assertThat(this.json.readTree(result.getResponse().getContentAsByteArray()).get("error").asString())
			.startsWith(errorStart);
		assertThat(newestId()).isEqualTo(newestBefore);
	}

	private MvcTestResult post(String body) {
		return this.mvc.post().uri("/messages").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private String body(String username, String text) {
		return this.json.writeValueAsString(Map.of("AuthorUsername", username, "Text", text));
	}

	private List<Message> messages(MvcTestResult result) {
		return List.of(this.json.readValue(result.getResponse().getContentAsByteArray(), Message[].class));
	}

	private long newestId() {
		List<Message> newest = messages(this.mvc.get().uri("/messages?limit=1").exchange());
		return newest.isEmpty() ? 0 : newest.getFirst().id();
	}

}
