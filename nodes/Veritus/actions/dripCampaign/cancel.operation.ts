import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { customerIdWarnings } from '../../helpers/customerId';
import { withCustomerId } from '../../helpers/errors';
import { isRecord } from '../../helpers/fields';
import { optionsCollection } from '../../helpers/requestOptions';
import { answer, runItems, type ItemOperation, type RunnerItem } from '../../helpers/runner';
import {
	coerceIdentifier,
	customerIdPathSegment,
	invalidField,
	pathSegment,
	preview,
	readParameter,
} from '../../helpers/validation';
import { apiMessage, errorForStatus, veritusApiError, type ErrorSubject } from '../../transport/errors';

/** The reasons the API document lists for a cancellation (`reason` of the DELETE body). */
export const CANCEL_REASONS = ['customer-converted', 'customer-engaged'] as const;

/** One of {@link CANCEL_REASONS}. */
export type CancelReason = (typeof CANCEL_REASONS)[number];

/**
 * How errors of Drip Campaign → Cancel name what the request changes: "Veritus did not cancel the
 * drip campaign", "The drip campaign may have been cancelled". Its `unknownFlag`, the runner's way
 * of saying that a request may have taken effect, is `dripCampaignMayHaveBeenCancelled`: in an
 * error's context, an error item, and the summary of a run that stops.
 */
export const CANCEL_SUBJECT: ErrorSubject = Object.freeze({
	noun: 'drip campaign',
	verb: 'cancel',
	done: 'cancelled',
	unknownFlag: 'dripCampaignMayHaveBeenCancelled',
	request: 'request',
});

/** Show a property only for resource `dripCampaign`, operation `cancel`. */
const showForCancel = { show: { resource: ['dripCampaign'], operation: ['cancel'] } };

/**
 * The parameters of **Drip Campaign → Cancel** (`DELETE /customers/{customerId}/drip-campaigns/
 * {dripCampaignId}`). Names follow the API document: the two path segments and the body's `reason`.
 */
export const description: INodeProperties[] = [
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.customerId }}',
		description: 'The Veritus customer whose drip campaign to cancel',
		displayOptions: showForCancel,
	},
	{
		displayName: 'Drip Campaign ID',
		name: 'dripCampaignId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.dripCampaignId }}',
		description:
			"The ID of the customer's drip campaign: the dripCampaignId that Enroll returned, or that the Veritus Trigger's drip campaign events carry",
		displayOptions: showForCancel,
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		options: [
			{ name: 'None', value: '', description: 'Send no reason' },
			{ name: 'Customer Converted', value: 'customer-converted', description: 'The customer paid or agreed to pay' },
			{ name: 'Customer Engaged', value: 'customer-engaged', description: 'The customer answered or got in touch' },
		],
		default: '',
		description: 'Why the drip campaign is cancelled, as Veritus records it',
		displayOptions: showForCancel,
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return flat fields that write straight back into a sheet instead of the raw API response',
		displayOptions: showForCancel,
	},
	optionsCollection(showForCancel),
];

/** One cancellation, read and validated (a runner item: `errorFields` is `{ dripCampaignId }`). */
export interface PreparedCancel extends RunnerItem {
	customerId: string;
	dripCampaignId: string;
	reason?: CancelReason;
	/** `/customers/{customerId}/drip-campaigns/{dripCampaignId}`, each ID one encoded path segment. */
	path: string;
	/** `{ reason }`, or no body at all without a reason (the body is optional). */
	body?: { reason: CancelReason };
}

/**
 * Reads the Reason of one item: empty (or missing) for none, else one of {@link CANCEL_REASONS},
 * trimmed. An expression (an AI Agent's `$fromAI`, say) may give any text, so it is checked.
 *
 * @throws NodeOperationError `[item N] Reason …`.
 */
export function parseCancelReason(node: INode, itemIndex: number, value: unknown): CancelReason | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') {
		throw invalidField(
			node,
			itemIndex,
			'Reason',
			`must be text, but is ${Array.isArray(value) ? 'a list' : typeof value}`,
		);
	}
	const text = value.trim();
	if (!text) return undefined;
	const reason = CANCEL_REASONS.find((known) => known === text);
	if (!reason) {
		throw invalidField(
			node,
			itemIndex,
			'Reason',
			`must be ${CANCEL_REASONS.join(' or ')} (or empty), got ${preview(text)}`,
		);
	}
	return reason;
}

/**
 * Reads and validates item `itemIndex`: Customer ID and Drip Campaign ID (text or a safe integer,
 * trimmed, each one encoded path segment) and Reason.
 *
 * @throws NodeOperationError `[item N] <Field> <problem>`, with the Customer ID in its context.
 */
export function prepareCancel(ctx: IExecuteFunctions, itemIndex: number): PreparedCancel {
	const node = ctx.getNode();
	const customerId = coerceIdentifier(
		node,
		itemIndex,
		'Customer ID',
		readParameter(ctx, 'customerId', 'Customer ID', itemIndex),
	);
	try {
		const dripCampaignId = coerceIdentifier(
			node,
			itemIndex,
			'Drip Campaign ID',
			readParameter(ctx, 'dripCampaignId', 'Drip Campaign ID', itemIndex),
		);
		const reason = parseCancelReason(node, itemIndex, readParameter(ctx, 'reason', 'Reason', itemIndex, ''));
		const path = `/customers/${customerIdPathSegment(node, itemIndex, customerId)}/drip-campaigns/${pathSegment(node, itemIndex, 'Drip Campaign ID', dripCampaignId)}`;
		return {
			itemIndex,
			customerId,
			dripCampaignId,
			...(reason ? { reason, body: { reason } } : {}),
			path,
			errorFields: { dripCampaignId },
		};
	} catch (error) {
		throw withCustomerId(ctx, error, itemIndex, customerId);
	}
}

