import { notEligibleChecks } from './notEligible';
import type { ComplianceCheck, ComplianceResult } from './types';

export { isNotEligible, NOT_ELIGIBLE_CHECK, notEligibleChecks, parseFailedRules, ruleId } from './notEligible';
export type { ComplianceCheck, ComplianceResult } from './types';

/**
 * Where Veritus said whether a call may be placed (docs/outputs-and-errors.md, "Outputs and branching"):
 * - `data.compliance`: the seed page's shape, `{ passed, checksPassed[], checksFailed[] }`, at
 *   HTTP 200 or any 4xx;
 * - `publicFacingMessage`: the spec's Create Call answer to a blocked call, HTTP 422 with only
 *   `{ requestId, success: false, publicFacingMessage }`, the message naming the failed rules.
 * Create Calls in Bulk's per-customer `error` text reads like the second; see
 * {@link notEligibleChecks}.
 */
export type ComplianceSource = 'data.compliance' | 'publicFacingMessage';

/** A compliance result in one shape, whichever shape Veritus used, and where it came from. */
export interface ComplianceVerdict extends ComplianceResult {
	source: ComplianceSource;
}

/** Joins failed-check reasons into one readable cell: `"Is Active: Customer is not active; ..."`. */
export function joinReasons(checks: ComplianceCheck[]): string {
	return checks.map((check) => `${check.name || check.id}: ${check.reason}`).join('; ');
}

/** `body.data.compliance` when it carries a boolean `passed`, else `undefined`. */
function dataCompliance(body: unknown): Partial<ComplianceResult> | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const data = (body as { data?: unknown }).data;
	if (!data || typeof data !== 'object') return undefined;
	const compliance = (data as { compliance?: unknown }).compliance;
	if (!compliance || typeof compliance !== 'object') return undefined;
	return typeof (compliance as { passed?: unknown }).passed === 'boolean'
		? (compliance as Partial<ComplianceResult>)
		: undefined;
}

/**
 * Reads the compliance result of one answer, in every documented shape (see
 * {@link ComplianceSource}):
 * - a body with `data.compliance.passed` (a boolean), at **any** status: that result; check lists
 *   that are not arrays count as empty;
 * - a body without it, with a `publicFacingMessage` that says "not eligible", at a status below
 *   500 other than 429, and not `success: true`: failed, with the rules the message names parsed
 *   into `checksFailed` (or one `not-eligible` check holding the whole sentence).
 *
 * @returns the verdict, or `undefined` when the answer holds no compliance result (it is then an
 *   error or an unexpected answer, for the caller to map).
 */
export function readCompliance(statusCode: number, body: unknown): ComplianceVerdict | undefined {
	const compliance = dataCompliance(body);
	if (compliance) {
		return {
			passed: compliance.passed === true,
			checksPassed: Array.isArray(compliance.checksPassed) ? compliance.checksPassed : [],
			checksFailed: Array.isArray(compliance.checksFailed) ? compliance.checksFailed : [],
			source: 'data.compliance',
		};
	}
	if (statusCode >= 500 || statusCode === 429 || !body || typeof body !== 'object') return undefined;
	const { success, publicFacingMessage } = body as { success?: unknown; publicFacingMessage?: unknown };
	if (success === true) return undefined;
	const checksFailed = notEligibleChecks(publicFacingMessage);
	if (!checksFailed) return undefined;
	return { passed: false, checksPassed: [], checksFailed, source: 'publicFacingMessage' };
}
