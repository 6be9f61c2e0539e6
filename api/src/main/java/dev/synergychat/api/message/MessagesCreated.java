package dev.synergychat.api.message;

import java.util.List;

/** Published after messages are durably stored, in id order; live streams listen for it. */
public record MessagesCreated(List<Message> messages) {
}
