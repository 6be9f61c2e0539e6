package dev.synergychat.crawler.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryCrawlStoreTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final URI FIRST = URI.create("https://books.example/books/");

	@TempDir
	Path directory;

	@Test
	void keepsCountsAndCursorAcrossARestart() {
		DirectoryCrawlStore before = new DirectoryCrawlStore(this.directory.resolve("nested/crawl"), json);
		Cursor start = before.cursorOr(Cursor.start(FIRST));
		before.save(new BookCounts(84, "Frankenstein", Map.of("love", 40L, "fear", 30L)));
		Cursor second = new Cursor(1, URI.create("https://books.example/books/?page=2"), Instant.EPOCH);
		assertThat(before.advance(start, second)).isTrue();

		DirectoryCrawlStore after = new DirectoryCrawlStore(this.directory.resolve("nested/crawl"), json);

		assertThat(after.all()).containsExactly(new BookCounts(84, "Frankenstein", Map.of("love", 40L, "fear", 30L)));
		assertThat(after.cursorOr(Cursor.start(FIRST))).isEqualTo(second);
		assertThat(after.claim(84)).isFalse();
		assertThat(after.settled(List.of(84L, 85L))).containsExactly(84L);
	}

	@Test
	void leavesNoTemporaryFilesBehind() throws IOException {
		DirectoryCrawlStore store = new DirectoryCrawlStore(this.directory, json);
		store.cursorOr(Cursor.start(FIRST));
		store.save(new BookCounts(1, "One", Map.of("joy", 1L)));
		store.save(new BookCounts(1, "One", Map.of("joy", 2L)));

		try (Stream<Path> files = Files.walk(this.directory)) {
			assertThat(files.filter(Files::isRegularFile).map(file -> this.directory.relativize(file).toString()))
				.containsExactlyInAnyOrder("cursor.json", "books/1.json");
		}
	}

	@Test
	void twoStoresWritingTheSameFilesAtOnceNeitherFailsNorLeaveTemporaryFiles() throws Exception {
		DirectoryCrawlStore one = new DirectoryCrawlStore(this.directory, json);
		DirectoryCrawlStore other = new DirectoryCrawlStore(this.directory, json);
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			List<Future<?>> writers = List.of(threads.submit(() -> saveMany(one)), threads.submit(() -> saveMany(other)));
			for (Future<?> writer : writers) {
				writer.get(30, TimeUnit.SECONDS);
			}
		}

		try (Stream<Path> files = Files.walk(this.directory)) {
			assertThat(files.filter(Files::isRegularFile).map(file -> this.directory.relativize(file).toString()))
				.containsExactlyInAnyOrder("books/1.json", "books/2.json");
		}
		assertThat(new DirectoryCrawlStore(this.directory, json).all()).extracting(BookCounts::id)
			.containsExactlyInAnyOrder(1L, 2L);
	}

	private static void saveMany(DirectoryCrawlStore store) {
		for (long i = 0; i < 500; i++) {
			store.save(new BookCounts(1 + i % 2, "Book", Map.of("joy", i)));
		}
	}

	@Test
	void movesTheCursorOnlyFromTheExpectedPositionAndForgetsGivenUpBooksOnANewPass() {
		DirectoryCrawlStore store = new DirectoryCrawlStore(this.directory, json);
		Cursor start = store.cursorOr(Cursor.start(FIRST));
		store.giveUp(7);
		Cursor stale = new Cursor(1, URI.create("https://books.example/books/?page=9"), Instant.EPOCH);
		Cursor nextPass = new Cursor(2, FIRST, Instant.EPOCH);

		assertThat(store.advance(stale, nextPass)).isFalse();
		assertThat(store.settled(List.of(7L))).containsExactly(7L);
		assertThat(store.advance(start, nextPass)).isTrue();
		assertThat(store.settled(List.of(7L))).isEmpty();
		assertThat(store.claim(7)).isTrue();
	}

}
