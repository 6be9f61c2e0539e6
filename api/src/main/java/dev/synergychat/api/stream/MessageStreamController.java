package dev.synergychat.api.stream;

import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /messages/stream}: every new message as an event named {@code message} whose id is the message Id, so a
 * browser's {@code EventSource} resumes after the last one it saw.
 */
@RestController
class MessageStreamController {

	private final MessageStreams streams;

	MessageStreamController(MessageStreams streams) {
		this.streams = streams;
	}

	/**
	 * Opens a stream. {@code lastEventId} as a query parameter lets a page that has just loaded
	 * {@code GET /messages} start the stream after the newest message it shows, so nothing posted in between is
	 * missed; the {@code Last-Event-ID} header, sent by {@code EventSource} when it reconnects, is newer and wins.
	 */
	@GetMapping(path = "/messages/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<SseEmitter> stream(
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventIdHeader,
			@RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParameter) {
		if (!this.streams.isLive()) {
			throw new StreamUnavailableException();
		}
		String lastEventId = (lastEventIdHeader != null) ? lastEventIdHeader : lastEventIdParameter;
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			// nginx (and ingress controllers built on it) would otherwise buffer the stream.
			.header("X-Accel-Buffering", "no")
			.body(this.streams.open(parseId(lastEventId)));
	}

	/** Refused streams tell the client to poll {@code GET /messages} and try the stream again later. */
	static final class StreamUnavailableException extends ErrorResponseException {

		StreamUnavailableException() {
			super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"the live stream is unavailable while Redis is unreachable; poll GET /messages meanwhile"), null);
			getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		}

	}

	/** An id the client did not get from us cannot be resumed from; the stream then starts with new messages. */
	private static @Nullable Long parseId(@Nullable String lastEventId) {
		if (lastEventId == null) {
			return null;
		}
		try {
			long id = Long.parseLong(lastEventId.strip());
			return (id >= 0) ? id : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
