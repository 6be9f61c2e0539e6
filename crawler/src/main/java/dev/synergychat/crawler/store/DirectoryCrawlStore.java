package dev.synergychat.crawler.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps counts and the cursor as JSON files under {@code CRAWLER_DB_PATH} so a restarted crawler keeps its
 * results and continues where it stopped. One file per book keeps each write small; every file is written to a
 * temporary name and renamed, so a crash never leaves a half-written file behind. Reads are served from memory.
 * Books given up are remembered only in memory: after a restart they are simply tried again.
 */
class DirectoryCrawlStore implements CrawlStore {

	private static final String CURSOR_FILE = "cursor.json";

	private static final String BOOKS_DIRECTORY = "books";

	private final Path root;

	private final Path books;

	private final JsonMapper json;

	private final MemoryCrawlStore memory = new MemoryCrawlStore();

	DirectoryCrawlStore(Path root, JsonMapper json) {
		this.root = root;
		this.books = root.resolve(BOOKS_DIRECTORY);
		this.json = json;
		try {
			Files.createDirectories(this.books);
			load();
		}
		catch (IOException | JacksonException ex) {
			throw new IllegalStateException("cannot use " + root + " as the crawl directory: " + ex.getMessage(), ex);
		}
	}

	@Override
	public synchronized Cursor cursorOr(Cursor initial) {
		Cursor before = this.memory.cursor();
		Cursor cursor = this.memory.cursorOr(initial);
		if (before == null) {
			write(this.root.resolve(CURSOR_FILE), cursor);
		}
		return cursor;
	}

	@Override
	public synchronized boolean advance(Cursor expected, Cursor next) {
		if (!expected.equals(this.memory.cursor())) {
			return false;
		}
		write(this.root.resolve(CURSOR_FILE), next);
		return this.memory.advance(expected, next);
	}

	@Override
	public synchronized boolean claim(long bookId) {
		return this.memory.claim(bookId);
	}

	@Override
	public synchronized void save(BookCounts counts) {
		write(this.books.resolve(counts.id() + ".json"), counts);
		this.memory.save(counts);
	}

	@Override
	public synchronized void giveUp(long bookId) {
		this.memory.giveUp(bookId);
	}

	@Override
	public void release(long bookId) {
		this.memory.release(bookId);
	}

	@Override
	public synchronized Set<Long> settled(Collection<Long> bookIds) {
		return this.memory.settled(bookIds);
	}

	@Override
	public synchronized List<BookCounts> all() {
		return this.memory.all();
	}

	@Override
	public String describe() {
		return "the directory " + this.root;
	}

	private void load() throws IOException {
		Path cursorFile = this.root.resolve(CURSOR_FILE);
		if (Files.exists(cursorFile)) {
			this.memory.cursorOr(this.json.readValue(cursorFile.toFile(), Cursor.class));
		}
		try (Stream<Path> files = Files.list(this.books)) {
			for (Path file : files.filter(DirectoryCrawlStore::isBookFile).toList()) {
				this.memory.save(this.json.readValue(file.toFile(), BookCounts.class));
			}
		}
	}

	private static boolean isBookFile(Path file) {
		return file.getFileName().toString().endsWith(".json");
	}

	private void write(Path target, Object value) {
		Path temporary = null;
		try {
			// A name of its own for every write: two crawlers sharing the directory (two containers of one pod on
			// an emptyDir) may write the same file at once, and a shared temporary name would mix their writes.
			temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
			Files.write(temporary, this.json.writeValueAsBytes(value));
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("cannot write " + target + ": " + ex.getMessage(), ex);
		}
		finally {
			deleteQuietly(temporary);
		}
	}

	/** Removes what a failed write left; after a successful move there is nothing left to remove. */
	private static void deleteQuietly(Path temporary) {
		if (temporary == null) {
			return;
		}
		try {
			Files.deleteIfExists(temporary);
		}
		catch (IOException ex) {
			// The write already failed or succeeded for a reason that matters more; a stray .tmp file is ignored
			// at start.
		}
	}

}
