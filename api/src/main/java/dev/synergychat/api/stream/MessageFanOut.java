package dev.synergychat.api.stream;

import java.util.List;

import dev.synergychat.api.message.Message;

/** Carries newly stored messages to the open streams of every replica. */
interface MessageFanOut {

	void publish(List<Message> messages);

}
