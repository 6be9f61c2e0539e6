package dev.synergychat.support.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * For {@code ./mvnw -Plocal} only (which sets {@code synergychat.local.exit-with-parent}): stops the service when
 * the Maven process that started it in the background ends. Ctrl-C reaches the service directly, but a build that
 * fails after starting it (web cannot bind 8080, say) would otherwise leave it running with its port taken.
 */
class ExitWithParent implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(ExitWithParent.class);

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		ConfigurableApplicationContext context = event.getApplicationContext();
		ProcessHandle.current().parent().ifPresent((parent) -> parent.onExit().thenRun(() -> {
			logger.info("The build that started this service (process {}) has ended; stopping", parent.pid());
			System.exit(SpringApplication.exit(context));
		}));
	}

}
