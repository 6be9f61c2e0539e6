package dev.synergychat.api.message;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryMessageStoreTest {

	private static final Instant NOW = Instant.parse("2026-11-22T03:15:00.123Z");

	private final MemoryMessageStore store = new MemoryMessageStore();

	@Test
	void appendAssignsIncreasingIdsAndReturnsTheNewestPageOldestFirst() {
		this.store.append(drafts("a", "b", "c"), 100);

		Appended appended = this.store.append(drafts("d"), 2);

		assertThat(appended.stored()).containsExactly(new Message(4, "ann", "d", NOW));
		assertThat(appended.page()).extracting(Message::text).containsExactly("c", "d");
	}

	@Test
	void pageBeforeAnIdReturnsTheOlderMessagesOldestFirst() {
		this.store.append(drafts(IntStream.rangeClosed(1, 10).mapToObj(Integer::toString).toArray(String[]::new)),
				1);

		assertThat(this.store.page(3, 8L)).extracting(Message::id).containsExactly(5L, 6L, 7L);
		assertThat(this.store.page(3, 2L)).extracting(Message::id).containsExactly(1L);
		assertThat(this.store.page(3, 1L)).isEmpty();
		assertThat(this.store.page(3, null)).extracting(Message::id).containsExactly(8L, 9L, 10L);
	}

	@Test
	void afterReturnsTheMissedMessagesUpToTheLimit() {
		this.store.append(drafts("a", "b", "c", "d"), 1);

		assertThat(this.store.after(1, 2)).extracting(Message::text).containsExactly("b", "c");
		assertThat(this.store.after(4, 2)).isEmpty();
		assertThat(this.store.after(0, 10)).hasSize(4);
	}

	static List<MessageDraft> drafts(String... texts) {
		return Arrays.stream(texts).map((text) -> new MessageDraft("ann", text, NOW)).toList();
	}

}
