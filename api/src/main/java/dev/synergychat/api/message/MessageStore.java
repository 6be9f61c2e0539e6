package dev.synergychat.api.message;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where messages are kept. Pages are always returned oldest first. Implementations are safe for concurrent use and
 * either store all drafts of one append or none of them.
 */
public interface MessageStore {

	/**
	 * Stores the drafts with increasing ids and reads the newest page.
	 * @throws MessageStoreUnavailableException when the storage cannot be written right now; nothing was stored
	 */
	Appended append(List<MessageDraft> drafts, int pageLimit);

	/** The newest {@code limit} messages whose id is below {@code before} (all messages when it is null). */
	List<Message> page(int limit, @Nullable Long before);

	/** Up to {@code limit} messages with an id above {@code id}, oldest first: what a resuming stream missed. */
	List<Message> after(long id, int limit);

	/** Which storage this is, for logs and health; never contains a password. */
	String description();

	/**
	 * Checks that the storage can be used.
	 * @throws MessageStoreUnavailableException when it cannot
	 */
	void check();

}
