package dev.synergychat.systemtests.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An integration test class that runs its services in the Docker engine. Such classes run one at a time, each beside
 * at most one {@link HostLane} class: two stacks of containers at once would only share the same two cores, and some
 * of them stop the engine's containers by name.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ResourceLock(DockerLane.RESOURCE)
public @interface DockerLane {

	String RESOURCE = "synergychat.docker-engine";

}
