import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_LEDGER_SETTLE_MS, DEFAULT_LEDGER_SIZE } from '../../ledger';
import {
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_CONCURRENT,
	DEFAULT_MAX_RETRY_WAIT_MS,
	DEFAULT_TIMEOUT_MS,
} from '../../pipeline/settings';

/** Show a property only for resource `dripCampaign`, operation `enroll`. */
const showForEnroll = { show: { resource: ['dripCampaign'], operation: ['enroll'] } };

/**
 * Parameters of **Drip Campaign → Enroll** (`POST /customers/{customerId}/drip-campaigns`). Every
 * value may be an expression resolved per item. Names follow the API document: `customerId` is the
 * path segment, `campaignName` and `webhook.{url,secretId}` the body. The Options are the placement
 * pipeline's (the names `pipeline/settings.ts` reads), worded for enrolments; Calling Hours and
 * Attempt Cap are left out, since Veritus itself starts the campaign at the next compliant time.
 * (docs/drip-campaign.md, "Enroll")
 */
export const enrollProperties: INodeProperties[] = [
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.customer_id }}',
		description:
			'The Veritus customer to enroll. A number from a spreadsheet is accepted; surrounding spaces are trimmed.',
		displayOptions: showForEnroll,
	},
	{
		displayName: 'Campaign Name',
		name: 'campaignName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. early-stage-collections',
		description: 'The name of the drip campaign, as Veritus assigned it to your organisation',
		displayOptions: showForEnroll,
	},
	{
		displayName: 'Webhook',
		name: 'webhook',
		type: 'collection',
		placeholder: 'Add Webhook Field',
		default: {},
		description:
			"Where Veritus sends the drip campaign's updates (drip-campaign.sms, drip-campaign.call-created, drip-campaign.call-ended), for example a Veritus Trigger's production URL",
		displayOptions: showForEnroll,
		options: [
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/webhook/veritus',
				description: 'Absolute http(s) URL that receives the updates. Required once the webhook has any field.',
			},
			{
				displayName: 'Secret ID',
				name: 'secretId',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				placeholder: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
				description: 'UUID of the webhook secret Veritus signs the updates with. Empty: the updates come unsigned.',
			},
		],
	},
	{
		displayName: 'Output Layout',
		name: 'outputLayout',
		type: 'options',
		noDataExpression: true,
		displayOptions: showForEnroll,
		options: [
			{
				name: 'Passed and Failed',
				value: 'split',
				description:
					'Two outputs: customers enrolled (now or scheduled) and customers not enrolled (blocked, already enrolled, skipped)',
			},
			{
				name: 'Single Output',
				value: 'single',
				description: 'One output with every item; branch on the enrolled field',
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
		displayOptions: showForEnroll,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showForEnroll,
		options: [
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to run every check and show, per item, the request that would be sent (Secret ID masked), without sending anything',
			},
			{
				displayName: 'Include Other Input Fields',
				name: 'includeInputFields',
				type: 'boolean',
				default: false,
				description:
					"Whether to keep the input row's own fields next to the result. An input field that has the name of a result field is kept with the prefix input_.",
			},
			{
				displayName: 'Ledger Settle Time',
				name: 'ledgerSettleTime',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_LEDGER_SETTLE_MS,
				description:
					"Milliseconds between recording this run's enrolments in the ledger and checking that no other worker's write replaced the record",
			},
			{
				displayName: 'Ledger Size',
				name: 'ledgerSize',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: DEFAULT_LEDGER_SIZE,
				description:
					'Most entries the placement ledger keeps for this workflow (calls and enrolments together); the oldest are forgotten first',
			},
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: DEFAULT_MAX_ATTEMPTS,
				description:
					'How many times to send an item when Veritus certainly did not enroll the customer (429 Too Many Requests, or a connection refused before sending), the first try included. Other failures are never retried.',
			},
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrent',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: DEFAULT_MAX_CONCURRENT,
				description: 'How many enrolments may be requested from Veritus at the same time',
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
				displayName: 'One Enrolment Per Customer And Campaign Per Run',
				name: 'onePerCustomer',
				type: 'boolean',
				default: true,
				description:
					'Whether to send at most one enrolment per customer and campaign in one run. Repeated rows go to Failed with the local check "repeated-customer-in-run".',
			},
			{
				displayName: 'Placement Key',
				name: 'placementKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.event_id }}',
				description:
					'What identifies one enrolment that must never be made twice, per item. Empty: enroll|Customer ID|Campaign Name, so this workflow enrolls a customer in a campaign once. To enroll again later, use a key with a date or a CRM event ID, or release the key.',
			},
			{
				displayName: 'Skip Enrolments Already Made',
				name: 'skipPlaced',
				type: 'boolean',
				default: true,
				description:
					"Whether to remember, in n8n's database, each enrolment this workflow made or attempted, and skip a row whose Placement Key is already there (re-runs, retried executions, events delivered twice, queue-mode workers). Skipped rows go to Failed.",
			},
			{
				displayName: 'Timeout',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_TIMEOUT_MS,
				description:
					'Milliseconds to wait for each response. A timed-out enrolment may still have been made, so it is never retried.',
			},
		],
	},
];
