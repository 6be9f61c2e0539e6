package dev.synergychat.api.message;

import java.util.List;

/**
 * Published after messages are durably stored, in id order; live streams listen for it.
 *
 * @param messages the messages stored, oldest first
 * @param newestAfter the newest messages of the store as the append read them in the same statement, oldest first:
 * every message committed before the append began from the oldest one here up, and {@code messages}. An Id missing in
 * between was not committed then (it is still on its way from another replica, or it was rolled back).
 */
public record MessagesCreated(List<Message> messages, List<Message> newestAfter) {
}