/**
 * Reads Veritus's answer to one cancellation. The API document says only "200 Drip campaign
 * canceled", with no body; the emulator answers the enrolment (`status: canceled`, `reason`,
 * `canceledAt`), and cancelling again answers the same.
 *
 * - 2xx without `success: false` (a JSON body, or none) → the output item. Simplify on: `customerId`,
 *   `dripCampaignId`, `canceled: true`, `reason` (the answer's, else the one sent, else `null`),
 *   `campaignName`, `dripCampaignStatus`, `canceledAt` (from the answer, else `null`), `requestId`.
 *   Off: the answer as returned (`{}` without a body).
 * - 404 → an error naming the customer and the drip campaign (Veritus's "Customer not found" or
 *   "Drip campaign not found" quoted).
 * - any other status → the node's status mapping, in cancellation words; a 2xx with
 *   `success: false` → not cancelled; a 2xx whose body is text but not JSON → unknown.
 *
 * @throws NodeApiError naming the item.
 */
export function readCancelAnswer(
	node: INode,
	item: PreparedCancel,
	statusCode: number,
	body: unknown,
	simplify: boolean,
): IDataObject {
	const about = { subject: CANCEL_SUBJECT, context: item.errorFields };
	const facts = { ...about, itemIndex: item.itemIndex, customerId: item.customerId };
	const record = isRecord(body) ? body : undefined;
	const empty = body === '' || body === undefined || body === null;
	if (statusCode >= 200 && statusCode < 300 && record?.success !== false && (record || empty)) {
		if (!simplify) return record ?? {};
		const data = isRecord(record?.data) ? record.data : {};
		const text = (value: unknown) => (typeof value === 'string' ? value : null);
		return {
			customerId: item.customerId,
			dripCampaignId: item.dripCampaignId,
			canceled: true,
			reason: text(data.reason) ?? item.reason ?? null,
			campaignName: text(data.campaignName),
			dripCampaignStatus: text(data.status),
			canceledAt: text(data.canceledAt),
			requestId: text(record?.requestId),
		};
	}
	if (statusCode === 404) {
		const said = apiMessage(body);
		throw veritusApiError(
			node,
			{ ...facts, httpCode: 404, certainty: 'notPlaced' },
			`Drip campaign ${item.dripCampaignId} of customer ${item.customerId} was not found in Veritus (HTTP 404)${said ? `. Veritus said: "${said}"` : ''}`,
			'Check the Customer ID and the Drip Campaign ID (the dripCampaignId Enroll returned) mapped for this item, and that the Base URL points at the right Veritus environment.',
		);
	}
	if (statusCode < 200 || statusCode >= 300) {
		throw errorForStatus(node, item.itemIndex, item.customerId, statusCode, body, about);
	}
	if (record) {
		const said = apiMessage(body);
		throw veritusApiError(
			node,
			{ ...facts, httpCode: statusCode, certainty: 'notPlaced' },
			`Veritus did not cancel the drip campaign${said ? `: ${said}` : ''}`,
			'Veritus answered success: false.',
		);
	}
	throw veritusApiError(
		node,
		{ ...facts, httpCode: statusCode, certainty: 'unknown' },
		`Veritus answered HTTP ${statusCode} with a body that is not JSON`,
		'The node cannot tell whether Veritus cancelled the drip campaign.',
	);
}

/**
 * Drip Campaign → Cancel as the runner of operations that place nothing runs it
 * (`helpers/runner.ts`): one `DELETE` per item, no body without a reason, the answer read by
 * {@link readCancelAnswer}; a Customer ID that is not a UUID gets the warning hint of
 * `helpers/customerId.ts`.
 *
 * @param simplify the Simplify toggle (node-wide, read once).
 */
export function cancelOperation(simplify: boolean): ItemOperation<PreparedCancel> {
	return {
		subject: CANCEL_SUBJECT,
		prepare: prepareCancel,
		warnings: customerIdWarnings,
		send: async (ctx, [item], requests) => {
			const { statusCode, body } = await requests.send({
				method: 'DELETE',
				path: item.path,
				...(item.body ? { body: item.body } : {}),
			});
			return [answer(readCancelAnswer(ctx.getNode(), item, statusCode, body, simplify))];
		},
	};
}

/**
 * Drip Campaign → Cancel: cancels each input item's drip campaign, with the optional reason
 * (`customer-converted`, `customer-engaged`). It places nothing, so it runs on the runner of
 * operations that place nothing rather than the placement pipeline: every item validated before
 * anything is sent, one request per item (bounded and paced by the Options), one output
 * (docs/drip-campaign.md, "Cancel").
 *
 * @returns `[items]`: one item per input item.
 * @throws NodeOperationError or NodeApiError: the first invalid item or request error, unless the
 *   node continues on fail; its description says which items Veritus answered, which may have been
 *   cancelled, and which were not sent.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runItems(this, cancelOperation(this.getNodeParameter('simplify', 0, true) as boolean));
}
