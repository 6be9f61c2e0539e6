package dev.synergychat.api.ratelimit;

import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How api reads the client from {@code X-Forwarded-For} behind the trusted proxies ({@code API_TRUSTED_PROXIES}, in
 * {@code ApiProperties}); the environment variable is mapped in {@code application.yaml}.
 *
 * @param trustedHops how many entries the proxies in front of api append to {@code X-Forwarded-For}, the client's
 * own included: 1 behind nginx or Envoy, 2 behind Google's external Application Load Balancer. Unset (empty): the
 * client is the right-most address that is not a trusted proxy.
 */
@ConfigurationProperties("synergychat.api.forwarded-for")
@Validated
record ForwardedForProperties(@Nullable @Positive Integer trustedHops) {
}
