package dev.synergychat.systemtests.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An integration test class that runs its services as processes on this machine (or a browser, or a Prometheus),
 * against the machine's PostgreSQL and Redis. Such classes run one at a time, each beside at most one
 * {@link DockerLane} class: they share the machine's database and Redis, which some of them empty.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ResourceLock(HostLane.RESOURCE)
public @interface HostLane {

	String RESOURCE = "synergychat.host-services";

}
