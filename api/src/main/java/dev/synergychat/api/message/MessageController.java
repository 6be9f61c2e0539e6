package dev.synergychat.api.message;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
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

	MessageController(MessageService messages) {
		this.messages = messages;
	}

	@GetMapping(path = "/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	List<Message> page(@RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
			@RequestParam(required = false) @Nullable Long before) {
		if (before != null && before < 1) {
			throw badRequest("before must be a message Id (1 or more), got " + before);
		}
		return this.messages.page(checkLimit(limit), before);
	}

	@PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	List<Message> post(@RequestBody NewMessage message, @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
		return this.messages.post(message, checkLimit(limit));
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
