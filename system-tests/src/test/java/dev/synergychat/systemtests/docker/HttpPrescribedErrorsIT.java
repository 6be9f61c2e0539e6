package dev.synergychat.systemtests.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synergychat.systemtests.stack.MalformedRequest;
import dev.synergychat.systemtests.stack.RawExchange;
import dev.synergychat.systemtests.support.LightLane;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The malformed-request corpus asks for no 5xx, and MalformedRequestsIT gets none from the services except for four
 * entries that Tomcat refuses before any application code runs: 501 for an unknown transfer coding and for CONNECT,
 * 505 for HTTP/2.0 and HTTP/9.9 in the request line. Tomcat sets those statuses in its HTTP processor and request
 * adapter with no setting to change them, and HTTP prescribes them. This test sends the same bytes to nginx, the
 * reference server the topologies put in front of the services: it answers three of them with the same 5xx, and
 * CONNECT with 400 (where RFC 9110, 9.1 says a method the server does not implement SHOULD get 501).
 */
@LightLane
class HttpPrescribedErrorsIT {

	private static final String NGINX = "synergychat-it-reference-nginx";

	/** A server that answers every request it accepts with 200: what it refuses, it refuses before any location. */
	private static final String CONF = """
			server {
			  listen 80;
			  location / {
			    return 200 "accepted\\n";
			  }
			}
			""";

	private final int port = Commands.freePort();

	@AfterEach
	void removeNginx() {
		Commands.attempt("docker", "rm", "-f", NGINX);
		assertThat(Commands.run("docker", "ps", "-a", "-q", "--filter", "name=^" + NGINX + "$")).isBlank();
	}

	@Test
	void nginxAnswersTheEntriesTomcatAnswersWithA5xxAsTheCorpusSays(@TempDir Path directory) throws IOException {
		List<MalformedRequest> prescribed = MalformedRequest.load()
			.stream()
			.filter(MalformedRequest::prescribedServerError)
			.toList();
		LocalImages.buildStandIns();
		Path conf = Files.writeString(directory.resolve("default.conf"), CONF);
		Commands.run("docker", "run", "-d", "--name", NGINX, "-p", "127.0.0.1:" + this.port + ":80", "-v",
				conf + ":/etc/nginx/conf.d/default.conf:ro", LocalImages.NGINX);
		awaitAccepting(Duration.ofSeconds(30));

		Map<String, Integer> expected = new LinkedHashMap<>();
		Map<String, Integer> answered = new LinkedHashMap<>();
		for (MalformedRequest request : prescribed) {
			expected.put(request.title(), request.nginxStatus());
			answered.put(request.title(), RawExchange.send(this.port, request.bytes("/messages")).firstStatus());
		}
		long same = prescribed.stream()
			.filter((request) -> answered.get(request.title()) == request.prescribedStatus())
			.count();
		System.out.printf("[figures] entries Tomcat answers with a 5xx HTTP prescribes: %d; %s answers %d of "
				+ "them with the same status: %s%n", prescribed.size(), nginxVersion(), same, answered);

		assertThat(prescribed).extracting(MalformedRequest::prescribedStatus).containsExactly(501, 501, 505, 505);
		assertThat(answered).containsExactlyEntriesOf(expected);
		assertThat(same).isEqualTo(3);
	}

	/** Polls with a well-formed request until nginx answers it. */
	private void awaitAccepting(Duration timeout) {
		byte[] request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
			.getBytes(StandardCharsets.US_ASCII);
		Instant deadline = Instant.now().plus(timeout);
		while (status(request) != 200) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("nginx did not answer within " + timeout + ":\n"
						+ Commands.attempt("docker", "logs", NGINX));
			}
			Commands.pause(Duration.ofMillis(300));
		}
	}

	private int status(byte[] request) {
		try {
			return RawExchange.send(this.port, request).firstStatus();
		}
		catch (IOException notYetListening) {
			return 0;
		}
	}

	private static String nginxVersion() {
		Commands.Result version = Commands.attempt("docker", "exec", NGINX, "nginx", "-v");
		return (version.output() + version.errors()).strip().replace("nginx version: ", "");
	}

}
