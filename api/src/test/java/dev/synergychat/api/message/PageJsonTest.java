package dev.synergychat.api.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class PageJsonTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final PageJson pageJson = new PageJson(this.json);

	@Test
	void writesTheBytesJsonMapperWritesForTheList() {
		List<Message> page = List.of(message(1, "ann", "plain"),
				message(2, "b\"o\\b", "quotes \" and \\ and </script> and \u2028 and a tab\there"),
				message(3, "ünï", "😀 emoji and ünicode"));

		byte[] written = this.pageJson.write(page);

		assertThat(written).isEqualTo(this.json.writeValueAsBytes(page));
		assertThat(new String(written, StandardCharsets.UTF_8)).startsWith(
				"[{\"Id\":1,\"AuthorUsername\":\"ann\",\"Text\":\"plain\",\"CreatedAt\":\"2030-01-01T00:00:01.000Z\"},");
	}

	@Test
	void anEmptyPageIsAnEmptyArray() {
		assertThat(new String(this.pageJson.write(List.of()), StandardCharsets.UTF_8)).isEqualTo("[]");
	}

	@Test
	void aMessageWithAKeptIdButOtherContentIsWrittenAsItIsNow() {
		this.pageJson.write(List.of(message(7, "ann", "before the store started over")));

		List<Message> now = List.of(message(7, "bob", "after"));

		assertThat(this.pageJson.write(now)).isEqualTo(this.json.writeValueAsBytes(now));
	}

	@Test
	void pagesStayExactWhileMoreMessagesArriveThanAreKept() {
		List<Message> all = new ArrayList<>();
		for (int id = 1; id <= 3 * PageJson.KEPT; id++) {
			all.add(message(id, "ann", "message " + id));
			if (id % 50 == 0) {
				List<Message> page = all.subList(Math.max(0, all.size() - 100), all.size());
				assertThat(this.pageJson.write(page)).isEqualTo(this.json.writeValueAsBytes(page));
			}
		}
	}

	private static Message message(long id, String author, String text) {
		return new Message(id, author, text, Instant.parse("2030-01-01T00:00:00Z").plusSeconds(id));
	}

}
