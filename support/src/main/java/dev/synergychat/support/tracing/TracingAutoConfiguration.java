package dev.synergychat.support.tracing;

import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Spans cost nothing until there is somewhere to send them. Spring Boot creates the OTLP span exporter only when an
 * endpoint is configured ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, which Boot maps itself); without an exporter the
 * sampler records no span, so a request pays only for the ids that correlate its log lines, and nothing connects
 * anywhere. With one, Boot's sampler applies ({@code management.tracing.sampling.probability}). Only in a service
 * that has Spring Boot's OpenTelemetry starter (api and crawler).
 */
@AutoConfiguration
@ConditionalOnClass({ SdkTracerProviderBuilderCustomizer.class, SpanExportingPredicate.class })
public final class TracingAutoConfiguration {

	@Bean
	SdkTracerProviderBuilderCustomizer recordNoSpansWithoutAnExporter(ObjectProvider<SpanExporter> exporters) {
		return (builder) -> {
			if (exporters.stream().findAny().isEmpty()) {
				builder.setSampler(Sampler.alwaysOff());
			}
		};
	}

	/** Probes and scrapes come every few seconds and would bury the traces worth reading. */
	@Bean
	SpanExportingPredicate noProbeOrScrapeSpans() {
		return (span) -> {
			String uri = span.getTags().getOrDefault("uri", "");
			return !(uri.startsWith("/health") || uri.equals("/metrics"));
		};
	}

}
