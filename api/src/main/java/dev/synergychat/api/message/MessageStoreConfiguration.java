package dev.synergychat.api.message;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import dev.synergychat.api.ApiProperties;

/**
 * Chooses the one message store this process uses: PostgreSQL when {@code DATABASE_URL} is set, else a JSON file
 * when {@code API_DB_FILEPATH} is set, else memory.
 */
@Configuration(proxyBeanMethods = false)
class MessageStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(MessageStoreConfiguration.class);

	@Bean
	MessageStore messageStore(ApiProperties properties, JsonMapper json, MeterRegistry meters) {
		ApiProperties.Storage storage = properties.storage();
		MessageStore store;
		if (StringUtils.hasText(storage.databaseUrl())) {
			store = new PostgresMessageStore(DatabaseUrl.parse(storage.databaseUrl(), storage.databaseUsername(),
					storage.databasePassword()), meters);
		}
		else if (StringUtils.hasText(storage.filePath())) {
			FileMessageStore file = new FileMessageStore(Path.of(storage.filePath()), "API_DB_FILEPATH", json);
			// One line without a stack trace: the reason and the fix are the whole story.
			file.startProblem()
				.ifPresent((problem) -> log.error("{} Until then the api answers, readiness is 503 and posts are "
						+ "refused with 503; it stores again as soon as the directory can be written.", problem));
			store = file;
		}
		else {
			store = new MemoryMessageStore();
		}
		log.info("Messages are stored in {}", store.description());
		return store;
	}

}
