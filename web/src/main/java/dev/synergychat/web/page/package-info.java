/**
 * The chat page: the static files under {@code static/}, the script that hands {@code API_URL} to them, and the
 * response headers (Content-Security-Policy, caching) that the page is served with. The page talks to api straight
 * from the browser, so nothing here calls api.
 */
@NullMarked
package dev.synergychat.web.page;

import org.jspecify.annotations.NullMarked;
