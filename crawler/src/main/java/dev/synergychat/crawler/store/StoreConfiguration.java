package dev.synergychat.crawler.store;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.synergychat.crawler.CrawlerProperties;
import dev.synergychat.support.storage.WritableDirectory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that decides where crawl results live: Redis when {@code REDIS_URL} is set (shared by every
 * replica), else a directory when {@code CRAWLER_DB_PATH} is set (survives restarts of one replica), else memory
 * (the original's default, and the fallback when the directory cannot be written). Without {@code REDIS_URL} no Redis connection or Redis health indicator exists.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(StoreConfiguration.class);

	/** {@code REDIS_URL} maps to this property with an empty default, so "set" means "not blank". */
	private static final String REDIS_URL_SET = "!'${synergychat.crawler.redis.url:}'.isBlank()";

	@Bean
	CrawlStore crawlStore(CrawlerProperties properties, JsonMapper json, ObjectProvider<RedisConnection> redis) {
		CrawlStore store;
		RedisConnection connection = redis.getIfAvailable();
		if (connection != null) {
			store = new RedisCrawlStore(connection, json, properties.redis().keyPrefix(),
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
	RedisConnection redisConnection(CrawlerProperties properties) {
		return new RedisConnection(properties.redis().url(), properties.redis().timeout());
	}

	@Bean
	@ConditionalOnExpression(REDIS_URL_SET)
	RedisHealthIndicator redisHealthIndicator(RedisConnection redis) {
		return new RedisHealthIndicator(redis);
	}

}
