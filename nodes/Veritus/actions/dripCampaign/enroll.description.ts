import type { INodeProperties } from 'n8n-workflow';

import { placementOptionsCollection } from '../../pipeline/settings';
import { ENROLMENT_TERMS } from './enrollment';

/** Show a property only for resource `dripCampaign`, operation `enroll`. */
const showForEnroll = { show: { resource: ['dripCampaign'], operation: ['enroll'] } };

/**
 * Parameters of **Drip Campaign → Enroll** (`POST /customers/{customerId}/drip-campaigns`). Every
 * value may be an expression resolved per item. Names follow the API document: `customerId` is the
 * path segment, `campaignName` and `webhook.{url,secretId}` the body. The Options are the placement
 * pipeline's (`placementOptionsCollection` in `pipeline/settings.ts`), worded for enrolments;
 * Calling Hours and Attempt Cap are left out, since Veritus itself starts the campaign at the next
 * compliant time.
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
			"Where Veritus sends the drip campaign's updates (drip-campaign.sms, drip-campaign.call-created, drip-campaign.call-ended). To receive them in n8n, use a Veritus Trigger node's Production URL.",
		displayOptions: showForEnroll,
		options: [
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/webhook/veritus',
				description:
					"Absolute http(s) URL that receives the updates. Required once the webhook has any field. Paste the Production URL of a Veritus Trigger node here (shown in the trigger's panel, with /webhook/ in it; a /webhook-test/ URL only listens while the editor waits for a test event), and publish that workflow.",
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
	placementOptionsCollection(showForEnroll, ENROLMENT_TERMS),
];
