/**
 * The web service: serves the chat page and tells it where api is. Features live in sub-packages: {@code page}
 * (the static page, its config script and headers) and {@code error} (the JSON error answers); this package holds
 * the entry point.
 */
@NullMarked
package dev.synergychat.web;

import org.jspecify.annotations.NullMarked;
