import type { IDataObject } from 'n8n-workflow';

/** One compliance check, as in the API document's `checksPassed` / `checksFailed` entries. */
export interface ComplianceCheck extends IDataObject {
	/** Stable check identifier, e.g. `is-active`, `cease-and-desist-exclusion`, `four-voice-call-per-day`. */
	id: string;
	name: string;
	description: string;
	/** Human-readable outcome, e.g. "Customer has requested cease and desist". */
	reason: string;
}

/** `data.compliance` of the create-call response (API document). */
export interface ComplianceResult extends IDataObject {
	passed: boolean;
	checksPassed: ComplianceCheck[];
	checksFailed: ComplianceCheck[];
}

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
 * The check id used for a repeated customer in one run. It is prefixed `local:` so it can never be
 * mistaken for one of Veritus's own compliance checks.
 */
export const LOCAL_REPEATED_CUSTOMER_CHECK = 'local:repeated-customer-in-run';

/** Joins failed-check reasons into one readable cell: `"Is Active: Customer is not active; ..."`. */
export function joinReasons(checks: ComplianceCheck[]): string {
	return checks.map((check) => `${check.name || check.id}: ${check.reason}`).join('; ');
}

/**
 * Shapes a create-call response into the flat, sheet-friendly item of the "Simplify" toggle.
 *
 * Fields: `customerId`, `agentId`, `callId`, `threadId`, `toPhoneNumber`, `fromPhoneNumber`,
 * `compliancePassed`, `failedCheckIds` (string[]), `failedReasons` (one string, `; `-separated),
 * `requestId`, plus `checksPassed` / `checksFailed` (the API's check objects, reasons kept).
 * Missing values become `null` so every row has the same columns.
 */
export function simplifyResponse(input: CallInput, response: CreateCallResponse): IDataObject {
	const { data } = response;
	const { compliance } = data;
	const checksFailed = Array.isArray(compliance.checksFailed) ? compliance.checksFailed : [];
	const checksPassed = Array.isArray(compliance.checksPassed) ? compliance.checksPassed : [];
	return {
		customerId: input.customerId,
		agentId: input.agentId,
		callId: data.id ?? null,
		threadId: data.threadId ?? null,
		toPhoneNumber: data.toPhoneNumber ?? null,
		fromPhoneNumber: data.fromPhoneNumber ?? null,
		compliancePassed: compliance.passed,
		failedCheckIds: checksFailed.map((check) => check.id),
		failedReasons: joinReasons(checksFailed),
		requestId: response.requestId ?? null,
		checksPassed,
		checksFailed,
	};
}

/**
 * The Failed item for a row whose customer already appeared earlier in the same run (the option
 * "One Call Per Customer Per Run"). No request was sent. With Simplify on it has the same columns
 * as a Veritus result; with Simplify off it is a small object that says it was skipped locally.
 *
 * @param firstItemIndex the 0-based index of the item that carried the customer first.
 */
export function repeatedCustomerItem(
	input: CallInput,
	firstItemIndex: number,
	simplify: boolean,
): IDataObject {
	const reason = `Not sent to Veritus: customer ${input.customerId} already appears in item ${firstItemIndex} of this run, and "One Call Per Customer Per Run" is on`;
	const check: ComplianceCheck = {
		id: LOCAL_REPEATED_CUSTOMER_CHECK,
		name: 'Repeated Customer In Run (n8n node, not Veritus)',
		description: 'Place at most one call per customer in one run of the node',
		reason,
	};
	if (!simplify) {
		return { skipped: true, customerId: input.customerId, agentId: input.agentId, duplicateOfItem: firstItemIndex, reason };
	}
	return {
		customerId: input.customerId,
		agentId: input.agentId,
		callId: null,
		threadId: null,
		toPhoneNumber: null,
		fromPhoneNumber: null,
		compliancePassed: false,
		failedCheckIds: [check.id],
		failedReasons: joinReasons([check]),
		requestId: null,
		checksPassed: [],
		checksFailed: [check],
	};
}
