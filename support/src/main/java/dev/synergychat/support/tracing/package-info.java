/**
 * Tracing: which requests record spans. Spring Boot does the rest (the OpenTelemetry SDK, the OTLP exporter, W3C
 * {@code traceparent} propagation and trace ids in the logs); see docs/observability.md, Tracing.
 */
@NullMarked
package dev.synergychat.support.tracing;

import org.jspecify.annotations.NullMarked;
