/**
 * The {@code /stats} slash command: parsing it from a message and asking the crawler for keyword counts, with a
 * bounded wait so a slow crawler never holds a post for long.
 */
@NullMarked
package dev.synergychat.api.stats;

import org.jspecify.annotations.NullMarked;
