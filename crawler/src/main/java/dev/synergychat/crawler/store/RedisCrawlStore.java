package dev.synergychat.crawler.store;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

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
 * cursor. The scripts are sent by their SHA ({@code EVALSHA}), and in full only when Redis does not know them yet.
 * Every Redis failure becomes a {@link StoreUnavailableException}.
 */
class RedisCrawlStore implements CrawlStore {

	private static final Logger logger = LoggerFactory.getLogger(RedisCrawlStore.class);

	private static final RedisScript<String> CURSOR_OR = RedisScript.of("""
			local cursor = redis.call('GET', KEYS[1])
			if cursor then return cursor end
			redis.call('SET', KEYS[1], ARGV[1])
			return ARGV[1]""", String.class);

	private static final RedisScript<Long> ADVANCE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			redis.call('SET', KEYS[1], ARGV[2])
			if ARGV[3] == '1' then redis.call('DEL', KEYS[2]) end
			return 1""", Long.class);

	private static final RedisScript<Long> CLAIM = RedisScript.of("""
			if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
			  return 0
			end
			if redis.call('SET', KEYS[3], ARGV[2], 'NX', 'PX', ARGV[3]) then return 1 end
			return 0""", Long.class);

	/** Stores counts unless another replica took the book over after this one's lease ran out. */
	private static final RedisScript<Long> SAVE = RedisScript.of("""
			local holder = redis.call('GET', KEYS[2])
			if holder and holder ~= ARGV[2] then return 0 end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
			redis.call('DEL', KEYS[2])
			return 1""", Long.class);

	private static final RedisScript<Long> GIVE_UP = RedisScript.of("""
			local holder = redis.call('GET', KEYS[2])
			if holder and holder ~= ARGV[2] then return 0 end
			redis.call('SADD', KEYS[1], ARGV[1])
			redis.call('DEL', KEYS[2])
			return 1""", Long.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0""", Long.class);

	/** Raw because Java has no class literal for {@code List<String>}; the ids come back as strings. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> SETTLED = RedisScript.of("""
			local settled = {}
			for _, id in ipairs(ARGV) do
			  if redis.call('HEXISTS', KEYS[1], id) == 1 or redis.call('SISMEMBER', KEYS[2], id) == 1 then
			    settled[#settled + 1] = id
			  end
			end
			return settled""", List.class);

	private final StringRedisTemplate redis;

	private final String description;

	private final JsonMapper json;

	private final String prefix;

	private final Duration claimLease;

	/** Names this replica in claims; random, so a restarted replica never mistakes an old claim for its own. */
	private final String owner = "crawler-" + UUID.randomUUID();

	RedisCrawlStore(StringRedisTemplate redis, String description, JsonMapper json, String prefix,
			Duration claimLease) {
		this.redis = redis;
		this.description = description;
		this.json = json;
		this.prefix = prefix;
		this.claimLease = claimLease;
	}

	@Override
	public Cursor cursorOr(Cursor initial) {
		return decode(run(CURSOR_OR, keys("cursor"), encode(initial)));
	}

	@Override
	public boolean advance(Cursor expected, Cursor next) {
		String newPass = next.pass() != expected.pass() ? "1" : "0";
		return run(ADVANCE, keys("cursor", "given-up"), encode(expected), encode(next), newPass) == 1;
	}

	@Override
	public boolean claim(long bookId) {
		return run(CLAIM, keys("books", "given-up", claimKey(bookId)), Long.toString(bookId), this.owner,
				Long.toString(this.claimLease.toMillis())) == 1;
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
		run(RELEASE, keys(claimKey(bookId)), this.owner);
	}

	@Override
	public Set<Long> settled(Collection<Long> bookIds) {
		if (bookIds.isEmpty()) {
			return Set.of();
		}
		Object[] ids = bookIds.stream().map(String::valueOf).toArray();
		List<?> settled = run(SETTLED, keys("books", "given-up"), ids);
		return settled.stream().map(id -> Long.valueOf(id.toString())).collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public List<BookCounts> all() {
		List<Object> values = unavailableAs(() -> this.redis.opsForHash().values(this.prefix + "books"));
		return values.stream().map(value -> this.json.readValue(value.toString(), BookCounts.class)).toList();
	}

	@Override
	public String describe() {
		return this.description + " under the key prefix \"" + this.prefix + "\"";
	}

	private void settle(RedisScript<Long> script, String target, long bookId, String... values) {
		Object[] arguments = new Object[2 + values.length];
		arguments[0] = Long.toString(bookId);
		arguments[1] = this.owner;
		System.arraycopy(values, 0, arguments, 2, values.length);
		if (run(script, keys(target, claimKey(bookId)), arguments) == 0) {
			logger.info("Book {} was taken over by another replica after this one's claim expired; "
					+ "leaving it to that replica", bookId);
		}
	}

	private <T> T run(RedisScript<T> script, List<String> keys, Object... arguments) {
		T result = unavailableAs(() -> this.redis.execute(script, keys, arguments));
		if (result == null) {
			throw new StoreUnavailableException(this.description + " answered nothing to a script", null);
		}
		return result;
	}

	/** Runs {@code command}; any Redis failure becomes a {@link StoreUnavailableException}. */
	private <T> T unavailableAs(Supplier<T> command) {
		try {
			return command.get();
		}
		catch (DataAccessException ex) {
			throw new StoreUnavailableException(this.description + " is unavailable: " + ex.getMessage(), ex);
		}
	}

	private static String claimKey(long bookId) {
		return "claim:" + bookId;
	}

	private List<String> keys(String... names) {
		return Arrays.stream(names).map(name -> this.prefix + name).toList();
	}

	private static String encode(Cursor cursor) {
		return cursor.pass() + "|" + cursor.notBefore().toEpochMilli() + "|" + cursor.page();
	}

	private static Cursor decode(String stored) {
		String[] parts = stored.split("\\|", 3);
		return new Cursor(Long.parseLong(parts[0]), URI.create(parts[2]), Instant.ofEpochMilli(Long.parseLong(parts[1])));
	}

}
