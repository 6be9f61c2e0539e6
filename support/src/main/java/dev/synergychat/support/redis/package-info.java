/**
 * The one Redis client setup of every service that uses Redis ({@code REDIS_URL}): how the URL is read, the
 * timeouts, and what the client does while Redis is unreachable.
 */
@NullMarked
package dev.synergychat.support.redis;

import org.jspecify.annotations.NullMarked;
