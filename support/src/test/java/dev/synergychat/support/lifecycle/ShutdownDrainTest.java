package dev.synergychat.support.lifecycle;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.synergychat.testsupport.HttpPolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What SIGTERM starts (closing the context), seen from a client of any service: readiness turns 503 while the
 * server still answers, and a request that was in flight when shutdown began completes normally. The application
 * here has only what every service has (Spring MVC, Actuator's readiness group and this module's
 * auto-configuration); each service's own tests check that its {@code application.yaml} sets the drain.
 */
class ShutdownDrainTest {

	private static final Duration DRAIN = Duration.ofSeconds(2);

	/** Longer than the drain, so the request is still running when the web server's graceful shutdown starts. */
	private static final Duration SLOW_REQUEST = Duration.ofMillis(3500);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void readinessIs503DuringTheDrainAndARequestInFlightCompletes() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AnyService.class)
			.run("--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=graceful",
					"--spring.main.banner-mode=off", "--management.endpoint.health.probes.enabled=true",
					"--synergychat.shutdown.drain=" + DRAIN);
		URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
		assertThat(get(base, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get(base, "/fast").headers().firstValue("Connection")).as("kept alive before shutdown")
			.isNotEqualTo(Optional.of("close"));

		try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<HttpResponse<String>> inFlight = background.submit(() -> get(base, "/slow"));
			assertThat(SlowController.entered.await(10, TimeUnit.SECONDS)).as("slow request started").isTrue();
			Instant shutdownStarted = Instant.now();
			Future<?> closing = background.submit(context::close);

			HttpResponse<String> ready = HttpPolling.awaitStatus(this.http, base.resolve("/actuator/health/readiness"),
					503, DRAIN);
			assertThat(ready.statusCode()).as("readiness during the drain").isEqualTo(503);
			assertThat(ready.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
			assertThat(Duration.between(shutdownStarted, Instant.now())).as("503 seen within the drain")
				.isLessThan(DRAIN);
			HttpResponse<String> fast = get(base, "/fast");
			assertThat(fast.statusCode()).as("new requests are still served during the drain").isEqualTo(200);
			assertThat(fast.body()).isEqualTo("served");
			assertThat(fast.headers().firstValue("Connection")).as("every answer closes its connection while draining")
				.contains("close");

			HttpResponse<String> slow = inFlight.get(20, TimeUnit.SECONDS);
			assertThat(slow.statusCode()).isEqualTo(200);
			assertThat(slow.body()).isEqualTo("finished");
			assertThat(Duration.between(shutdownStarted, Instant.now())).as("the request outlived the drain")
				.isGreaterThan(DRAIN);
			closing.get(20, TimeUnit.SECONDS);
		}
		assertThatExceptionOfType(ConnectException.class).as("the server is gone once shutdown has finished")
			.isThrownBy(() -> get(base, "/actuator/health/liveness"));
	}

	@Test
	void theDrainIsTheConfiguredDuration() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AnyService.class).run(
				"--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--synergychat.shutdown.drain=750ms")) {
			assertThat(context.getBean(ShutdownDrain.class).drain()).isEqualTo(Duration.ofMillis(750));
			assertThat(context.getBean(ShutdownDrain.class).getPhase()).as("stops before the web server")
				.isEqualTo(Integer.MAX_VALUE);
			assertThat(context.getBeansOfType(ExitWithParent.class)).as("only under ./mvnw -Plocal").isEmpty();
		}
	}

	private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(SlowController.class)
	static class AnyService {

	}

	@RestController
	static class SlowController {

		static final CountDownLatch entered = new CountDownLatch(1);

		@GetMapping("/slow")
		String slow() throws InterruptedException {
			entered.countDown();
			Thread.sleep(SLOW_REQUEST);
			return "finished";
		}

		@GetMapping("/fast")
		String fast() {
			return "served";
		}

	}

}
