import type { IDataObject } from 'n8n-workflow';

import { joinReasons, type ComplianceCheck, type ComplianceResult } from '../../compliance';

/** `data` of the create-call response (API document). `id`/`threadId` may be absent when blocked. */
export interface CallData extends IDataObject {
	id?: string | null;
	threadId?: string | null;
	toPhoneNumber?: string;
	fromPhoneNumber?: string;
	compliance: ComplianceResult;
}

/** The create-call response body: `{ requestId, success, data }` (API document). */
export interface CreateCallResponse extends IDataObject {
	requestId?: string;
	success?: boolean;
	data: CallData;
}

/** What was asked for one item: the resolved IDs, as sent. */
export interface CallInput {
	customerId: string;
	agentId: string;
}

/**
 * The flat, sheet-friendly row of the "Simplify" toggle: the same columns for every item, so a
 * spreadsheet written from Passed and Failed has one header.
 *
 * Columns: `customerId`, `agentId`, `callId`, `threadId`, `toPhoneNumber`, `fromPhoneNumber`,
 * `compliancePassed`, `failedCheckIds` (string[]), `failedReasons` (one string, `; `-separated),
 * `requestId`, `checksPassed` / `checksFailed` (the API's check objects, reasons kept). Missing
 * values become `null`.
 */
export function simplifiedRow(
	input: CallInput,
	call: {
		id?: string | null;
		threadId?: string | null;
		toPhoneNumber?: string;
		fromPhoneNumber?: string;
		requestId?: string;
	},
	compliance: { passed: boolean; checksPassed: ComplianceCheck[]; checksFailed: ComplianceCheck[] },
): IDataObject {
	return {
		customerId: input.customerId,
		agentId: input.agentId,
		callId: call.id ?? null,
		threadId: call.threadId ?? null,
		toPhoneNumber: call.toPhoneNumber ?? null,
		fromPhoneNumber: call.fromPhoneNumber ?? null,
		compliancePassed: compliance.passed,
		failedCheckIds: compliance.checksFailed.map((check) => check.id),
		failedReasons: joinReasons(compliance.checksFailed),
		requestId: call.requestId ?? null,
		checksPassed: compliance.checksPassed,
		checksFailed: compliance.checksFailed,
	};
}

/**
 * Shapes a create-call response into the flat item of the "Simplify" toggle (see
 * {@link simplifiedRow} for the columns). Check lists that are not arrays count as empty.
 */
export function simplifyResponse(input: CallInput, response: CreateCallResponse): IDataObject {
	const { data } = response;
	const { compliance } = data;
	return simplifiedRow(
		input,
		{ ...data, requestId: response.requestId },
		{
			passed: compliance.passed,
			checksPassed: Array.isArray(compliance.checksPassed) ? compliance.checksPassed : [],
			checksFailed: Array.isArray(compliance.checksFailed) ? compliance.checksFailed : [],
		},
	);
}

/**
 * The Failed item for a row that a check of this node kept from being sent (its id starts with
 * `local:`). With Simplify on it has the columns of {@link simplifiedRow}, the local check as the
 * only failed check; with Simplify off it is a small object that says it was skipped locally,
 * with `extra` fields.
 */
export function localCheckItem(
	input: CallInput,
	check: ComplianceCheck,
	simplify: boolean,
	extra: IDataObject = {},
): IDataObject {
	if (!simplify) {
		return { skipped: true, customerId: input.customerId, agentId: input.agentId, ...extra, reason: check.reason };
	}
	return simplifiedRow(input, {}, { passed: false, checksPassed: [], checksFailed: [check] });
}
