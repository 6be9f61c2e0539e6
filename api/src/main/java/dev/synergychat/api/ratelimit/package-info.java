/**
 * The per-client limit on posts ({@code API_RATE_LIMIT} per minute): who the client is behind trusted proxies, and
 * the counters, in Redis so the limit holds across replicas, or in this process without Redis.
 */
@NullMarked
package dev.synergychat.api.ratelimit;

import org.jspecify.annotations.NullMarked;
