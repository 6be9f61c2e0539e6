package dev.synergychat.systemtests.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.synergychat.systemtests.support.ChatClient;
import dev.synergychat.systemtests.support.ChatMessage;
import dev.synergychat.systemtests.support.LightLane;
import dev.synergychat.systemtests.support.Service;
import dev.synergychat.systemtests.support.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * api with a real crawler that then goes away: its own pair of processes, because the test stops the crawler.
 */
@LightLane
class CrawlerOutageIT {

	private final ChatClient client = new ChatClient();

	private ServiceProcess crawler;

	private ServiceProcess api;

	@AfterEach
	void stopBoth() {
		if (this.api != null) {
			this.api.close();
		}
		if (this.crawler != null) {
			this.crawler.close();
		}
	}

	@Test
	void statsReplySaysTheCrawlerIsUnavailableOnceItStopsWhileApiStaysReady() {
		int[] ports = ServiceProcess.freePorts(2);
		this.crawler = ServiceProcess.launch(Service.CRAWLER, ports[0],
				ServiceProcess.env("CRAWLER_BOOKS_URL", "sample"));
		this.api = ServiceProcess.launch(Service.API, ports[1],
				ServiceProcess.env("CRAWLER_BASE_URL", this.crawler.baseUri().toString()));
		ServiceProcess.awaitAllReady(this.crawler, this.api);
		this.client.awaitSettledStats(this.crawler.baseUri(), Duration.ofSeconds(60));
		ChatMessage before = this.client.post(this.api.baseUri(), "ann", "/stats");
		assertThat(this.client.awaitReply(this.api.baseUri(), before, Duration.ofSeconds(15)).text())
			.startsWith("Found ");

		this.crawler.close();
		Instant posted = Instant.now();
		ChatMessage question = this.client.post(this.api.baseUri(), "ann", "/stats keywords=love");
		ChatMessage reply = this.client.awaitReply(this.api.baseUri(), question, Duration.ofSeconds(15));

		assertThat(Duration.between(posted, Instant.now())).isLessThan(Duration.ofSeconds(10));
		assertThat(reply.author()).isEqualTo(ChatMessage.BOT);
		assertThat(reply.text()).containsIgnoringCase("unavailable");
		List<ChatMessage> page = this.client.messages(this.api.baseUri());
		assertThat(page).extracting(ChatMessage::text).contains("/stats keywords=love");
		assertThat(this.client.get(this.api.uri("/health/ready")).statusCode()).isEqualTo(200);
		assertThat(ChatClient.readObject(this.client.get(this.api.uri("/health/ready")).body()))
			.containsEntry("status", "UP");
	}

}
