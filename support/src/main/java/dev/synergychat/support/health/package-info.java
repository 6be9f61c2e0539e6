/**
 * What the main port says about a service's health: the probe paths' status and nothing more, and the original's
 * {@code /healthz}.
 */
@NullMarked
package dev.synergychat.support.health;

import org.jspecify.annotations.NullMarked;
