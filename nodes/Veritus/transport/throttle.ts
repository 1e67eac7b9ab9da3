import { sleep } from 'n8n-workflow';

/**
 * Paces request starts for one node run: at most `requestsPerSecond` starts per second (evenly
 * spaced, `1000 / requestsPerSecond` ms apart), and a shared pause after a 429 so that the other
 * in-flight workers also wait out the server's `Retry-After` instead of hammering it.
 *
 * Waiting uses `sleep` from n8n-workflow (community nodes may not use timers of their own).
 * Concurrency itself is bounded by the router's worker count, not here.
 */
export class RequestPacer {
	private nextStartAt = 0;

	private pausedUntil = 0;

	/** @param requestsPerSecond cap on request starts per second; 0 or less means no cap. */
	constructor(private readonly requestsPerSecond: number) {}

	/** Resolves when the caller may start its next request. */
	async acquire(): Promise<void> {
		const now = Date.now();
		let startAt = Math.max(now, this.pausedUntil);
		if (this.requestsPerSecond > 0) {
			startAt = Math.max(startAt, this.nextStartAt);
			this.nextStartAt = startAt + 1000 / this.requestsPerSecond;
		}
		if (startAt > now) await sleep(startAt - now);
	}

	/** Holds every later `acquire()` until `untilMs` (epoch milliseconds), e.g. after a 429. */
	pauseUntil(untilMs: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, untilMs);
	}
}

/** An HTTP-date starts with a day name: `Sun, 06 Nov 1994 …`, `Sunday, 06-Nov-94 …`, `Sun Nov  6 …`. */
const HTTP_DATE_START = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? +\S/;

/**
 * Parses a `Retry-After` header value into a wait in milliseconds (RFC 9110 §10.2.3):
 * either delay-seconds (`"2"`) or an HTTP-date (`"Wed, 21 Oct 2026 07:28:00 GMT"`).
 *
 * @param nowMs the current time in epoch milliseconds, used for the HTTP-date form.
 * @returns the wait in ms (never negative), or `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	// Only the HTTP-date forms (IMF-fixdate, RFC 850, asctime) all start with a day name; any other
	// text is invalid and ignored (RFC 9110), rather than read by a lenient date parser.
	if (!HTTP_DATE_START.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/**
 * Exponential back-off with full jitter for a 429 without `Retry-After`:
 * a random wait in `[0, min(capMs, baseMs * 2^attempt))`, never below 100 ms.
 *
 * @param attempt 0 for the first retry, 1 for the second, …
 * @param random a function returning [0, 1), injectable for tests.
 */
export function backoffWithJitter(
	attempt: number,
	baseMs = 500,
	capMs = 8000,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.max(100, Math.floor(random() * ceiling));
}
