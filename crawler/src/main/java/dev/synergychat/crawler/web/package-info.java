/**
 * HTTP concerns shared by every endpoint: errors as {@code {"error": "..."}} JSON, and the legacy
 * {@code /healthz} probe.
 */
package dev.synergychat.crawler.web;
