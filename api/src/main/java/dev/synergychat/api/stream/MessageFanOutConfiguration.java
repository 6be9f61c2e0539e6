package dev.synergychat.api.stream;

import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.synergychat.api.message.MessagesCreated;
import dev.synergychat.api.message.NewestPage;
import dev.synergychat.api.redis.RedisLink;

/**
 * Chooses how new messages reach the streams (Redis when configured), and hands every stored message to it. Through
 * Redis, other replicas' messages also keep this replica's {@link NewestPage} current; without it, this replica's
 * own appends are all there is, and the page takes those itself.
 */
@Configuration(proxyBeanMethods = false)
class MessageFanOutConfiguration {

	@Bean
	MessageFanOut messageFanOut(Optional<RedisLink> redis, MessageStreams streams, NewestPage newestPage,
			FanOutCheck check, JsonMapper json) {
		return redis.<MessageFanOut>map((link) -> new RedisMessageFanOut(link, streams, newestPage, check, json))
			.orElseGet(() -> new LocalMessageFanOut(streams));
	}

	@Bean
	FanOutOnCreate fanOutOnCreate(MessageFanOut fanOut) {
		return new FanOutOnCreate(fanOut);
	}

	record FanOutOnCreate(MessageFanOut fanOut) {

		@EventListener
		void onCreated(MessagesCreated created) {
			this.fanOut.publish(created.messages());
		}

	}

}
