import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { simplifyResponse, type CallInput, type CreateCallResponse } from '../../helpers/output';
import {
	coerceIdentifier,
	customerIdPathSegment,
	readParameter,
	validateWebhook,
	type WebhookBody,
} from '../../helpers/validation';
import { veritusApiRequest, type RequestPolicy, type RequestRecord } from '../../transport';
import { apiMessage, errorForStatus, hideSecret, veritusApiError } from '../../transport/errors';
import { createCallProperties } from './create.description';

/** The parameters of Call → Create, shown in the editor. */
export const description = createCallProperties;

/** One item, read and validated, ready to send. Produced by {@link prepare}. */
export interface PreparedCall extends CallInput {
	itemIndex: number;
	/** `/customers/{customerId}/calls`, the ID percent-encoded as one path segment. */
	path: string;
	/** The request body: `{ agentId, webhook? }` (API document). */
	body: { agentId: string; webhook?: WebhookBody };
	/** Key for "One Call Per Customer Per Run": the customer ID as sent. */
	dedupeKey: string;
	/**
	 * Key of the placement ledger ("Placement Key"): one call that must never be placed twice. Set
	 * by `helpers/prepare.ts`; empty until then.
	 */
	placementKey: string;
}

/** The classified result of one sent item: Passed (compliance passed) or Failed (blocked). */
export interface CallOutcome {
	passed: boolean;
	/** The output item's json: simplified fields or the raw API response. */
	json: IDataObject;
}

/**
 * Returns the validation error of an item with its Customer ID in `context`, so an error item
 * under "Continue (using regular output)" names the customer even when another field was bad.
 */
function withCustomerId(
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
 * Reads and validates item `itemIndex` (router step 2, `helpers/prepare.ts`): Customer ID and
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

/** Whether a parsed body carries `data.compliance` with a boolean `passed` (API document shape). */
function hasCompliance(body: unknown): body is CreateCallResponse {
	if (!body || typeof body !== 'object') return false;
	const data = (body as { data?: unknown }).data;
	if (!data || typeof data !== 'object') return false;
	const compliance = (data as { compliance?: unknown }).compliance;
	return (
		!!compliance && typeof compliance === 'object' && typeof (compliance as { passed?: unknown }).passed === 'boolean'
	);
}

/**
 * Sends one prepared call and classifies the answer (router step 3, `helpers/send.ts`):
 * - `data.compliance.passed === true` with a 2xx status → Passed;
 * - `data.compliance.passed === false` at **any** status (the API document does not say whether a
 *   blocked call is 200 or 4xx) → Failed;
 * - anything else → a `NodeApiError` with an actionable message.
 *
 * @param simplify "Simplify" toggle: flat fields (true) or the response as returned (false).
 * @param record filled in with what the transport saw (times, attempts, status), even on error.
 * @throws NodeApiError (from the transport or the status mapping).
 */
export async function execute(
	this: IExecuteFunctions,
	call: PreparedCall,
	policy: RequestPolicy,
	simplify: boolean,
	record: RequestRecord = { attempts: 0 },
): Promise<CallOutcome> {
	try {
		return await sendAndClassify(this, call, policy, simplify, record);
	} catch (error) {
		// An API may quote the request body in its error message; the Secret ID must not surface.
		const nodeError =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex: call.itemIndex });
		throw hideSecret(nodeError, call.body.webhook?.secretId);
	}
}

/** {@link execute} without the Secret ID guard. */
async function sendAndClassify(
	ctx: IExecuteFunctions,
	call: PreparedCall,
	policy: RequestPolicy,
	simplify: boolean,
	transport: RequestRecord,
): Promise<CallOutcome> {
	const node = ctx.getNode();
	const ref = { itemIndex: call.itemIndex, customerId: call.customerId };
	const { statusCode, body } = await veritusApiRequest.call(
		ctx,
		{ method: 'POST', path: call.path, body: call.body },
		policy,
		ref,
		transport,
	);
	const ok = statusCode >= 200 && statusCode < 300;

	if (hasCompliance(body)) {
		const passed = body.data.compliance.passed;
		if (passed && !ok) {
			throw veritusApiError(
				node,
				{ ...ref, httpCode: statusCode, certainty: 'unknown' },
				`Veritus answered HTTP ${statusCode} although compliance passed`,
				'The answer is contradictory, so the node cannot tell whether the call was placed.',
			);
		}
		return { passed, json: simplify ? simplifyResponse(call, body) : (body as IDataObject) };
	}

	if (!ok) throw errorForStatus(node, call.itemIndex, call.customerId, statusCode, body);

	const record = body && typeof body === 'object' ? (body as IDataObject) : undefined;
	if (record?.success === false) {
		// "success: Whether the call was successful" (API document): false means no call.
		const said = apiMessage(body);
		throw veritusApiError(
			node,
			{ ...ref, httpCode: statusCode, certainty: 'notPlaced' },
			`Veritus did not place the call${said ? `: ${said}` : ''}`,
			'Veritus answered success: false without a compliance result.',
		);
	}
	const callId = (record?.data as IDataObject | undefined)?.id;
	throw veritusApiError(
		node,
		{ ...ref, httpCode: statusCode, certainty: 'unknown' },
		record
			? `Veritus answered HTTP ${statusCode} without a compliance result${typeof callId === 'string' ? ` (call ${callId})` : ''}`
			: `Veritus answered HTTP ${statusCode} with a body that is not JSON`,
		'The node cannot tell whether compliance passed.',
	);
}
