import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withCustomerId } from '../../helpers/errors';
import {
	coerceIdentifier,
	customerIdPathSegment,
	readParameter,
	validateWebhook,
	type WebhookBody,
} from '../../helpers/validation';
import { MASKED_SECRET, webhookUrlWarnings, type WebhookItem } from '../../helpers/webhook';
import type { PlacementItem } from '../../pipeline';
import type { CallInput } from './output';

export { MASKED_SECRET } from '../../helpers/webhook';
export { withCustomerId } from '../../helpers/errors';

/** One item, read and validated, ready to send. Produced by {@link prepare}. */
export interface PreparedCall extends CallInput, PlacementItem {
	itemIndex: number;
	/** `/customers/{customerId}/calls`, the ID percent-encoded as one path segment. */
	path: string;
	/** The request body: `{ agentId, webhook? }` (API document). */
	body: { agentId: string; webhook?: WebhookBody };
	/** Key for "One Call Per Customer Per Run": the customer ID as sent. */
	dedupeKey: string;
	/**
	 * Key of the placement ledger ("Placement Key"): one call that must never be placed twice. Set
	 * by the pipeline's prepare step; empty until then.
	 */
	placementKey: string;
}

/**
 * Reads and validates item `itemIndex` (the pipeline's prepare step): Customer ID and
 * Agent ID are coerced to trimmed strings, the Customer ID becomes one encoded path segment, and
 * the optional webhook is checked (absolute http(s) URL, UUID secret).
 *
 * @throws NodeOperationError `[item N] <Field> <problem>`.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedCall {
	const node = this.getNode();
	const customerId = coerceIdentifier(
		node,
		itemIndex,
		'Customer ID',
		readParameter(this, 'customerId', 'Customer ID', itemIndex),
	);
	let agentId: string;
	let webhook: WebhookBody | undefined;
	let segment: string;
	try {
		agentId = coerceIdentifier(node, itemIndex, 'Agent ID', readParameter(this, 'agentId', 'Agent ID', itemIndex));
		webhook = validateWebhook(node, itemIndex, readParameter(this, 'webhook', 'Webhook', itemIndex));
		segment = customerIdPathSegment(node, itemIndex, customerId);
	} catch (error) {
		throw withCustomerId(this, error, itemIndex, customerId);
	}
	return {
		itemIndex,
		customerId,
		agentId,
		path: `/customers/${segment}/calls`,
		body: webhook ? { agentId, webhook } : { agentId },
		dedupeKey: customerId,
		placementKey: '',
	};
}

/**
 * The item of a dry run for a call that would be sent: the request exactly as the node would send
 * it (method, path under the Base URL, body), with the webhook Secret ID masked.
 */
export function dryRunItem(call: PreparedCall): IDataObject {
	const body: IDataObject = { ...call.body };
	if (call.body.webhook) body.webhook = { ...call.body.webhook, secretId: MASKED_SECRET };
	return {
		dryRun: true,
		wouldSend: true,
		customerId: call.customerId,
		agentId: call.agentId,
		request: { method: 'POST', path: call.path, body },
	};
}

/**
 * Webhook URLs that will not reach the workflow the user means, one warning each (an n8n test URL,
 * localhost, one resume URL for several items): `helpers/webhook.ts`, in a call's words.
 */
export function webhookWarnings(queue: WebhookItem[]): string[] {
	return webhookUrlWarnings(queue);
}
