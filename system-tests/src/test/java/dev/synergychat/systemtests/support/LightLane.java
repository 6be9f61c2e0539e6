package dev.synergychat.systemtests.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An integration test class that starts a few services of its own: processes on this machine (against its
 * PostgreSQL and Redis), a browser, a Prometheus, or single containers. Such classes run one at a time, each beside
 * at most one {@link HeavyLane} class, because they share what a stack of containers never touches: the machine's
 * database and Redis, which some of them empty; the ports 8080 to 8082, which {@code ./mvnw -Plocal} takes; the
 * service jars, which one of them packages again; and the container names the topology pages give.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ResourceLock(LightLane.RESOURCE)
public @interface LightLane {

	String RESOURCE = "synergychat.light-lane";

}
