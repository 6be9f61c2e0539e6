package dev.synergychat.support.error;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error shape every service shares, on a controller that fails each way a service can: Spring MVC's own
 * errors, an {@link ErrorResponseException} with a header, and a bug.
 */
class JsonErrorAdviceTest {

	private final MockMvcTester mvc = MockMvcTester
		.create(MockMvcBuilders.standaloneSetup(new FailingController()).setControllerAdvice(new Advice()).build());

	@Test
	void anUnexpectedExceptionIs500WithoutItsMessage() {
		assertThat(this.mvc.get().uri("/bug")).hasStatus(500)
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("{\"error\": \"internal error\"}");
	}

	@Test
	void anErrorResponseExceptionKeepsItsStatusHeadersAndDetail() {
		assertThat(this.mvc.get().uri("/busy")).hasStatus(503)
			.hasHeader(HttpHeaders.RETRY_AFTER, "5")
			.bodyJson()
			.isStrictlyEqualTo("{\"error\": \"try again soon\"}");
	}

	@Test
	void springsOwnErrorsKeepTheirStatusAndHeadersAndOnlyChangeShape() {
		assertThat(this.mvc.post().uri("/busy")).hasStatus(405)
			.hasHeader(HttpHeaders.ALLOW, "GET")
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("{\"error\": \"Method 'POST' is not supported.\"}");
	}

	@RestController
	static class FailingController {

		@GetMapping("/bug")
		String bug() {
			throw new IllegalStateException("secret internals");
		}

		@GetMapping("/busy")
		String busy() {
			ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
					ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "try again soon"), null);
			busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
			throw busy;
		}

	}

	@RestControllerAdvice
	static class Advice extends JsonErrorAdvice {

	}

}
