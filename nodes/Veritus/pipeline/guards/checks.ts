import type { ComplianceCheck } from '../../compliance';

/**
 * Check id of the calling-hours guard. Like every guard id it starts with `local:`, so it can
 * never be mistaken for one of Veritus's own compliance checks (the convention of
 * `LOCAL_REPEATED_CUSTOMER_CHECK` in pipeline/localChecks.ts).
 */
export const LOCAL_OUTSIDE_CALLING_HOURS_CHECK = 'local:outside-calling-hours';

/** Check id of the call-count guard: the row already counts the limit of calls in 7 days. */
export const LOCAL_ATTEMPT_CAP_CHECK = 'local:attempt-cap-7-in-7';

/** Check id of the conversation guard: a telephone conversation about the debt in the last 7 days. */
export const LOCAL_CONVERSATION_CHECK = 'local:conversation-in-last-7-days';

/** One of the `local:` check ids the guards report. */
export type LocalGuardCheckId =
	typeof LOCAL_OUTSIDE_CALLING_HOURS_CHECK | typeof LOCAL_ATTEMPT_CAP_CHECK | typeof LOCAL_CONVERSATION_CHECK;

/** Appended to every guard's check name, so a sheet never attributes the block to Veritus. */
export const NODE_CHECK_SUFFIX = '(n8n node, not Veritus)';

/**
 * Name and description of each guard's check, for {@link guardCheck}. The descriptions cite the
 * Regulation F (12 CFR part 1006) rule each guard follows; the guards run in the n8n node before
 * dialling and never replace Veritus's own compliance checks.
 */
export const LOCAL_GUARD_CHECKS: Readonly<Record<LocalGuardCheckId, { name: string; description: string }>> =
	Object.freeze({
		[LOCAL_OUTSIDE_CALLING_HOURS_CHECK]: Object.freeze({
			name: `Outside Calling Hours ${NODE_CHECK_SUFFIX}`,
			description:
				"Checked by the n8n node before dialling, not by Veritus: the time at the consumer's location must be inside the configured calling hours. Regulation F presumes calls before 8:00 or after 21:00 local time inconvenient (12 CFR 1006.6(b)(1)(i)).",
		}),
		[LOCAL_ATTEMPT_CAP_CHECK]: Object.freeze({
			name: `Call Attempt Cap, 7 in 7 Days ${NODE_CHECK_SUFFIX}`,
			description:
				'Checked by the n8n node before dialling, not by Veritus: the calls placed in the last 7 days must be fewer than the limit (at most 7). Regulation F presumes more than 7 calls within 7 consecutive days harassment (12 CFR 1006.14(b)(2)(i)(A)).',
		}),
		[LOCAL_CONVERSATION_CHECK]: Object.freeze({
			name: `Conversation In Last 7 Days ${NODE_CHECK_SUFFIX}`,
			description:
				'Checked by the n8n node before dialling, not by Veritus: no telephone conversation about the debt in the last 7 days. Regulation F presumes a call within 7 consecutive days after such a conversation harassment (12 CFR 1006.14(b)(2)(i)(B)).',
		}),
	});

/** Why a guard blocks one item. */
export interface GuardFailure {
	/** Which guard blocked the item. */
	checkId: LocalGuardCheckId;
	/** One readable sentence for the sheet, naming the values that blocked the call. */
	reason: string;
	/**
	 * ISO 8601 UTC instant (`2026-03-08T15:00:00Z`) from which this guard would let the call
	 * through, when it can be known. The count guard cannot know it (the row only holds a count).
	 */
	nextAllowedAt?: string;
}

/**
 * Builds a check object shaped like the API's compliance checks (`{ id, name, description,
 * reason }`, see `ComplianceCheck` in compliance/), so a blocked item can list it in
 * `checksFailed` next to the checks Veritus reports.
 *
 * The name always says the check belongs to the n8n node: {@link NODE_CHECK_SUFFIX} is appended
 * unless the name already carries it.
 *
 * @param id a `local:` check id, e.g. {@link LOCAL_ATTEMPT_CAP_CHECK}.
 * @throws RangeError when `id` does not start with `local:` (a programming error: such an id could
 *   pass for a Veritus check).
 */
export function guardCheck(id: string, name: string, description: string, reason: string): ComplianceCheck {
	if (!id.startsWith('local:') || id.length === 'local:'.length) {
		throw new RangeError(`A guard check id must start with "local:", got ${JSON.stringify(id)}`);
	}
	const fullName = name.includes(NODE_CHECK_SUFFIX) ? name : `${name} ${NODE_CHECK_SUFFIX}`.trim();
	return { id, name: fullName, description, reason };
}

/**
 * The check object for a guard failure, with the name and description from
 * {@link LOCAL_GUARD_CHECKS} and the failure's reason.
 */
export function guardFailureCheck(failure: GuardFailure): ComplianceCheck {
	const { name, description } = LOCAL_GUARD_CHECKS[failure.checkId];
	return guardCheck(failure.checkId, name, description, failure.reason);
}

/** Short, safe rendering of a rejected value: shared with the field validation. */
export { preview } from '../../helpers/validation';

/** How a rejected non-text value is named in a message: `a number`, `a list`, `an object`. */
export function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value instanceof Date) return 'a date object';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}
