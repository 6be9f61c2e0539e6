/**
 * Storage directories named by environment variables: whether this process can write there, and if not, one log
 * line that says why and what to change.
 */
@NullMarked
package dev.synergychat.support.storage;

import org.jspecify.annotations.NullMarked;
