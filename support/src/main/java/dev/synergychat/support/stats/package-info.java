/** The JSON contract between the crawler's {@code /stats} endpoint and its clients. */
@NullMarked
package dev.synergychat.support.stats;

import org.jspecify.annotations.NullMarked;
