package dev.synergychat.systemtests.browser;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.synergychat.systemtests.support.ChatClient;
import dev.synergychat.systemtests.support.ChatMessage;
import dev.synergychat.systemtests.support.LightLane;
import dev.synergychat.systemtests.support.LocalStack;
import dev.synergychat.systemtests.support.Service;
import dev.synergychat.systemtests.support.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in headless Chromium against the three packaged services, wired as in {@code ./mvnw -Plocal}: the
 * page comes from web and calls api cross-origin, under the Content-Security-Policy web sends. The stack is the one
 * the system tests share; each test finds its own messages in its history by text no other test posts.
 */
@ExtendWith(LocalStack.Shared.class)
@LightLane
class ChatPageIT {

	private static LocalStack stack;

	private final ChatClient client = new ChatClient();

	private Chromium chromium;

	@BeforeAll
	static void theStack(LocalStack shared) {
		stack = shared;
	}

	@BeforeEach
	void startBrowser() {
		this.chromium = Chromium.start();
	}

	@AfterEach
	void stopBrowser() {
		this.chromium.close();
	}

	private ChatPage openChat() {
		return ChatPage.open(this.chromium.driver(), stack.web().baseUri());
	}

	/** Text no other test posts, so each test finds its own messages in the shared history. */
	private static String unique(String text) {
		return text + " " + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void pageIsHandedApiUrlAndFollowsApisEventStream() {
		ChatPage page = openChat();

		assertThat(page.apiUrl()).isEqualTo(stack.api().baseUri().toString());
		page.awaitLive();
		assertThat(page.contentSecurityPolicyViolations()).isEmpty();
		assertThat(page.overflowsHorizontally()).as("sideways scrolling in a phone-sized window").isFalse();
	}

	@Test
	void messageSentFromThePageIsShownOnceAndTheNameIsRemembered() {
		ChatPage page = openChat().awaitLive();
		String text = unique("hello from the page");

		page.setUsername("ann").send(text);
		ShownMessage shown = page.awaitMessage("ann", text);
		// The same message also arrives on the stream; once a later message has arrived there, so has this one.
		String later = unique("later");
		this.client.post(stack.api().baseUri(), "bob", later);
		page.awaitMessage("bob", later);

		assertThat(page.messages()).filteredOn((message) -> message.text().equals(text))
			.containsExactly(shown);
		assertThat(page.draft()).isEmpty();
		assertThat(this.client.messages(stack.api().baseUri())).extracting(ChatMessage::text).contains(text);
		assertThat(page.reload().username()).isEqualTo("ann");
	}

	@Test
	void messagePostedByAnotherClientAppearsWithoutReloading() {
		ChatPage page = openChat().awaitLive();
		String text = unique("hello from elsewhere");

		ChatMessage posted = this.client.post(stack.api().baseUri(), "bob", text);

		assertThat(page.awaitMessage("bob", text).id()).isEqualTo(posted.id());
	}

	@Test
	void statsCommandIsAnsweredByCrawlerBotWithTheCrawlersTotal() {
		long total = ChatClient.total(this.client.awaitSettledStats(stack.crawler().baseUri(), Duration.ofSeconds(60)));
		ChatPage page = openChat().awaitLive();

		page.setUsername("ann").send("/stats");

		assertThat(page.awaitMessage(ChatMessage.BOT, (text) -> text.startsWith("Found ")).text())
			.startsWith("Found " + total + " matches");
	}

	@Test
	void markupInNamesAndMessagesIsShownAsTextAndRunsNothing() {
		ChatPage page = openChat().awaitLive();
		String author = "<img src=x onerror=\"window.pwned='name'\">";
		List<String> payloads = List.of("<script>window.pwned='script'</script>",
				"<img src=x onerror=\"window.pwned='img'\">",
				"<svg onload=\"window.pwned='svg'\"></svg> & \"quotes\" 'too'");

		page.setUsername(author);
		for (String payload : payloads) {
			page.send(payload);
			page.awaitMessage(author, payload);
		}

		assertThat(page.elementsInMessages("img, script, svg")).isZero();
		assertThat(page.script("return window.pwned === undefined;")).isEqualTo(true);
		assertThat(page.contentSecurityPolicyViolations()).isEmpty();
	}

	@Test
	void apiUrlWithATrailingSlashStillReachesApi() {
		String apiUrl = stack.api().baseUri() + "/";
		String text = unique("through a trailing slash");
		try (ServiceProcess web = ServiceProcess.start(Service.WEB, ServiceProcess.env("API_URL", apiUrl))) {
			ChatPage page = ChatPage.open(this.chromium.driver(), web.baseUri()).awaitLive();

			page.setUsername("ann").send(text);

			assertThat(page.apiUrl()).isEqualTo(apiUrl);
			assertThat(page.awaitMessage("ann", text).id()).isPositive();
		}
	}

	@Test
	void apiUrlWithQuotesMarkupAndUnicodeReachesThePageVerbatimAndRunsNothing() {
		String hostile = "/api\"'</script><script>window.pwned='config'</script>\\ü☃\u2028";
		try (ServiceProcess web = ServiceProcess.start(Service.WEB, ServiceProcess.env("API_URL", hostile))) {
			ChatPage page = ChatPage.open(this.chromium.driver(), web.baseUri());

			assertThat(page.apiUrl()).isEqualTo(hostile);
			assertThat(page.script("return window.pwned === undefined;")).isEqualTo(true);
		}
	}

	/**
	 * With REDIS_URL set but Redis unreachable, api refuses the event stream (503) because it could miss messages
	 * from other replicas; the page then gives up on the stream, polls, and still shows what others post.
	 */
	@Test
	void withRedisUnreachableThePageFallsBackToPollingAndStillShowsNewMessages() {
		int[] ports = ServiceProcess.freePorts(3);
		int nothingListens = ports[2];
		try (ServiceProcess api = ServiceProcess.launch(Service.API, ports[0],
				ServiceProcess.env("REDIS_URL", "redis://127.0.0.1:" + nothingListens));
				ServiceProcess web = ServiceProcess.launch(Service.WEB, ports[1],
						ServiceProcess.env("API_URL", api.baseUri().toString()))) {
			ServiceProcess.awaitAllReady(api, web);
			ChatPage page = ChatPage.open(this.chromium.driver(), web.baseUri()).awaitPolling();
			// Posted after the page's first load, so only a poll can bring it.
			ChatMessage posted = this.client.post(api.baseUri(), "bob", unique("while redis is away"));

			assertThat(page.awaitMessage("bob", posted.text()).id()).isEqualTo(posted.id());
			assertThat(page.connectionState()).isEqualTo("Checking for new messages every 3 s");
			assertThat(page.showsError()).isFalse();
			assertThat(page.contentSecurityPolicyViolations()).isEmpty();
		}
	}

	@Test
	void stoppedApiShowsAnErrorUntilItIsBackAndARestartedApisHistoryReplacesTheOld() {
		int[] ports = ServiceProcess.freePorts(2);
		ServiceProcess api = ServiceProcess.launch(Service.API, ports[0], ServiceProcess.env());
		try (ServiceProcess web = ServiceProcess.launch(Service.WEB, ports[1],
				ServiceProcess.env("API_URL", api.baseUri().toString()))) {
			ServiceProcess.awaitAllReady(api, web);
			ChatPage page = ChatPage.open(this.chromium.driver(), web.baseUri()).awaitLive();
			page.setUsername("ann");
			ChatMessage lost = this.client.post(api.baseUri(), "bob", "before the restart");
			page.awaitMessage("bob", lost.text());

			api.close();
			page.send("anyone there?");

			assertThat(page.awaitError("cannot be reached")).contains(api.baseUri().toString());
			assertThat(page.draft()).isEqualTo("anyone there?");
			assertThat(page.connectionState()).startsWith("Checking for new messages");

			// A fresh in-memory api numbers messages from 1 again, so this one reuses the id of the lost one.
			api = ServiceProcess.launch(Service.API, api.port(), ServiceProcess.env()).awaitReady();
			ChatMessage back = this.client.post(api.baseUri(), "bob", "back again");

			assertThat(page.awaitMessage("bob", back.text()).id()).isEqualTo(lost.id());
			assertThat(page.messages()).extracting(ShownMessage::text).doesNotContain(lost.text());
			assertThat(page.showsError()).isFalse();
		}
		finally {
			api.close();
		}
	}

}
