package dev.synergychat.api.message;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /messages} and {@code POST /messages}. Both answer with one page: the newest {@code limit} messages,
 * oldest first, so neither response grows with the history.
 */
@RestController
class MessageController {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 500;

	private final MessageService messages;

	private final NewestPage newestPage;

	private final JsonMapper json;

	private final PageJson pageJson;

	MessageController(MessageService messages, NewestPage newestPage, JsonMapper json, PageJson pageJson) {
		this.messages = messages;
		this.newestPage = newestPage;
		this.json = json;
		this.pageJson = pageJson;
	}

	/**
	 * The newest page comes from memory when it is current, older ones from the store. Either way the answer
	 * carries an {@code ETag}, and a request whose {@code If-None-Match} names it gets {@code 304} without a body.
	 * {@code no-cache} lets browsers keep the page but ask each time whether it is still current.
	 */
	@GetMapping(path = "/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> page(@RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
			@RequestParam(required = false) @Nullable Long before) {
		if (before != null && before < 1) {
			throw badRequest("before must be a message Id (1 or more), got " + before);
		}
		int checked = checkLimit(limit);
		RenderedPage page = (before == null) ? this.newestPage.newest(checked)
				: RenderedPage.of(this.messages.page(checked, before), this.json);
		// A matching If-None-Match turns this into 304 without a body (HttpEntityMethodProcessor checks it).
		return ResponseEntity.ok()
			.eTag(page.etag())
			.cacheControl(CacheControl.noCache())
			.contentType(MediaType.APPLICATION_JSON)
			.body(page.json());
	}

	@PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> post(@RequestBody NewMessage message,
			@RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
		try {
			List<Message> page = this.messages.post(message, checkLimit(limit));
			return ResponseEntity.status(HttpStatus.CREATED)
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.pageJson.write(page));
		}
		catch (MessageStoreUnavailableException ex) {
			// The append may have reached the store even so; the newest page is read from it again.
			this.newestPage.drop();
			throw ex;
		}
	}

	private static int checkLimit(int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
		}
		return limit;
	}

	private static ErrorResponseException badRequest(String detail) {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST,
				ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), null);
	}

}
