package dev.synergychat.web.page;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says where the chat page is once web is ready, and which api the page will talk to, so that whoever started the
 * stack (the one-command local run, a {@code docker run}) sees what to open and the wiring in one line.
 */
@Component
class ReadyLog {

	private static final Logger log = LoggerFactory.getLogger(ReadyLog.class);

	private final WebProperties properties;

	ReadyLog(WebProperties properties) {
		this.properties = properties;
	}

	@EventListener
	void onReady(ApplicationReadyEvent event) {
		if (event.getApplicationContext() instanceof WebServerApplicationContext context
				&& context.getWebServer() != null) {
			// web sees only its own port; in a container the browser uses whatever host port Docker or a proxy
			// publishes, so the line names both cases instead of a URL that is wrong there.
			int port = context.getWebServer().getPort();
			log.info("SynergyChat web is ready on port {}: open http://localhost:{}/ on this machine, or the host "
					+ "port that {} is published on when web runs in a container. The page reaches api at {}.", port,
					port, port, this.properties.apiUrl());
		}
	}

}
