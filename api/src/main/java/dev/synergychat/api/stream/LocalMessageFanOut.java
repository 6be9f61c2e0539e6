package dev.synergychat.api.stream;

import java.util.List;

import dev.synergychat.api.message.Message;

/** Without Redis there is only this replica's streams to reach. */
final class LocalMessageFanOut implements MessageFanOut {

	private final MessageStreams streams;

	LocalMessageFanOut(MessageStreams streams) {
		this.streams = streams;
	}

	@Override
	public void publish(List<Message> messages) {
		this.streams.deliver(messages);
	}

}
