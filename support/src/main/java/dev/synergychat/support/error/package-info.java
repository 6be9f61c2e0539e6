/** The JSON error body every service answers with, and the advice that produces it. */
@NullMarked
package dev.synergychat.support.error;

import org.jspecify.annotations.NullMarked;
