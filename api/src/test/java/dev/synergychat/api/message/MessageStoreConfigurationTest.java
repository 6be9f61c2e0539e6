package dev.synergychat.api.message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.synergychat.api.ApiProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Which store the settings select: DATABASE_URL, then API_DB_FILEPATH, then memory. */
class MessageStoreConfigurationTest {

	private final MessageStoreConfiguration configuration = new MessageStoreConfiguration();

	private final JsonMapper json = JsonMapper.builder().build();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@TempDir
	Path directory;

	@Test
	void databaseUrlWinsOverTheFileAndIsDescribedWithoutItsPassword() throws Exception {
		MessageStore store = this.configuration.messageStore(
				properties("postgresql://ann:s3cret@127.0.0.1:1/chat", this.directory.resolve("m.json")), this.json,
				this.meters);
		try (PostgresMessageStore postgres = (PostgresMessageStore) store) {
			assertThat(postgres.description()).isEqualTo("PostgreSQL at 127.0.0.1:1/chat");
		}
	}

	@Test
	void filePathWinsOverMemory() {
		MessageStore store = this.configuration.messageStore(properties("", this.directory.resolve("m.json")),
				this.json, this.meters);

		assertThat(store).isInstanceOf(FileMessageStore.class);
		assertThat(store.description()).isEqualTo("file " + this.directory.resolve("m.json"));
	}

	@Test
	void withNeitherMessagesStayInMemory() {
		assertThat(this.configuration.messageStore(properties("", null), this.json, this.meters))
			.isExactlyInstanceOf(MemoryMessageStore.class);
	}

	private static ApiProperties properties(String databaseUrl, Path file) {
		return new ApiProperties(
				new ApiProperties.Storage(databaseUrl, "", "", (file != null) ? file.toString() : ""),
				new ApiProperties.Crawler("", Duration.ofSeconds(3)), new ApiProperties.Redis("", "test:"), 60,
				List.of("*"), List.of(), new ApiProperties.Stream(Duration.ofSeconds(10), 500));
	}

}
