import type { INodeProperties } from 'n8n-workflow';

import { description as createCallDescription } from './call/create.operation';

/**
 * Output layout expression, evaluated by n8n (editor and engine) from the node's parameters, the
 * way n8n's Switch node computes its configured outputs.
 * - `outputLayout: 'split'` (default): two outputs, **Passed** (index 0) and **Failed** (index 1).
 * - `outputLayout: 'single'`: one output, **Result**, holding every item in input order.
 */
export const OUTPUTS_EXPRESSION =
	'={{ $parameter.outputLayout === "single" ? [{ "type": "main", "displayName": "Result" }] : [{ "type": "main", "displayName": "Passed" }, { "type": "main", "displayName": "Failed" }] }}';

/** Default for "Max Concurrent Requests" (requests in flight at once). See README, "Concurrency". */
export const DEFAULT_MAX_CONCURRENT = 5;

/** Default per-request timeout in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Default number of sends per item when Veritus certainly did not place the call (429, refused connection), the first try included. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Default cap, in milliseconds, on the total time one item may spend waiting out 429s. */
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/**
 * Every parameter of the Veritus node, in editor order: resource **Call**, operation **Create**,
 * the Create Call fields, the output layout, the Simplify toggle and the throughput Options.
 * The node-level description (name, icon, outputs, credentials) is in `Veritus.node.ts`.
 */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Call', value: 'call' }],
		default: 'call',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a call',
				description:
					'Place a real outbound phone call with a Veritus AI voice agent, after Veritus runs its compliance checks. Each run can dial a real person.',
			},
		],
		default: 'create',
	},
	...createCallDescription,
	{
		displayName: 'Output Layout',
		name: 'outputLayout',
		type: 'options',
		noDataExpression: true,
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
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
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
