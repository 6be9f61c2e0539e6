package dev.synergychat.systemtests.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An integration test class that runs a whole stack of containers (a compose project, the course's stack, the
 * reliability stack). Such classes run one at a time, each beside at most one {@link LightLane} class: two stacks at
 * once would only share the same two cores and leave each other's health checks short of time.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ResourceLock(HeavyLane.RESOURCE)
public @interface HeavyLane {

	String RESOURCE = "synergychat.heavy-lane";

}
