package dev.synergychat.api.message;

import java.util.List;

/**
 * What an append returns: the messages just stored, and the newest page read in the same step so the page includes
 * them.
 */
public record Appended(List<Message> stored, List<Message> page) {
}
