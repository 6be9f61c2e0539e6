package dev.synergychat.api.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static dev.synergychat.api.message.MemoryMessageStoreTest.drafts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

class FileMessageStoreTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void missingDirectoriesAreCreated() {
		Path file = this.directory.resolve("a/b/messages.json");

		new FileMessageStore(file, "API_DB_FILEPATH", this.json).append(drafts("hi"), 10);

		assertThat(file).isRegularFile();
	}

	@Test
	void messagesSurviveARestartWithTheirIdsAndNewIdsContinue() {
		Path file = this.directory.resolve("messages.json");
		new FileMessageStore(file, "API_DB_FILEPATH", this.json).append(drafts("one", "two 😀 <b>"), 10);

		FileMessageStore restarted = new FileMessageStore(file, "API_DB_FILEPATH", this.json);
		Appended appended = restarted.append(drafts("three"), 10);

		assertThat(appended.page()).extracting(Message::id, Message::text)
			.containsExactly(tuple(1L, "one"),
					tuple(2L, "two 😀 <b>"),
					tuple(3L, "three"));
		assertThat(appended.page().getFirst().createdAt()).isEqualTo(drafts("x").getFirst().createdAt());
	}

	@Test
	void everyWriteReplacesTheFileByRenameAndLeavesNoTemporaryFile() throws IOException {
		Path file = this.directory.resolve("messages.json");
		FileMessageStore store = new FileMessageStore(file, "API_DB_FILEPATH", this.json);
		store.append(drafts("one"), 10);
		Object inodeBefore = Files.getAttribute(file, "unix:ino");

		store.append(drafts("two"), 10);

		assertThat(Files.getAttribute(file, "unix:ino")).isNotEqualTo(inodeBefore);
		try (Stream<Path> files = Files.list(this.directory)) {
			assertThat(files).containsExactly(file);
		}
	}

	@Test
	void aTemporaryFileLeftByACrashIsIgnoredAtStart() throws IOException {
		Path file = this.directory.resolve("messages.json");
		new FileMessageStore(file, "API_DB_FILEPATH", this.json).append(drafts("kept"), 10);
		Files.writeString(this.directory.resolve("messages.json12345.tmp"), "[{\"Id\":2,\"Auth");

		FileMessageStore restarted = new FileMessageStore(file, "API_DB_FILEPATH", this.json);

		assertThat(restarted.page(10, null)).extracting(Message::text).containsExactly("kept");
	}

	@Test
	void anAppendThatCannotBeWrittenIsNotKeptAndIsReportedAsUnavailable() throws IOException {
		Path subdirectory = this.directory.resolve("data");
		FileMessageStore store = new FileMessageStore(subdirectory.resolve("messages.json"), "API_DB_FILEPATH", this.json);
		store.append(drafts("kept"), 10);
		deleteRecursively(subdirectory);
		Files.writeString(subdirectory, "a file where the directory was");

		assertThatExceptionOfType(MessageStoreUnavailableException.class)
			.isThrownBy(() -> store.append(drafts("lost"), 10));
		assertThat(store.page(10, null)).extracting(Message::text).containsExactly("kept");
		assertThat(store.after(1, 10)).isEmpty();
	}

	@Test
	void anUnreadableFileStopsTheStartInsteadOfBeingOverwritten() throws IOException {
		Path file = this.directory.resolve("messages.json");
		Files.writeString(file, "not json");

		assertThatIllegalStateException().isThrownBy(() -> new FileMessageStore(file, "API_DB_FILEPATH", this.json))
			.withMessageContaining("cannot read the message file");
		assertThat(file).hasContent("not json");
	}

	private static void deleteRecursively(Path path) throws IOException {
		try (Stream<Path> files = Files.walk(path)) {
			for (Path each : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(each);
			}
		}
	}

}
