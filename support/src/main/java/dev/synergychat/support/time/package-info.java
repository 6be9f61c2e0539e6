/** The clock every service reads the time from, replaceable by tests. */
@NullMarked
package dev.synergychat.support.time;

import org.jspecify.annotations.NullMarked;
