import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { asNodeError } from '../../helpers/errors';
import { runPlacements, type PlacementOperation, type SendResult } from '../../pipeline';
import { veritusApiRequest, type RequestPolicy, type RequestRecord } from '../../transport';
import { apiMessage, errorForItem, errorForStatus, hideSecret, veritusApiError } from '../../transport/errors';
import { bulkResults, pairResults, readBulkResult } from './createMany.answer';
import { createManyProperties, MAX_CUSTOMERS_PER_REQUEST } from './createMany.description';
import {
	BULK_PATH,
	bulkDryRunItem,
	bulkRequestBody,
	groupBulkCalls,
	prepareBulkCall,
	type BulkCall,
} from './createMany.item';
import { webhookWarnings } from './item';
import { localCheckItem } from './output';

/** The parameters of Call → Create Many, shown in the editor. */
export const description = createManyProperties;

/**
 * Call → Create Many as the placement pipeline runs it: items grouped into `POST /calls/bulk`
 * requests of up to `customersPerRequest` customers with one agent and one webhook each, the
 * default placement key `<customerId in lower case>|<day>` (the key of Call → Create for the same
 * customer and day, so the two operations in one workflow share the ledger's protection).
 *
 * @param customersPerRequest "Customers Per Request", 1 to 100.
 */
export function bulkPlacement(customersPerRequest: number): PlacementOperation<BulkCall> {
	return {
		prepare: (ctx, itemIndex) => prepareBulkCall.call(ctx, itemIndex),
		defaultPlacementKey: (call, day) => `${call.dedupeKey}|${day}`,
		group: (queue) => groupBulkCalls(queue, customersPerRequest),
		send: async (ctx, calls, policy, simplify, record) => await sendBulk(ctx, calls, policy, simplify, record),
		localItem: (call, check, simplify, extra) =>
			simplify
				? { ...localCheckItem(call, check, simplify, extra), createdAt: null }
				: localCheckItem(call, check, simplify, extra),
		dryRunItem: bulkDryRunItem,
		warnings: webhookWarnings,
		alwaysOnePerCustomer: true,
	};
}

/**
 * Call → Create Many: places the calls of many items through Create Calls in Bulk, after
 * Veritus's compliance checks, and routes each item to Passed or Failed (docs/call.md, "Create
 * Many"). The steps and guarantees are the placement pipeline's (`pipeline/index.ts`): every item
 * validated before anything is sent, each customer claimed in the ledger before its request, a
 * repeated customer a local check, requests bounded and paced, each item once through the
 * execution memo, one output item per input item.
 *
 * @returns `[passed, failed]`, or `[all]` with the single-output layout.
 * @throws NodeOperationError or NodeApiError: the run's first error, unless the node continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const raw = this.getNodeParameter('options.customersPerRequest', 0, MAX_CUSTOMERS_PER_REQUEST) as unknown;
	const size = typeof raw === 'number' && Number.isFinite(raw) ? raw : MAX_CUSTOMERS_PER_REQUEST;
	return await runPlacements(this, bulkPlacement(size));
}

/** Most item indexes a whole-request error's description lists; the rest are counted. */
const LISTED_ITEMS = 10;

/** The sentence every item of a request that failed as a whole gets in its description. */
function requestNote(calls: BulkCall[]): string {
	const indexes = calls.slice(0, LISTED_ITEMS).map((call) => call.itemIndex);
	const more = calls.length > LISTED_ITEMS ? ` and ${calls.length - LISTED_ITEMS} more` : '';
	return `This item was one of ${calls.length} customer(s) in one Create Many request (items ${indexes.join(', ')}${more}); the request failed as a whole, so each of its items has this error.`;
}

/**
 * Sends one Create Many request for `calls` (one group: one agent, one webhook, up to 100
 * distinct customers) and reads the answer into one result per item, in order:
 * - HTTP 2xx with `data.results`: each customer's result (`createMany.answer.ts`);
 * - HTTP 2xx without results: `success: false` means none was placed (an error for each item);
 *   any other body leaves every call in doubt (an error for each item: may have been placed);
 * - another status or a failed request (`transport/`: 429 waited out within the budget, a
 *   refused connection retried; a timeout, a reset or a 5xx never retried): the same error for
 *   each item, told for that item (`errorForItem`), so each names its own customer and says whether
 *   its call may have been placed.
 * The webhook's Secret ID never reaches an error.
 *
 * @param record filled in with what the transport saw (times, attempts, status), even on error.
 * @returns one result per item of `calls`; never throws for the request's own failure.
 */
export async function sendBulk(
	ctx: IExecuteFunctions,
	calls: BulkCall[],
	policy: RequestPolicy,
	simplify: boolean,
	record: RequestRecord = { attempts: 0 },
): Promise<SendResult[]> {
	const node = ctx.getNode();
	const [first] = calls;
	const secret = first.webhook?.secretId;
	const note = requestNote(calls);
	const hidden = (error: NodeApiError | NodeOperationError) => ({ error: hideSecret(error, secret) });
	/** `error` told for `call`, its description saying which request the item was part of. */
	const forCall = (error: NodeApiError | NodeOperationError, call: BulkCall) => {
		const told = errorForItem(node, error, { itemIndex: call.itemIndex, customerId: call.customerId });
		told.description = `${told.description ?? ''} ${note}`.trim();
		return told;
	};
	/** The same error for every item of the request, told for each. */
	const whole = (error: NodeApiError | NodeOperationError) => calls.map((call) => hidden(forCall(error, call)));

	let statusCode: number;
	let body: unknown;
	try {
		({ statusCode, body } = await veritusApiRequest.call(
			ctx,
			{ method: 'POST', path: BULK_PATH, body: bulkRequestBody(calls) },
			policy,
			{ itemIndex: first.itemIndex, customerId: first.customerId },
			record,
		));
	} catch (error) {
		return whole(asNodeError(ctx, error, first.itemIndex));
	}

	if (statusCode < 200 || statusCode >= 300) {
		return calls.map((call) =>
			hidden(forCall(errorForStatus(node, call.itemIndex, call.customerId, statusCode, body), call)),
		);
	}
	const results = bulkResults(body);
	if (!results) {
		const answer = body && typeof body === 'object' ? (body as IDataObject) : undefined;
		if (answer?.success === false) {
			const said = apiMessage(body);
			return whole(
				veritusApiError(
					node,
					{ itemIndex: first.itemIndex, customerId: first.customerId, httpCode: statusCode, certainty: 'notPlaced' },
					`Veritus did not place the calls${said ? `: ${said}` : ''}`,
					'Veritus answered success: false without per-customer results.',
				),
			);
		}
		return whole(
			veritusApiError(
				node,
				{ itemIndex: first.itemIndex, customerId: first.customerId, httpCode: statusCode, certainty: 'unknown' },
				answer
					? `Veritus answered HTTP ${statusCode} without per-customer results`
					: `Veritus answered HTTP ${statusCode} with a body that is not JSON`,
				'The node cannot tell which calls of the request were placed.',
			),
		);
	}
	const requestId =
		body && typeof (body as IDataObject).requestId === 'string'
			? ((body as IDataObject).requestId as string)
			: undefined;
	return pairResults(calls, results).map((result, position) => {
		const read = readBulkResult(node, calls[position], result, requestId, simplify);
		return 'error' in read ? hidden(read.error) : read;
	});
}
