/** How every service logs: the one {@code LOG_FORMAT} switch between readable text and JSON. */
@NullMarked
package dev.synergychat.support.logging;

import org.jspecify.annotations.NullMarked;
