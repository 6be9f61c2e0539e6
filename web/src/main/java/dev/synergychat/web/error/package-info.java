/**
 * Turns request errors (unknown paths, wrong methods) into the project's JSON error body.
 */
@NullMarked
package dev.synergychat.web.error;

import org.jspecify.annotations.NullMarked;
