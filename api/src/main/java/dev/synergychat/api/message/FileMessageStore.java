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

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps messages in memory and in one JSON file ({@code API_DB_FILEPATH}), read back at start. Every append rewrites
 * the whole file through a temporary file that is flushed to disk and then renamed over the old one, so a crash
 * leaves either the old file or the new one, never half of either. Fine for a single replica and a small history;
 * use PostgreSQL for anything more.
 */
final class FileMessageStore extends MemoryMessageStore {

	private static final TypeReference<List<Message>> MESSAGE_LIST = new TypeReference<>() {
	};

	private final Path file;

	private final JsonMapper json;

	FileMessageStore(Path file, JsonMapper json) {
		super(load(file.toAbsolutePath(), json));
		this.file = file.toAbsolutePath();
		this.json = json;
	}

	@Override
	void persist(List<Message> all) {
		try {
			write(all);
		}
		catch (IOException | UncheckedIOException ex) {
			throw new MessageStoreUnavailableException("cannot write " + this.file, ex);
		}
	}

	@Override
	public String description() {
		return "file " + this.file;
	}

	@Override
	public void check() {
		if (!Files.isWritable(this.file.getParent())) {
			throw new MessageStoreUnavailableException("directory " + this.file.getParent() + " is not writable",
					null);
		}
	}

	private static List<Message> load(Path file, JsonMapper json) {
		try {
			Files.createDirectories(file.getParent());
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
