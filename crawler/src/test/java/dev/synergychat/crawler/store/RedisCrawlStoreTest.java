package dev.synergychat.crawler.store;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.synergychat.crawler.support.TestRedis;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two replicas' stores on one real Redis, sharing a key prefix of their own. */
class RedisCrawlStoreTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final URI FIRST = URI.create("https://books.example/books/");

	private final String prefix = TestRedis.uniquePrefix();

	private final LettuceConnectionFactory connection = TestRedis.connect();

	private final StringRedisTemplate template = new StringRedisTemplate(this.connection);

	private final RedisCrawlStore one = new RedisCrawlStore(this.template, "test Redis", json, this.prefix,
			Duration.ofMillis(300));

	private final RedisCrawlStore two = new RedisCrawlStore(this.template, "test Redis", json, this.prefix,
			Duration.ofMillis(300));

	@AfterEach
	void cleanUp() {
		this.connection.destroy();
		TestRedis.deleteKeys(this.prefix);
	}

	@Test
	void letsOnlyOneReplicaClaimABookUntilItsLeaseExpires() {
		assertThat(this.one.claim(1)).isTrue();
		assertThat(this.two.claim(1)).isFalse();

		await().atMost(Duration.ofSeconds(3)).until(() -> this.two.claim(1));
		assertThat(this.one.claim(1)).isFalse();
	}

	@Test
	void storesCountsOnceAndNeverLetsASettledBookBeClaimedAgain() {
		this.one.claim(84);
		this.one.save(new BookCounts(84, "Frankenstein", Map.of("fear", 30L)));

		assertThat(this.two.claim(84)).isFalse();
		assertThat(this.two.settled(List.of(84L, 85L))).containsExactly(84L);
		assertThat(this.two.all()).containsExactly(new BookCounts(84, "Frankenstein", Map.of("fear", 30L)));
	}

	@Test
	void discardsCountsFromAReplicaWhoseBookWasTakenOverAfterItsLeaseExpired() {
		this.one.claim(7);
		await().atMost(Duration.ofSeconds(3)).until(() -> this.two.claim(7));

		this.one.save(new BookCounts(7, "Late", Map.of("joy", 1L)));

		assertThat(this.two.all()).isEmpty();
		this.two.save(new BookCounts(7, "Late", Map.of("joy", 2L)));
		assertThat(this.one.all()).containsExactly(new BookCounts(7, "Late", Map.of("joy", 2L)));
	}

	@Test
	void sharesTheCursorAndMovesItOnlyFromWhereItIs() {
		Cursor start = this.one.cursorOr(Cursor.start(FIRST));
		assertThat(this.two.cursorOr(new Cursor(1, URI.create("https://elsewhere.example/"), Instant.EPOCH)))
			.isEqualTo(start);
		Cursor second = new Cursor(1, URI.create("https://books.example/books/?page=2"), Instant.EPOCH);

		assertThat(this.one.advance(start, second)).isTrue();
		assertThat(this.two.advance(start, second)).as("already moved by the other replica").isFalse();
		assertThat(this.two.cursorOr(Cursor.start(FIRST))).isEqualTo(second);
	}

	@Test
	void forgetsGivenUpBooksWhenANewPassStarts() {
		Cursor start = this.one.cursorOr(Cursor.start(FIRST));
		this.one.claim(9);
		this.one.giveUp(9);
		assertThat(this.two.claim(9)).isFalse();

		Cursor nextPass = new Cursor(2, FIRST, Instant.ofEpochMilli(Instant.now().toEpochMilli()));
		assertThat(this.two.advance(start, nextPass)).isTrue();

		assertThat(this.two.claim(9)).isTrue();
		assertThat(this.one.cursorOr(Cursor.start(FIRST))).isEqualTo(nextPass);
	}

	@Test
	void releasesAClaimSoAnotherReplicaCanTakeTheBookAtOnce() {
		this.one.claim(3);
		this.two.release(3);
		assertThat(this.two.claim(3)).as("only the owner can release").isFalse();

		this.one.release(3);

		assertThat(this.two.claim(3)).isTrue();
	}

}
