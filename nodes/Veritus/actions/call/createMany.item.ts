import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readParameter, uuidIdentifier, validateWebhook, type WebhookBody } from '../../helpers/validation';
import type { PlacementItem } from '../../pipeline';
import { MAX_CUSTOMERS_PER_REQUEST } from './createMany.description';
import { MASKED_SECRET, withCustomerId } from './item';
import type { CallInput } from './output';

/** The path of Create Calls in Bulk, under the Base URL (API document: `POST /calls/bulk`). */
export const BULK_PATH = '/calls/bulk';

/** Where a Veritus customer ID comes from, for the error of an item whose Customer ID is not a UUID. */
const CUSTOMER_ID_HINT =
	"Veritus's customer IDs are UUIDs: the id that Customer → Create (POST /customers) returns for each of your customers. A value like an account number is your own ID, not Veritus's.";

/** One item of Call → Create Many, read and validated, waiting for its request. */
export interface BulkCall extends CallInput, PlacementItem {
	itemIndex: number;
	/** The customer's UUID as given (trimmed): sent in `customerIds`, shown in the output. */
	customerId: string;
	/** The agent's UUID as given (trimmed): the request's `agentId`. */
	agentId: string;
	webhook?: WebhookBody;
	/** Always {@link BULK_PATH}: every item of Create Many goes to the same endpoint. */
	path: string;
	/**
	 * This item's part of a request: its agent, customer and webhook. The request body is
	 * `{ agentId, customerIds, webhook? }` over the items of one group (see {@link groupBulkCalls}).
	 * The execution memo keys on it.
	 */
	body: { agentId: string; customerId: string; webhook?: WebhookBody };
	/** The customer ID in lower case: Veritus compares UUIDs in any case, and so does the node. */
	dedupeKey: string;
	placementKey: string;
	/** Items with the same key may share a request: the agent (lower case) and the webhook. */
	requestKey: string;
}

/**
 * Reads and validates item `itemIndex` of Call → Create Many (the pipeline's prepare step): the
 * Customer ID and the Agent ID must be UUIDs (the API document's `customerIds` and `agentId` are
 * `format: uuid`; one bad ID would make Veritus refuse the whole request, so it is refused here,
 * for its item alone); the optional webhook is checked as for Call → Create (absolute http(s) URL,
 * UUID Secret ID).
 *
 * @throws NodeOperationError `[item N] <Field> <problem>`, with the Customer ID in `context` once it is known.
 */
export function prepareBulkCall(this: IExecuteFunctions, itemIndex: number): BulkCall {
	const node = this.getNode();
	const customerId = uuidIdentifier(
		node,
		itemIndex,
		'Customer ID',
		readParameter(this, 'customerId', 'Customer ID', itemIndex),
		CUSTOMER_ID_HINT,
	);
	let agentId: string;
	let webhook: WebhookBody | undefined;
	try {
		agentId = uuidIdentifier(
			node,
			itemIndex,
			'Agent ID',
			readParameter(this, 'agentId', 'Agent ID', itemIndex),
			'Copy the UUID of the agent Veritus assigned to you.',
		);
		webhook = validateWebhook(node, itemIndex, readParameter(this, 'webhook', 'Webhook', itemIndex));
	} catch (error) {
		throw withCustomerId(this, error, itemIndex, customerId);
	}
	const body: BulkCall['body'] = webhook ? { agentId, customerId, webhook } : { agentId, customerId };
	return {
		itemIndex,
		customerId,
		agentId,
		webhook,
		path: BULK_PATH,
		body,
		dedupeKey: customerId.toLowerCase(),
		placementKey: '',
		requestKey: JSON.stringify([agentId.toLowerCase(), webhook?.url ?? null, webhook?.secretId ?? null]),
	};
}

/**
 * Groups the items still to send into Create Many requests (the pipeline's `group`):
 * - items with the same agent and webhook share requests (`requestKey`), at most `size` customers
 *   each (1 to 100, "Customers Per Request");
 * - items stay in input order inside a request, and requests are listed in the order of their
 *   first item;
 * - a request never names one customer twice (Veritus refuses the whole request then): a repeat
 *   starts a new request. The prepare step already sends a repeated customer to Failed, so this
 *   only guards the request's contract.
 *
 * @returns the requests, each a non-empty list of items; every queued item in exactly one.
 */
export function groupBulkCalls(queue: BulkCall[], size: number = MAX_CUSTOMERS_PER_REQUEST): BulkCall[][] {
	const limit = Math.max(1, Math.min(MAX_CUSTOMERS_PER_REQUEST, Math.floor(size)));
	const requests: BulkCall[][] = [];
	const open = new Map<string, { items: BulkCall[]; customers: Set<string> }>();
	for (const call of queue) {
		let request = open.get(call.requestKey);
		if (!request || request.items.length >= limit || request.customers.has(call.dedupeKey)) {
			request = { items: [], customers: new Set() };
			open.set(call.requestKey, request);
			requests.push(request.items);
		}
		request.items.push(call);
		request.customers.add(call.dedupeKey);
	}
	return requests;
}

/** The body of one Create Many request for `calls` (one group of {@link groupBulkCalls}). */
export function bulkRequestBody(calls: BulkCall[]): IDataObject {
	const [first] = calls;
	const body: IDataObject = { agentId: first.agentId, customerIds: calls.map((call) => call.customerId) };
	if (first.webhook) body.webhook = { ...first.webhook };
	return body;
}

/**
 * The item of a dry run for a customer that would be sent: the request it would go in (method,
 * path, `agentId`, webhook with the Secret ID masked). Its customer is one of that request's
 * `customerIds`, with the other items of the same agent and webhook, up to Customers Per Request.
 */
export function bulkDryRunItem(call: BulkCall): IDataObject {
	const body: IDataObject = { agentId: call.agentId };
	if (call.webhook) body.webhook = { ...call.webhook, secretId: MASKED_SECRET };
	return {
		dryRun: true,
		wouldSend: true,
		customerId: call.customerId,
		agentId: call.agentId,
		request: { method: 'POST', path: call.path, body },
	};
}
