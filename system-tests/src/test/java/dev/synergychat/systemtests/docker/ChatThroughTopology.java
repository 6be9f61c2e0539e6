package dev.synergychat.systemtests.docker;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every topology must give a user, checked from the host through the topology's entry URL: the page, the
 * page's API_URL as the docs state it, a message round trip, a {@code /stats} reply that crawler counted from the
 * book server, and a message delivered over {@code /messages/stream}. Each subclass is one topology, started once
 * before its tests and removed after them, also when starting it failed half-way.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ChatThroughTopology {

	private Chat chat;

	/** Starts the topology and returns how a user reaches it, as its doc page says. */
	abstract Chat start();

	/** Removes everything {@link #start()} created, and fails if anything is left. */
	abstract void stop();

	/** The API_URL the topology's doc page gives web. */
	abstract String documentedApiUrl();

	/**
	 * Fails if a container of one of these names is left. By name, not by a prefix: other stacks on the same engine
	 * (another test run, a user's own) may have containers whose names start the same way.
	 */
	static void assertNoContainerNamed(String... names) {
		List<String> left = Commands.run("docker", "ps", "-a", "--format", "{{.Names}}").lines().toList();
		assertThat(left).as("containers left after down").doesNotContainAnyElementsOf(List.of(names));
	}

	@BeforeAll
	final void up() {
		LocalImages.build();
		this.chat = start();
		this.chat.awaitReady(Duration.ofMinutes(2));
	}

	@AfterAll
	final void down() {
		stop();
	}

	/** The topology under test, reached the way its doc page tells a user to reach it. */
	final Chat chat() {
		return this.chat;
	}

	@Test
	void pageLoadsFromTheEntryUrl() {
		String html = chat().pageHtml();

		assertThat(html).contains("<title>SynergyChat").contains("config.js");
	}

	@Test
	void pageIsGivenTheDocumentedApiUrl() {
		assertThat(chat().configuredApiUrl()).isEqualTo(documentedApiUrl());
	}

	@Test
	void postedMessageComesBackFromApi() {
		String text = "hello through " + getClass().getSimpleName() + " " + UUID.randomUUID();

		long id = chat().post("docker-it", text);

		List<Map<String, Object>> messages = chat().messages(100);
		assertThat(messages).anySatisfy((message) -> {
			assertThat(message).containsEntry("AuthorUsername", "docker-it").containsEntry("Text", text);
			assertThat(((Number) message.get("Id")).longValue()).isEqualTo(id);
		});
	}

	@Test
	void statsIsAnsweredByCrawlerBotWithCountsFromTheBookServer() {
		String reply = chat().statsReply("/stats keywords=love", Chat.BOOK_SERVER_LOVE_STATS, Duration.ofMinutes(2));

		assertThat(reply).isEqualTo(Chat.BOOK_SERVER_LOVE_STATS);
	}

	@Test
	void messageStreamDeliversAPostedMessageThroughTheEntryPoint() {
		Chat.StreamEvent event = chat().streamedMessage(Duration.ofSeconds(30));

		assertThat(event.event()).isEqualTo("message");
		assertThat(event.id()).matches("\\d+");
		assertThat(event.data()).contains("\"AuthorUsername\":\"docker-it\"").contains("\"Id\":" + event.id());
	}

	/**
	 * api believes {@code X-Forwarded-For} only from the proxy the topology puts in front of it, here none: a
	 * client that makes up a new address for every post is still refused once it passes {@code API_RATE_LIMIT} (60
	 * a minute). 130 quick posts cannot spread over more than two of api's one-minute windows, so believing the
	 * header is the only way for all of them to pass. Near the end, because it spends this client's budget.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 1)
	void forgedForwardedForDoesNotGetAClientPastApisLimit() {
		assertThat(postsBeforeApiRefusesAForger(Duration.ZERO)).as("posts accepted from made-up addresses")
			.isBetween(1, 120);
	}

	/** Posts with a new made-up X-Forwarded-For each time until api refuses one; returns how many it took. */
	final int postsBeforeApiRefusesAForger(Duration pause) {
		for (int i = 1; i <= 130; i++) {
			HttpResponse<String> response = chat().send(HttpRequest.newBuilder(chat().messages())
				.header("Content-Type", "application/json")
				.header("X-Forwarded-For", "203.0.113." + i)
				.POST(BodyPublishers.ofString("{\"AuthorUsername\":\"forger\",\"Text\":\"post " + i + "\"}"))
				.build());
			// api's refusal says when to retry; a proxy's does not.
			if (response.statusCode() == 429 && response.headers().firstValue("Retry-After").isPresent()) {
				return i - 1;
			}
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			Commands.pause(pause);
		}
		return 130;
	}

}
