import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Default for "Max Concurrent Requests" (requests in flight at once). See docs/throughput.md, "Throughput, rate limits and retries". */
export const DEFAULT_MAX_CONCURRENT = 5;

/** Default per-request timeout in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Default number of sends per item when Veritus certainly did not place the call (429, refused connection), the first try included. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Default cap, in milliseconds, on the total time one item may spend waiting out 429s. */
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/**
 * The request options of a run, with defaults applied and clamped to their ranges: what every
 * operation's Options collection shares (docs/throughput.md, "Throughput, rate limits and retries").
 * Node-wide: read from item 0.
 */
export interface RequestOptions {
	/** Requests in flight at once. */
	maxConcurrent: number;
	/** Cap on request starts per second; 0 means no cap. */
	requestsPerSecond: number;
	/** Per-request timeout in milliseconds. */
	timeout: number;
	/** Sends per request when it certainly had no effect (429, refused connection), first try included. */
	maxAttempts: number;
	/** Total wait in milliseconds one request may spend between attempts. */
	maxRetryWait: number;
}

/**
 * Reads the request options from the operation's `options` collection (parameter names as in
 * Call → Create: `maxConcurrent`, `requestsPerSecond`, `timeout`, `maxAttempts`, `maxRetryWait`);
 * an option that is not set, or not a finite number, gets its default.
 */
export function readRequestOptions(ctx: IExecuteFunctions): RequestOptions {
	const raw = ctx.getNodeParameter('options', 0, {}) as Partial<Record<keyof RequestOptions, unknown>>;
	const number = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) ? value : fallback;
	return {
		maxConcurrent: Math.max(1, Math.floor(number(raw.maxConcurrent, DEFAULT_MAX_CONCURRENT))),
		requestsPerSecond: Math.max(0, number(raw.requestsPerSecond, 0)),
		timeout: Math.max(1, number(raw.timeout, DEFAULT_TIMEOUT_MS)),
		maxAttempts: Math.max(1, Math.floor(number(raw.maxAttempts, DEFAULT_MAX_ATTEMPTS))),
		maxRetryWait: Math.max(0, number(raw.maxRetryWait, DEFAULT_MAX_RETRY_WAIT_MS)),
	};
}

/** The names of the request options, as the `options` collection holds them. */
export type RequestOptionName = keyof RequestOptions;

/**
 * The request options as fields of an `options` collection, in alphabetical order (n8n's
 * convention): one definition of each option's name, type, range and default for every operation
 * (the runner in `runner.ts` and the placement pipeline read them).
 *
 * @param descriptions an operation's own wording of some options, by name (Call → Create and Drip
 *   Campaign → Enroll speak of calls and enrolments: `pipeline/settings.ts`); the others keep the
 *   wording of operations that place nothing ("a request that Veritus certainly did not act on").
 */
export function requestOptionFields(descriptions: Partial<Record<RequestOptionName, string>> = {}): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: DEFAULT_MAX_ATTEMPTS,
			description:
				'How many times to send a request that Veritus certainly did not act on (429 Too Many Requests, or a connection refused before sending), the first try included. Other failures are never retried.',
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrent',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: DEFAULT_MAX_CONCURRENT,
			description: 'How many requests may be in flight to Veritus at the same time',
		},
		{
			displayName: 'Max Requests Per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Upper bound on new requests started per second, for a known rate limit. 0 means no cap.',
		},
		{
			displayName: 'Max Retry Wait',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_MAX_RETRY_WAIT_MS,
			description: 'Total milliseconds one request may wait between attempts before it fails with a clear error',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_MS,
			description:
				'Milliseconds to wait for each response. A timed-out request may still have taken effect in Veritus, so it is never retried.',
		},
	];
	return fields.map((field) => {
		const description = descriptions[field.name as RequestOptionName];
		return description === undefined ? field : { ...field, description };
	});
}

/**
 * The request options in the wording of operations that place nothing (Customer, Client, Drip
 * Campaign → Cancel): {@link requestOptionFields} without an operation's own wording.
 */
export const requestOptionProperties: INodeProperties[] = requestOptionFields();

/**
 * The Options collection of an operation that places nothing: `extra` fields (already in
 * alphabetical order and before "Max Attempts", such as Create Many's "Customers Per Request")
 * and the request options.
 */
export function optionsCollection(displayOptions: IDisplayOptions, extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [...extra, ...requestOptionProperties],
	};
}
