package dev.synergychat.systemtests.support;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ports the system tests give their services. A port is chosen some time before the service binds it, so one
 * handed out twice meant two services, or a service and its own management server, on one port: the api then
 * refused to start (its management address cannot be set on the main port).
 */
class FreePortsTest {

	@Test
	void noPortIsHandedOutTwiceInOneRun() {
		Set<Integer> seen = new HashSet<>();
		for (int i = 0; i < 300; i++) {
			assertThat(seen.add(ServiceProcess.freePort())).as("port handed out again after %d others", i).isTrue();
		}
		for (int port : ServiceProcess.freePorts(50)) {
			assertThat(seen.add(port)).as("port %d handed out again", port).isTrue();
		}
	}

}
