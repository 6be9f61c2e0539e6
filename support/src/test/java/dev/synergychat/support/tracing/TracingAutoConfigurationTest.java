package dev.synergychat.support.tracing;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing is off until an OTLP endpoint is configured: no exporter and no sampled span without one, Boot's sampler
 * with the probability application.yaml sets once it is there.
 */
class TracingAutoConfigurationTest {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
				TracingAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0");

	@Test
	void withoutAnEndpointThereIsNoExporterAndNoSpanIsSampled() {
		this.contexts.run((context) -> {
			assertThat(context).doesNotHaveBean(SpanExporter.class);
			assertThat(context.getBean(SdkTracerProvider.class).getSampler()).isEqualTo(Sampler.alwaysOff());
		});
	}

	@Test
	void withAnEndpointSpansGoOverOtlpHttpAndEveryTraceIsSampled() {
		this.contexts.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces")
			.run((context) -> {
				assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class);
				assertThat(context.getBean(SdkTracerProvider.class).getSampler())
					.isEqualTo(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)));
			});
	}

}
