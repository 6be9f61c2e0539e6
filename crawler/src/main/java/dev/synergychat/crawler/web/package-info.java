/**
 * HTTP concerns shared by every endpoint: errors as {@code {"error": "..."}} JSON, and the legacy
 * {@code /healthz} probe.
 */
@NullMarked
package dev.synergychat.crawler.web;

import org.jspecify.annotations.NullMarked;
