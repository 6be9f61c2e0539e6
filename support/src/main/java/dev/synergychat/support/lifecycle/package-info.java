/**
 * How a service stops: readiness drains before the web server shuts down, and under {@code ./mvnw -Plocal} a
 * service started in the background ends with the build that started it.
 */
@NullMarked
package dev.synergychat.support.lifecycle;

import org.jspecify.annotations.NullMarked;
