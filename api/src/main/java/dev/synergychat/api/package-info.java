/**
 * The api service: stores chat messages, answers {@code /stats} slash commands by asking the crawler and streams new
 * messages to browsers. Each feature lives in its own sub-package; this package holds the entry point and the bound
 * configuration.
 */
@NullMarked
package dev.synergychat.api;

import org.jspecify.annotations.NullMarked;
