package dev.synergychat.crawler.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.synergychat.crawler.CrawlerProperties;
import dev.synergychat.support.redis.RedisClientSetup;
import dev.synergychat.support.storage.WritableDirectory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that decides where crawl results live: Redis when {@code REDIS_URL} is set (shared by every
 * replica), else a directory when {@code CRAWLER_DB_PATH} is set (survives restarts of one replica), else memory
 * (the original's default, and the fallback when the directory cannot be written). Without {@code REDIS_URL} no
 * Redis connection factory, template or Redis health indicator exists.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(StoreConfiguration.class);

	/** {@code REDIS_URL} maps to this property with an empty default, so "set" means "not blank". */
	private static final String REDIS_URL_SET = "!'${synergychat.crawler.redis.url:}'.isBlank()";

	/** Crawling should resume soon after Redis is back, and asking our own Redis costs nothing. */
	private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

	@Bean
	CrawlStore crawlStore(CrawlerProperties properties, JsonMapper json, ObjectProvider<StringRedisTemplate> redis) {
		CrawlStore store;
		StringRedisTemplate template = redis.getIfAvailable();
		String url = properties.redis().url();
		if (template != null && url != null) {
			store = new RedisCrawlStore(template, RedisClientSetup.describe(url), json, properties.redis().keyPrefix(),
					properties.redis().claimLease());
		}
		else if (properties.dbPath() != null && writable(properties.dbPath())) {
			store = new DirectoryCrawlStore(Path.of(properties.dbPath()), json);
		}
		else {
			store = new MemoryCrawlStore();
		}
		logger.info("Crawl results are kept in {}", store.describe());
		return store;
	}

	/**
	 * A directory this process cannot write (a bind mount Docker created as root, say) must not stop the crawler:
	 * the original runs there too. It counts in memory instead and says so, with the fix, in one line.
	 */
	private static boolean writable(String dbPath) {
		return new WritableDirectory("CRAWLER_DB_PATH", dbPath, Path.of(dbPath)).problem().map((problem) -> {
			logger.error("{} Counting in memory instead: the counts are lost when the process stops.", problem);
			return false;
		}).orElse(true);
	}

	@Bean
	@ConditionalOnExpression(REDIS_URL_SET)
	LettuceConnectionFactory redisConnectionFactory(CrawlerProperties properties) {
		return RedisClientSetup.connectionFactory(Objects.requireNonNull(properties.redis().url()),
				properties.redis().timeout(), MAX_RECONNECT_DELAY);
	}

	@Bean
	@ConditionalOnExpression(REDIS_URL_SET)
	StringRedisTemplate stringRedisTemplate(LettuceConnectionFactory redis) {
		return new StringRedisTemplate(redis);
	}

	@Bean
	@ConditionalOnExpression(REDIS_URL_SET)
	RedisHealthIndicator redisHealthIndicator(LettuceConnectionFactory redis, CrawlerProperties properties) {
		return new RedisHealthIndicator(redis, RedisClientSetup.describe(Objects.requireNonNull(properties.redis().url())));
	}

}
