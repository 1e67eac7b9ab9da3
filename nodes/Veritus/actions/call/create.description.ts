import type { INodeProperties } from 'n8n-workflow';

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
];
