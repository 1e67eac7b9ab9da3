import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { MAX_INTERACTIONS_PER_REQUEST } from './interactions';

/**
 * Parameters that SMS and Email share (and Customer ID's wording for both), named after the API's
 * fields so that an AI Agent's `$fromAI()` names match the API document. Every value may be an
 * expression, resolved per item. Each factory takes the `displayOptions` of the operations that
 * show the field.
 */

/**
 * Customer ID: the Veritus customer the SMS or email belongs to (path `customerId`).
 *
 * @param noun what belongs to the customer, for the description (`SMS`, `email`).
 */
export function customerIdField(displayOptions: IDisplayOptions, noun: string): INodeProperties {
	return {
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.veritus_customer_id }}',
		description: `The Veritus customer ID of the customer the ${noun} is about: the UUID that Customer → Create returns, not your own account number`,
		displayOptions,
	};
}

/**
 * Direction (API `direction`). The default is Outbound: a message recorded with the wrong
 * direction changes Veritus's compliance counts, and counting one of the team's own messages as
 * a contact is the cautious mistake.
 */
export function directionField(displayOptions: IDisplayOptions, noun: string): INodeProperties {
	return {
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		required: true,
		options: [
			{ name: 'Inbound', value: 'inbound', description: `The customer sent the ${noun} to you` },
			{ name: 'Outbound', value: 'outbound', description: `You sent the ${noun} to the customer` },
		],
		default: 'outbound',
		description: `Who sent the ${noun}. Veritus counts outbound messages as contacts in its compliance checks.`,
		displayOptions,
	};
}

/** Timestamp (API `timestamp`, format `date-time`). */
export function timestampField(displayOptions: IDisplayOptions, noun: string): INodeProperties {
	return {
		displayName: 'Timestamp',
		name: 'timestamp',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2024-01-15T10:30:00Z',
		description: `When the ${noun} was sent or received: an ISO 8601 date and time with Z or an offset such as -05:00. It is sent in UTC.`,
		displayOptions,
	};
}

/** Thread ID (API `threadId`), for an Additional Fields collection. */
export function threadIdField(noun: string): INodeProperties {
	return {
		displayName: 'Thread ID',
		name: 'threadId',
		type: 'string',
		default: '',
		placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
		description: `The Veritus thread (a UUID) to add the ${noun} to, such as the threadId of an earlier ${noun}. Empty: Veritus starts a new thread.`,
	};
}

/** Persist of SMS and Email → Generate (API `persist`, default true). */
export function persistField(displayOptions: IDisplayOptions, noun: string): INodeProperties {
	return {
		displayName: 'Persist',
		name: 'persist',
		type: 'boolean',
		default: true,
		description: `Whether Veritus stores the generated ${noun} as an outbound message of the customer (it then counts in Veritus's compliance checks, as if you had sent it). Veritus does not send it: you send it yourself. Turn off to only draft a text; a draft changes nothing in Veritus.`,
		displayOptions,
	};
}

/** "Interactions Per Request" of Import Many, for its Options collection (`chunkSize`). */
export function interactionsPerRequestOption(noun: string): INodeProperties {
	return {
		displayName: 'Interactions Per Request',
		name: 'chunkSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_INTERACTIONS_PER_REQUEST },
		default: MAX_INTERACTIONS_PER_REQUEST,
		description: `How many ${noun} of one customer go into one bulk request, at most ${MAX_INTERACTIONS_PER_REQUEST} (the API's limit). Items of different customers always go into different requests. A request that fails as a whole fails only its own items.`,
	};
}
