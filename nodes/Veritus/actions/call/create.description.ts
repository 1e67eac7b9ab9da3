import type { INodeProperties } from 'n8n-workflow';

import { CALL_TERMS } from '../../pipeline';
import { placementOptionsCollection } from '../../pipeline/settings';

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
	placementOptionsCollection(showForCreate, CALL_TERMS, [
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
	]),
];
