import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_LEDGER_SETTLE_MS, DEFAULT_LEDGER_SIZE } from '../../ledger';
import {
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_CONCURRENT,
	DEFAULT_MAX_RETRY_WAIT_MS,
	DEFAULT_TIMEOUT_MS,
} from '../../pipeline/settings';

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
		description:
			"Where Veritus sends this call's updates (call created, call ended). To receive them in n8n, use a Veritus Trigger node's Production URL.",
		displayOptions: showForCreate,
		options: [
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/veritus-call-updates',
				description:
					"Absolute http(s) URL that receives the call updates. Paste the Production URL of a Veritus Trigger node here (shown in the trigger's panel, with /webhook/ in it; a /webhook-test/ URL only listens while the editor waits for a test event), and publish that workflow.",
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
		description: 'Whether to return flat fields that write straight back into a sheet instead of the raw API response',
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
				displayName: 'Attempt Cap',
				name: 'attemptCap',
				type: 'fixedCollection',
				placeholder: 'Add Attempt Cap',
				default: {},
				description:
					"A guard of this node, before Veritus's own checks: block a row whose calls in the last 7 days reach the limit, or whose last conversation about the debt was less than 7 days ago (Regulation F, 7 in 7). Blocked rows go to Failed.",
				options: [
					{
						displayName: 'Limits',
						name: 'limits',
						values: [
							{
								displayName: 'Calls In Last 7 Days',
								name: 'callsInLast7Days',
								type: 'string',
								default: '',
								placeholder: 'e.g. {{ $json.calls_last_7_days }}',
								description: 'Call attempts about this debt in the last 7 days, from the row. Empty: not checked.',
							},
							{
								displayName: 'Last Conversation At',
								name: 'lastConversationAt',
								type: 'string',
								default: '',
								placeholder: 'e.g. {{ $json.last_conversation_at }}',
								description:
									'Date (or ISO date-time) of the last telephone conversation about the debt, from the row. Empty: not checked.',
							},
							{
								displayName: 'Max Calls In 7 Days',
								name: 'maxCalls',
								type: 'number',
								typeOptions: { minValue: 1, maxValue: 7 },
								default: 7,
								description: 'Rows with this many calls or more in the last 7 days are not called',
							},
						],
					},
				],
			},
			{
				displayName: 'Calling Hours',
				name: 'callingHours',
				type: 'fixedCollection',
				placeholder: 'Add Calling Hours',
				default: {},
				description:
					"A guard of this node, before Veritus's own checks: send a row only inside this window of the customer's local time (Regulation F presumes calls before 08:00 or after 21:00 inconvenient). Rows outside go to Failed with nextAllowedAt.",
				options: [
					{
						displayName: 'Window',
						name: 'window',
						values: [
							{
								displayName: 'Time Zone',
								name: 'timeZone',
								type: 'string',
								default: '={{ $json.time_zone }}',
								description:
									"The customer's IANA time zone, such as America/Chicago, usually from the row. A missing or unknown zone is an error for that item.",
							},
							{
								displayName: 'Start',
								name: 'start',
								type: 'string',
								default: '08:00',
								description: 'Local time (HH:MM, 24-hour) from which calls may be placed',
							},
							{
								displayName: 'End',
								name: 'end',
								type: 'string',
								default: '21:00',
								description: 'Local time (HH:MM, 24-hour) from which calls may no longer be placed',
							},
						],
					},
				],
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to run every check and show, per item, the request that would be sent (Secret ID masked), without sending anything. Items that would be sent go to Passed, items that would be skipped go to Failed.',
			},
			{
				displayName: 'Include Other Input Fields',
				name: 'includeInputFields',
				type: 'boolean',
				default: false,
				description:
					"Whether to keep the input row's own fields (a row number, say) next to the result. An input field that has the name of a result field is kept with the prefix input_.",
			},
			{
				displayName: 'Ledger Settle Time',
				name: 'ledgerSettleTime',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_LEDGER_SETTLE_MS,
				description:
					"Milliseconds between recording this run's calls in the ledger and checking that no other worker's write replaced the record. Raise it if n8n's database is slow.",
			},
			{
				displayName: 'Ledger Size',
				name: 'ledgerSize',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: DEFAULT_LEDGER_SIZE,
				description:
					'Most entries the placement ledger keeps for this workflow; the oldest are forgotten first. Keep it above the calls of a few days.',
			},
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
				description: 'Upper bound on new requests started per second, for a known rate limit. 0 means no cap.',
			},
			{
				displayName: 'Max Retry Wait',
				name: 'maxRetryWait',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MAX_RETRY_WAIT_MS,
				description: 'Total milliseconds one item may wait between attempts before it fails with a clear error',
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
				displayName: 'Placement Key',
				name: 'placementKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.event_id }}',
				description:
					"What identifies one call that must never be placed twice, per item. Empty: the Customer ID plus today's date in the workflow's time zone. Use a CRM event ID or a campaign name with the customer instead.",
			},
			{
				displayName: 'Skip Calls Already Placed',
				name: 'skipPlaced',
				type: 'boolean',
				default: true,
				description:
					"Whether to remember, in n8n's database, each call this workflow placed or attempted, and skip a row whose Placement Key is already there (re-runs, retried executions, events delivered twice, queue-mode workers). Skipped rows go to Failed.",
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
