import type { IDataObject, INode, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { notEligibleChecks, readCompliance, type ComplianceCheck } from '../../compliance';
import type { SendResult } from '../../pipeline';
import { apiMessage, veritusApiError } from '../../transport/errors';
import type { BulkCall } from './createMany.item';
import { simplifiedRow } from './output';

/**
 * Reading the answer of Create Calls in Bulk (API document: `POST /calls/bulk`, HTTP 200
 * `{ requestId, success: true, data: { summary: { total, successful, failed }, results[] } }`,
 * `results` in request order, each `{ customerId, success: true, data: { id, threadId,
 * toPhoneNumber, fromPhoneNumber, compliance, createdAt } }` or `{ customerId, success: false,
 * error }`), one result per item of the request.
 */

/** One entry of `data.results` (API document), as far as the node reads it. */
interface BulkResult {
	customerId?: unknown;
	success?: unknown;
	data?: unknown;
	error?: unknown;
}

/** The `results` of a bulk answer, or `undefined` when the body does not have the documented shape. */
export function bulkResults(body: unknown): BulkResult[] | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const data = (body as { data?: unknown }).data;
	if (!data || typeof data !== 'object') return undefined;
	const results = (data as { results?: unknown }).results;
	if (!Array.isArray(results)) return undefined;
	return results.map((result) => (result && typeof result === 'object' ? (result as BulkResult) : {}));
}

/**
 * Pairs each item of the request with its result: by position when the result names the item's
 * customer (the documented order), else by customer ID (compared in any case). A result is used
 * once.
 *
 * @returns one result per item, `undefined` for an item Veritus's answer does not mention.
 */
export function pairResults(calls: BulkCall[], results: BulkResult[]): Array<BulkResult | undefined> {
	const idOf = (result: BulkResult | undefined) =>
		typeof result?.customerId === 'string' ? result.customerId.toLowerCase() : undefined;
	const used = new Set<number>();
	const byCustomer = new Map<string, number[]>();
	results.forEach((result, index) => {
		const id = idOf(result);
		if (id !== undefined) byCustomer.set(id, [...(byCustomer.get(id) ?? []), index]);
	});
	const paired: Array<BulkResult | undefined> = calls.map((call, position) => {
		if (idOf(results[position]) === call.dedupeKey) {
			used.add(position);
			return results[position];
		}
		return undefined;
	});
	calls.forEach((call, position) => {
		if (paired[position]) return;
		const index = (byCustomer.get(call.dedupeKey) ?? []).find((candidate) => !used.has(candidate));
		if (index === undefined) return;
		used.add(index);
		paired[position] = results[index];
	});
	return paired;
}

/**
 * The output json of a customer Veritus answered with a compliance result:
 * - Simplify on: the flat row of Call → Create (`simplifiedRow`) plus `createdAt` (null when
 *   blocked), `requestId` being the bulk request's;
 * - Simplify off: the customer's result as returned, with the bulk request's `requestId`; a
 *   blocked customer also gets `compliancePassed: false` and the parsed `checksFailed`.
 */
function outcomeJson(
	call: BulkCall,
	result: BulkResult,
	requestId: string | undefined,
	compliance: { passed: boolean; checksPassed: ComplianceCheck[]; checksFailed: ComplianceCheck[] },
	simplify: boolean,
	parsedFromError: boolean,
): IDataObject {
	if (!simplify) {
		const raw: IDataObject = { requestId: requestId ?? null, ...(result as IDataObject) };
		if (parsedFromError) Object.assign(raw, { compliancePassed: false, checksFailed: compliance.checksFailed });
		return raw;
	}
	const data = (result.data && typeof result.data === 'object' ? result.data : {}) as IDataObject;
	return {
		...simplifiedRow(
			call,
			{
				id: typeof data.id === 'string' ? data.id : null,
				threadId: typeof data.threadId === 'string' ? data.threadId : null,
				toPhoneNumber: typeof data.toPhoneNumber === 'string' ? data.toPhoneNumber : undefined,
				fromPhoneNumber: typeof data.fromPhoneNumber === 'string' ? data.fromPhoneNumber : undefined,
				requestId,
			},
			compliance,
		),
		createdAt: typeof data.createdAt === 'string' ? data.createdAt : null,
	};
}

/**
 * Classifies one customer's result of a bulk answer (HTTP 2xx):
 * - `success: true` with `data.compliance.passed: true` → Passed (the call was placed);
 * - `success: false` with a "not eligible" `error` (`… 2 failed rule(s): 1. Name [reason], …`)
 *   or a failed `data.compliance` → Failed, the rules parsed into `checksFailed`;
 * - `success: false` with another `error` (`Customer not found`) → an error for this item; the
 *   call was not placed;
 * - anything else (no result for the customer, `success: true` without a passed compliance
 *   result, no `success`) → an error for this item saying the call may have been placed.
 */
export function readBulkResult(
	node: INode,
	call: BulkCall,
	result: BulkResult | undefined,
	requestId: string | undefined,
	simplify: boolean,
): SendResult {
	const ref = { itemIndex: call.itemIndex, customerId: call.customerId };
	const error = (
		certainty: 'notPlaced' | 'unknown',
		message: string,
		description: string,
	): { error: NodeApiError | NodeOperationError } => ({
		error: veritusApiError(node, { ...ref, certainty }, message, description),
	});
	if (!result) {
		return error(
			'unknown',
			"Veritus's answer to the Create Many request has no result for this customer",
			'The request was answered, but not for this customer, so the node cannot tell whether Veritus placed the call.',
		);
	}
	const verdict = readCompliance(200, { data: result.data });
	if (result.success === true) {
		if (verdict?.passed) return { passed: true, json: outcomeJson(call, result, requestId, verdict, simplify, false) };
		const callId = (result.data as IDataObject | undefined)?.id;
		return error(
			'unknown',
			verdict
				? "Veritus reported this customer's call as created although compliance failed"
				: `Veritus reported this customer's call as created without a compliance result${typeof callId === 'string' ? ` (call ${callId})` : ''}`,
			'The answer is contradictory or incomplete, so the node cannot tell whether the call was placed.',
		);
	}
	if (result.success === false) {
		if (verdict && !verdict.passed)
			return { passed: false, json: outcomeJson(call, result, requestId, verdict, simplify, false) };
		const checksFailed = notEligibleChecks(result.error);
		if (checksFailed) {
			const compliance = { passed: false, checksPassed: [], checksFailed };
			return { passed: false, json: outcomeJson(call, result, requestId, compliance, simplify, true) };
		}
		const said = apiMessage(result.error);
		return error(
			'notPlaced',
			`Veritus did not place the call${said ? `. Veritus said: "${said}"` : ''}`,
			said === 'Customer not found'
				? 'Check the Customer ID mapped for this item, and that the Base URL points at the right Veritus environment.'
				: "Veritus refused this customer in the Create Many request; the other customers' results are their own.",
		);
	}
	return error(
		'unknown',
		"Veritus's result for this customer has no success field",
		'The node cannot tell whether Veritus placed the call.',
	);
}
