package dev.synergychat.api.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.synergychat.support.storage.WritableDirectory;

/**
 * Keeps messages in memory and in one JSON file ({@code API_DB_FILEPATH}), read back at start. Every append rewrites
 * the whole file through a temporary file that is flushed to disk and then renamed over the old one, so a crash
 * leaves either the old file or the new one, never half of either. Fine for a single replica and a small history;
 * use PostgreSQL for anything more.
 * <p>
 * A directory this process cannot write does not stop the start: the store starts empty, every append answers 503
 * and {@link #check} (readiness) says why. Both try the directory again each time, so the store comes back by itself
 * once someone makes the volume writable.
 */
final class FileMessageStore extends MemoryMessageStore {

	private static final Logger log = LoggerFactory.getLogger(FileMessageStore.class);

	private static final TypeReference<List<Message>> MESSAGE_LIST = new TypeReference<>() {
	};

	private final Path file;

	private final JsonMapper json;

	private final WritableDirectory directory;

	private volatile boolean writable = true;

	/**
	 * @param variable the environment variable that named the file, for the messages that explain a failure
	 */
	FileMessageStore(Path file, String variable, JsonMapper json) {
		super(load(file.toAbsolutePath(), json));
		this.file = file.toAbsolutePath();
		this.json = json;
		this.directory = new WritableDirectory(variable, file.toString(), this.file.getParent());
	}

	/**
	 * Checks once at start that the file's directory can be written.
	 * @return why it cannot, with the fix, or empty when it can
	 */
	Optional<String> startProblem() {
		Optional<String> problem = this.directory.problem();
		this.writable = problem.isEmpty();
		return problem;
	}

	@Override
	void persist(List<Message> all) {
		try {
			write(all);
		}
		catch (IOException | UncheckedIOException ex) {
			throw new MessageStoreUnavailableException(
					this.directory.problem().orElse("cannot write " + this.file + ": " + ex.getMessage()), ex);
		}
		recovered();
	}

	@Override
	public String description() {
		return "file " + this.file;
	}

	@Override
	public void check() {
		Optional<String> problem = this.directory.problem();
		if (problem.isPresent()) {
			this.writable = false;
			throw new MessageStoreUnavailableException(problem.get(), null);
		}
		recovered();
	}

	private void recovered() {
		if (!this.writable) {
			this.writable = true;
			log.info("{} can be written now; messages are stored there again", this.file);
		}
	}

	private static List<Message> load(Path file, JsonMapper json) {
		try {
			// A file that is not there (its directory may not even exist yet, or not be ours) means no history.
			if (!Files.exists(file) || Files.size(file) == 0) {
				return List.of();
			}
			return json.readValue(file.toFile(), MESSAGE_LIST);
		}
		catch (IOException | JacksonException ex) {
			// Starting empty would overwrite the file on the next post, so a file we cannot read stops the start.
			throw new IllegalStateException("cannot read the message file " + file + ": " + ex.getMessage(), ex);
		}
	}

	private void write(List<Message> all) throws IOException {
		Path directory = this.file.getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, this.file.getFileName().toString(), ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				ByteBuffer bytes = ByteBuffer.wrap(this.json.writeValueAsBytes(all));
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			Files.move(temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
		// The rename itself is only durable once the directory entry is on disk.
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

}
