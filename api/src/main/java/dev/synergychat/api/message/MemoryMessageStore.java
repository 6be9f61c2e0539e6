package dev.synergychat.api.message;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keeps messages in this process only, like the original service with no file configured. Subclasses may also
 * {@link #persist} every state; an append they cannot persist is undone.
 */
class MemoryMessageStore implements MessageStore {

	private final MessageList messages;

	MemoryMessageStore() {
		this(List.of());
	}

	MemoryMessageStore(List<Message> initial) {
		this.messages = new MessageList(initial);
	}

	@Override
	public synchronized Appended append(List<MessageDraft> drafts, int pageLimit) {
		List<Message> added = this.messages.add(drafts);
		try {
			persist(this.messages.all());
		}
		catch (MessageStoreUnavailableException ex) {
			this.messages.remove(added);
			throw ex;
		}
		return new Appended(added, this.messages.page(pageLimit, null));
	}

	/**
	 * Called with every message after each append, under the store's lock.
	 * @throws MessageStoreUnavailableException when the new state cannot be kept
	 */
	void persist(List<Message> all) {
	}

	@Override
	public synchronized List<Message> page(int limit, @Nullable Long before) {
		return this.messages.page(limit, before);
	}

	@Override
	public synchronized List<Message> after(long id, int limit) {
		return this.messages.after(id, limit);
	}

	@Override
	public String description() {
		return "memory (messages are lost when the process stops)";
	}

	@Override
	public void check() {
	}

}
