package dev.synergychat.crawler.stats;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.synergychat.crawler.store.CrawlStore;
import dev.synergychat.support.stats.KeywordCount;

@RestController
class StatsController {

	private final CrawlStore store;

	StatsController(CrawlStore store) {
		this.store = store;
	}

	@GetMapping(path = "/stats", produces = MediaType.APPLICATION_JSON_VALUE)
	List<KeywordCount> stats(@RequestParam(required = false) String keywords,
			@RequestParam(required = false) String title) {
		StatsQuery query;
		try {
			query = StatsQuery.parse(keywords, title);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		return query.apply(this.store.all());
	}

}
