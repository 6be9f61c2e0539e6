/**
 * The optional Redis connection ({@code REDIS_URL}) that live streams and the rate limit share between replicas.
 * Nothing here connects anywhere unless the URL is set; without it every feature uses its in-process fallback.
 */
@NullMarked
package dev.synergychat.api.redis;

import org.jspecify.annotations.NullMarked;
