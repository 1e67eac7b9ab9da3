import type { INodeProperties } from 'n8n-workflow';

/** Default for "Max Concurrent Requests" (requests in flight at once). See the README, "Throughput, rate limits and retries". */
export const DEFAULT_MAX_CONCURRENT = 5;

/** Default per-request timeout in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Default number of sends per item when Veritus certainly did not place the call (429, refused connection), the first try included. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Default cap, in milliseconds, on the total time one item may spend waiting out 429s. */
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/** Show a property only for resource `call`, operation `create`. */
const showForCreate = { show: { resource: ['call'], operation: ['create'] } };

/**
 * Parameters of **Call → Create**. Every value may be an n8n expression resolved per item
 * (for example `{{ $json.customer_id }}` from a spreadsheet row).
 *
 * Field names follow the API document: `customerId` is the path segment of
 * `POST /customers/{customerId}/calls`, `agentId` and `webhook.{url,secretId}` are the body.
 */
export const createCallProperties: INodeProperties[] = [
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.customer_id }}',
		description:
			'The Veritus customer to call. A number from a spreadsheet is accepted; surrounding spaces are trimmed.',
		displayOptions: showForCreate,
	},
	{
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'string',
		required: true,
		default: '',
		description: 'The agent identifier Veritus assigned to you; the AI voice agent that places the call',
		displayOptions: showForCreate,
	},
	{
		displayName: 'Webhook',
		name: 'webhook',
		type: 'collection',
		placeholder: 'Add Webhook Field',
		default: {},
		description: 'Where Veritus sends updates about this call',
		displayOptions: showForCreate,
		options: [
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/veritus-call-updates',
				description: 'Absolute http(s) URL that receives the call updates',
			},
			{
				displayName: 'Secret ID',
				name: 'secretId',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				placeholder: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
				description: 'UUID of the webhook secret Veritus uses to sign the updates',
			},
		],
	},
	{
		displayName: 'Output Layout',
		name: 'outputLayout',
		type: 'options',
		noDataExpression: true,
		displayOptions: showForCreate,
		options: [
			{
				name: 'Passed and Failed',
				value: 'split',
				description: 'Two outputs: calls placed (compliance passed) and calls blocked or not placed',
			},
			{
				name: 'Single Output',
				value: 'single',
				description: 'One output with every item; branch on the compliancePassed field',
			},
		],
		default: 'split',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return flat fields that write straight back into a sheet instead of the raw API response',
		displayOptions: showForCreate,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showForCreate,
		options: [
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: DEFAULT_MAX_ATTEMPTS,
				description:
					'How many times to send an item when Veritus certainly did not place the call (429 Too Many Requests, or a connection refused before sending), the first try included. Other failures are never retried.',
			},
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrent',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: DEFAULT_MAX_CONCURRENT,
				description: 'How many calls may be requested from Veritus at the same time',
			},
			{
				displayName: 'Max Requests Per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Upper bound on new requests started per second, for a known rate limit. 0 means no cap.',
			},
			{
				displayName: 'Max Retry Wait',
				name: 'maxRetryWait',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MAX_RETRY_WAIT_MS,
				description:
					'Total milliseconds one item may wait between attempts before it fails with a clear error',
			},
			{
				displayName: 'One Call Per Customer Per Run',
				name: 'onePerCustomer',
				type: 'boolean',
				default: true,
				description:
					'Whether to place at most one call per customer in one run. Repeated rows go to Failed with the local check "repeated-customer-in-run".',
			},
			{
				displayName: 'Timeout',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_TIMEOUT_MS,
				description:
					'Milliseconds to wait for each response. A timed-out call may still have been placed, so it is never retried.',
			},
		],
	},
];
