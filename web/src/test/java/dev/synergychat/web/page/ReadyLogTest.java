package dev.synergychat.web.page;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.synergychat.web.WebApplication;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ReadyLogTest {

	@Test
	void startupNamesTheRealPortWhatToOpenDirectlyOrInAContainerAndTheApiThePageUses(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApplication.class).run(
				"--server.port=0", "--server.address=127.0.0.1", "--synergychat.web.api-url=/api")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();

			assertThat(port).isPositive();
			assertThat(output)
				.contains("SynergyChat web is ready on port " + port + ": open http://localhost:" + port
						+ "/ on this machine, or the host port that " + port
						+ " is published on when web runs in a container. The page reaches api at /api.");
		}
	}

}
