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
 * The flat, sheet-friendly row of the "Simplify" toggle: the same columns for every item, so a
 * spreadsheet written from Passed and Failed has one header.
 *
 * Columns: `customerId`, `agentId`, `callId`, `threadId`, `toPhoneNumber`, `fromPhoneNumber`,
 * `compliancePassed`, `failedCheckIds` (string[]), `failedReasons` (one string, `; `-separated),
 * `requestId`, `checksPassed` / `checksFailed` (the API's check objects, reasons kept). Missing
 * values become `null`.
 */
function simplifiedRow(
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

/**
 * The Failed item for a row whose customer already appeared earlier in the same run (the option
 * "One Call Per Customer Per Run"). No request was sent. See {@link localCheckItem}; the raw form
 * carries `duplicateOfItem`.
 *
 * @param firstItemIndex the 0-based index of the item that carried the customer first.
 */
export function repeatedCustomerItem(input: CallInput, firstItemIndex: number, simplify: boolean): IDataObject {
	const check: ComplianceCheck = {
		id: LOCAL_REPEATED_CUSTOMER_CHECK,
		name: 'Repeated Customer In Run (n8n node, not Veritus)',
		description: 'Place at most one call per customer in one run of the node',
		reason: `Not sent to Veritus: customer ${input.customerId} already appears in item ${firstItemIndex} of this run, and "One Call Per Customer Per Run" is on`,
	};
	return localCheckItem(input, check, simplify, { duplicateOfItem: firstItemIndex });
}
