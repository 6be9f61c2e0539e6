/**
 * Chat messages: the HTTP endpoints, the rules a new message must follow, and where messages are kept. The
 * {@link dev.synergychat.api.message.MessageStore} interface has one implementation per storage (memory, JSON file,
 * PostgreSQL), chosen in {@link dev.synergychat.api.message.MessageStoreConfiguration}. The newest page is kept in
 * memory by {@link dev.synergychat.api.message.NewestPage}, which the stream's fan-out keeps current.
 */
@NullMarked
package dev.synergychat.api.message;

import org.jspecify.annotations.NullMarked;
