package dev.synergychat.crawler.store;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * Crawl results shared by every replica through Redis. Keys, all under the configured prefix:
 * <ul>
 * <li>{@code cursor}: the page being worked on, as {@code pass|notBefore-millis|page-url};</li>
 * <li>{@code books}: a hash from book id to its counts as JSON;</li>
 * <li>{@code given-up}: the ids given up in the current pass;</li>
 * <li>{@code claim:<id>}: the replica working on a book, with a lease (expiry) so that the book is freed if
 * that replica dies.</li>
 * </ul>
 * Every check-and-change is one Lua script, so two replicas can never both claim a book or both move the
 * cursor.
 */
class RedisCrawlStore implements CrawlStore {

	private static final Logger logger = LoggerFactory.getLogger(RedisCrawlStore.class);

	private static final String CURSOR_OR = """
			local cursor = redis.call('GET', KEYS[1])
			if cursor then return cursor end
			redis.call('SET', KEYS[1], ARGV[1])
			return ARGV[1]""";

	private static final String ADVANCE = """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			redis.call('SET', KEYS[1], ARGV[2])
			if ARGV[3] == '1' then redis.call('DEL', KEYS[2]) end
			return 1""";

	private static final String CLAIM = """
			if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
			  return 0
			end
			if redis.call('SET', KEYS[3], ARGV[2], 'NX', 'PX', ARGV[3]) then return 1 end
			return 0""";

	/** Stores counts unless another replica took the book over after this one's lease ran out. */
	private static final String SAVE = """
			local holder = redis.call('GET', KEYS[2])
			if holder and holder ~= ARGV[2] then return 0 end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
			redis.call('DEL', KEYS[2])
			return 1""";

	private static final String GIVE_UP = """
			local holder = redis.call('GET', KEYS[2])
			if holder and holder ~= ARGV[2] then return 0 end
			redis.call('SADD', KEYS[1], ARGV[1])
			redis.call('DEL', KEYS[2])
			return 1""";

	private static final String RELEASE = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0""";

	private static final String SETTLED = """
			local settled = {}
			for _, id in ipairs(ARGV) do
			  if redis.call('HEXISTS', KEYS[1], id) == 1 or redis.call('SISMEMBER', KEYS[2], id) == 1 then
			    settled[#settled + 1] = id
			  end
			end
			return settled""";

	private final RedisConnection redis;

	private final JsonMapper json;

	private final String prefix;

	private final Duration claimLease;

	/** Names this replica in claims; random, so a restarted replica never mistakes an old claim for its own. */
	private final String owner = "crawler-" + UUID.randomUUID();

	RedisCrawlStore(RedisConnection redis, JsonMapper json, String prefix, Duration claimLease) {
		this.redis = redis;
		this.json = json;
		this.prefix = prefix;
		this.claimLease = claimLease;
	}

	@Override
	public Cursor cursorOr(Cursor initial) {
		String stored = this.redis.execute(redis -> redis.eval(CURSOR_OR, ScriptOutputType.VALUE, keys("cursor"),
				encode(initial)));
		return decode(stored);
	}

	@Override
	public boolean advance(Cursor expected, Cursor next) {
		String newPass = next.pass() != expected.pass() ? "1" : "0";
		Long moved = this.redis.execute(redis -> redis.eval(ADVANCE, ScriptOutputType.INTEGER,
				keys("cursor", "given-up"), encode(expected), encode(next), newPass));
		return moved == 1;
	}

	@Override
	public boolean claim(long bookId) {
		Long claimed = this.redis.execute(redis -> redis.eval(CLAIM, ScriptOutputType.INTEGER,
				keys("books", "given-up", claimKey(bookId)), Long.toString(bookId), this.owner,
				Long.toString(this.claimLease.toMillis())));
		return claimed == 1;
	}

	@Override
	public void save(BookCounts counts) {
		String value = this.json.writeValueAsString(counts);
		settle(SAVE, "books", counts.id(), value);
	}

	@Override
	public void giveUp(long bookId) {
		settle(GIVE_UP, "given-up", bookId);
	}

	@Override
	public void release(long bookId) {
		this.redis.execute(redis -> redis.eval(RELEASE, ScriptOutputType.INTEGER, keys(claimKey(bookId)), this.owner));
	}

	@Override
	public Set<Long> settled(Collection<Long> bookIds) {
		if (bookIds.isEmpty()) {
			return Set.of();
		}
		String[] ids = bookIds.stream().map(String::valueOf).toArray(String[]::new);
		List<Object> settled = this.redis.execute(redis -> redis.eval(SETTLED, ScriptOutputType.MULTI,
				keys("books", "given-up"), ids));
		return settled.stream().map(id -> Long.valueOf(id.toString())).collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public List<BookCounts> all() {
		List<String> values = this.redis.execute(redis -> redis.hvals(this.prefix + "books"));
		return values.stream().map(value -> this.json.readValue(value, BookCounts.class)).toList();
	}

	@Override
	public String describe() {
		return this.redis.describe() + " under the key prefix \"" + this.prefix + "\"";
	}

	private void settle(String script, String target, long bookId, String... values) {
		String[] arguments = new String[2 + values.length];
		arguments[0] = Long.toString(bookId);
		arguments[1] = this.owner;
		System.arraycopy(values, 0, arguments, 2, values.length);
		Long settled = this.redis.execute(
				redis -> redis.eval(script, ScriptOutputType.INTEGER, keys(target, claimKey(bookId)), arguments));
		if (settled == 0) {
			logger.info("Book {} was taken over by another replica after this one's claim expired; "
					+ "leaving it to that replica", bookId);
		}
	}

	private static String claimKey(long bookId) {
		return "claim:" + bookId;
	}

	private String[] keys(String... names) {
		String[] keys = new String[names.length];
		for (int i = 0; i < names.length; i++) {
			keys[i] = this.prefix + names[i];
		}
		return keys;
	}

	private static String encode(Cursor cursor) {
		return cursor.pass() + "|" + cursor.notBefore().toEpochMilli() + "|" + cursor.page();
	}

	private static Cursor decode(String stored) {
		String[] parts = stored.split("\\|", 3);
		return new Cursor(Long.parseLong(parts[0]), URI.create(parts[2]), Instant.ofEpochMilli(Long.parseLong(parts[1])));
	}

}
