import type { INodeProperties } from 'n8n-workflow';

import { createCallProperties } from './create.description';

/** Most customers one `POST /calls/bulk` takes (the API document: `customerIds`, 1 to 100 unique). */
export const MAX_CUSTOMERS_PER_REQUEST = 100;

/** Show a property only for resource `call`, operation `createMany`. */
const showForCreateMany = { show: { resource: ['call'], operation: ['createMany'] } };

/** Call → Create's property `name`, for Create Many (the pipeline reads both under the same names). */
function fromCreate(name: string): INodeProperties {
	const property = createCallProperties.find((candidate) => candidate.name === name);
	if (!property) throw new Error(`Call → Create has no parameter ${name}`);
	return { ...property, displayOptions: showForCreateMany };
}

/** Descriptions that differ from Call → Create's: limits count requests, each of up to 100 customers. */
const OPTION_DESCRIPTIONS: Record<string, string> = {
	maxAttempts:
		'How many times to send a request when Veritus certainly placed none of its calls (429 Too Many Requests, or a connection refused before sending), the first try included. Other failures are never retried.',
	maxConcurrent:
		'How many Create Many requests (each up to Customers Per Request customers) may be in flight at the same time',
	requestsPerSecond:
		'Upper bound on new requests started per second, for a known rate limit; each request carries up to Customers Per Request customers. 0 means no cap.',
	maxRetryWait: 'Total milliseconds one request may wait between attempts before its items fail with a clear error',
	timeout:
		"Milliseconds to wait for each request's answer. When a request times out, every call in it may have been placed, so it is never retried.",
	placementKey:
		"What identifies one call that must never be placed twice, per item. Empty: the Customer ID (lower case) plus today's date in the workflow's time zone, the same key as Call → Create. Use a CRM event ID or a campaign name with the customer instead.",
};

/** The Options of Create Many: Call → Create's, without "One Call Per Customer Per Run" (always on), plus the request size. */
function createManyOptions(): INodeProperties {
	const options = fromCreate('options');
	const kept = (options.options as INodeProperties[])
		.filter((option) => option.name !== 'onePerCustomer')
		.map((option) =>
			OPTION_DESCRIPTIONS[option.name] ? { ...option, description: OPTION_DESCRIPTIONS[option.name] } : option,
		);
	const customersPerRequest: INodeProperties = {
		displayName: 'Customers Per Request',
		name: 'customersPerRequest',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CUSTOMERS_PER_REQUEST },
		default: MAX_CUSTOMERS_PER_REQUEST,
		description:
			'Most customers in one request (Veritus takes up to 100). Items with the same Agent ID and webhook share requests, in input order. Smaller requests put fewer calls in doubt when a request times out.',
	};
	const all = [...kept, customersPerRequest].sort((a, b) => a.displayName.localeCompare(b.displayName));
	return { ...options, options: all };
}

/**
 * Parameters of **Call → Create Many** (`POST /calls/bulk`): the parameters of Call → Create under
 * the same names (the placement pipeline reads `outputLayout`, `simplify` and `options`), shown
 * for this operation, with:
 * - Customer ID and Agent ID that must be UUIDs (the API document declares both `format: uuid` for
 *   this operation; a bad one would fail the whole request of up to 100 customers);
 * - no "One Call Per Customer Per Run": a repeated customer is always a local check, because one
 *   request may not name a customer twice (`customerIds` are unique);
 * - "Customers Per Request" (1 to 100, default 100).
 */
export const createManyProperties: INodeProperties[] = [
	{
		...fromCreate('customerId'),
		placeholder: 'e.g. {{ $json.veritus_customer_id }}',
		description:
			'The Veritus customer to call: a UUID, such as the ID that Customer → Create returns (not your own account number). Items are sent in requests of up to 100 customers; a customer repeated in the input is sent once, and the repeats go to Failed.',
	},
	{
		...fromCreate('agentId'),
		description:
			'The UUID of the agent Veritus assigned to you; the AI voice agent that places the calls. Items with different agents go in different requests.',
	},
	{
		...fromCreate('webhook'),
		description:
			"Where Veritus sends the updates of these calls (call created, call ended). To receive them in n8n, use a Veritus Trigger node's Production URL. Items with different webhooks go in different requests.",
	},
	fromCreate('outputLayout'),
	fromCreate('simplify'),
	createManyOptions(),
];
