'use strict';

/**
 * A token bucket across all API requests: it holds `requestsPerSecond` tokens at most and
 * refills continuously at that rate, on the machine's monotonic clock (not the emulator clock,
 * which may be fixed).
 */
class TokenBucket {
	/**
	 * @param {number} requestsPerSecond refill rate and capacity (> 0)
	 * @param {() => number} [now] monotonic milliseconds, for tests
	 */
	constructor(requestsPerSecond, now = () => performance.now()) {
		this.rate = requestsPerSecond;
		this.capacity = Math.max(1, requestsPerSecond);
		this.tokens = this.capacity;
		this.now = now;
		this.last = now();
	}

	/**
	 * Takes a token if there is one.
	 * @returns {{ allowed: true } | { allowed: false, retryAfterSeconds: number }}
	 *   `retryAfterSeconds`: whole seconds until a token is available, at least 1.
	 */
	take() {
		const now = this.now();
		this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
		this.last = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return { allowed: true };
		}
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / this.rate)) };
	}
}

module.exports = { TokenBucket };
