package dev.synergychat.api.ratelimit;

/** Counts posts per client in fixed one-minute windows. */
interface RateLimiter {

	/** Counts one post by {@code client} and says whether it is within the limit. */
	Decision tryAcquire(String client);

	/**
	 * @param allowed whether the post may go ahead
	 * @param retryAfterSeconds when it is not, how long until the window ends
	 */
	record Decision(boolean allowed, long retryAfterSeconds) {
	}

}
