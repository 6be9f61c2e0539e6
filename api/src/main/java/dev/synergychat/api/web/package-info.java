/**
 * HTTP concerns every endpoint shares: the JSON error body, CORS, the request body size limit and the legacy
 * {@code /healthz} probe.
 */
@NullMarked
package dev.synergychat.api.web;

import org.jspecify.annotations.NullMarked;
