import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	coerceIdentifier,
	customerIdPathSegment,
	readParameter,
	validateWebhook,
	type WebhookBody,
} from '../../helpers/validation';
import type { PlacementItem } from '../../pipeline';
import type { CallInput } from './output';

/** What a dry run shows instead of a Secret ID. */
export const MASKED_SECRET = '********';

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
 * Returns the validation error of an item with its Customer ID in `context`, so an error item
 * under "Continue (using regular output)" names the customer even when another field was bad.
 */
export function withCustomerId(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	customerId: string,
): NodeOperationError {
	const nodeError =
		error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	nodeError.context.customerId = customerId;
	return nodeError;
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
 * Webhook URLs that will not reach the workflow the user means, one warning each:
 * - an n8n test URL (`/webhook-test/`): it listens only while the editor waits for a test event;
 * - `localhost` or a loopback address: Veritus's servers cannot reach it;
 * - one `$execution.resumeUrl` (`/webhook-waiting/…`) for more than one item: the first update
 *   resumes the execution, and the other calls' updates find nothing waiting.
 */
export function webhookWarnings(queue: Array<{ itemIndex: number; body: { webhook?: WebhookBody } }>): string[] {
	const warnings: string[] = [];
	const items = (test: (url: URL) => boolean) =>
		queue.filter((call) => call.body.webhook && test(new URL(call.body.webhook.url))).map((call) => call.itemIndex);
	const list = (indexes: number[]) =>
		`item${indexes.length > 1 ? 's' : ''} ${indexes.slice(0, 10).join(', ')}${indexes.length > 10 ? ', …' : ''}`;
	const testUrls = items((url) => url.pathname.includes('/webhook-test/'));
	if (testUrls.length) {
		warnings.push(
			`The Webhook URL of ${list(testUrls)} is an n8n test URL (/webhook-test/): it only listens while the editor waits for a test event, so Veritus's call updates will be lost. Use the production URL (/webhook/).`,
		);
	}
	const loopback = items(
		(url) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(url.hostname) || url.hostname.endsWith('.localhost'),
	);
	if (loopback.length) {
		warnings.push(
			`The Webhook URL of ${list(loopback)} points at localhost: Veritus's servers cannot reach it, so the call updates will be lost. Use an address Veritus can reach.`,
		);
	}
	const resumeUrls = items((url) => url.pathname.includes('/webhook-waiting/'));
	if (resumeUrls.length > 1) {
		warnings.push(
			`${resumeUrls.length} items (${list(resumeUrls)}) send their call updates to an execution's resume URL ($execution.resumeUrl): the first update resumes the execution, and the updates of the other calls find nothing waiting.`,
		);
	}
	return warnings;
}
