/**
 * Live chat: {@code GET /messages/stream} as Server-Sent Events. New messages reach every open stream through a
 * {@link dev.synergychat.api.stream.MessageFanOut}: in this process only, or through Redis pub/sub so a post to one
 * replica reaches the streams of all of them.
 */
@NullMarked
package dev.synergychat.api.stream;

import org.jspecify.annotations.NullMarked;
