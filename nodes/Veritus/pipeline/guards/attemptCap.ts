import type { INode } from 'n8n-workflow';

import { invalidField } from '../../helpers/validation';
import { kindOf, LOCAL_ATTEMPT_CAP_CHECK, LOCAL_CONVERSATION_CHECK, preview, type GuardFailure } from './checks';
import { addDays, DAY_MS, formatUtc, HOUR_MS, instantMs, instantsShowing, MINUTE_MS } from './zonedTime';

/** Field name of the row's call count in error messages. */
export const CALLS_IN_LAST_7_DAYS_FIELD = 'Calls In Last 7 Days';
/** Field name of the row's last conversation in error messages. */
export const LAST_CONVERSATION_AT_FIELD = 'Last Conversation At';
/** Field name of the call limit in error messages. */
export const CALL_LIMIT_FIELD = 'Max Calls In 7 Days';

/**
 * Regulation F's call frequency, 7 calls within 7 consecutive days: 12 CFR 1006.14(b)(2)(i)(A)
 * presumes more than 7 harassment, so with 7 placed the 8th is blocked.
 */
export const REGULATION_F_CALL_LIMIT = 7;

/** The period both attempt rules look back over: 7 days of 24 hours, in milliseconds. */
export const ATTEMPT_PERIOD_MS = 7 * DAY_MS;

/** What {@link checkAttemptCap} reads from one item. */
export interface AttemptCapInput {
	/**
	 * Calls placed to this person about this debt in the last 7 days: a whole number 0 or more, or
	 * its decimal text (`"7"`). `undefined`, `null` and blank text mean "not provided".
	 */
	callsInLast7Days?: unknown;
	/**
	 * When the last telephone conversation about the debt took place: an ISO 8601 date-time with
	 * `Z` or an offset (`2026-03-01T14:30:00Z`, `2026-03-01T09:30:00-05:00`), a date alone
	 * (`2026-03-01`), or a `Date`. `undefined`, `null` and blank text mean "not provided".
	 */
	lastConversationAt?: unknown;
	/** The instant of the call. */
	now: Date;
	/** Calls allowed in 7 days, a whole number 1–7; defaults to {@link REGULATION_F_CALL_LIMIT}. */
	limit?: unknown;
	/**
	 * The consumer's IANA time zone (from `parseTimeZone`), if known. Used only to place a
	 * conversation date given without a time on the local calendar.
	 */
	timeZone?: string;
}

/** The outcome of {@link checkAttemptCap}. */
export type AttemptCapResult =
	| { allowed: true }
	| ({
			allowed: false;
			checkId: typeof LOCAL_ATTEMPT_CAP_CHECK | typeof LOCAL_CONVERSATION_CHECK;
	  } & GuardFailure);

/**
 * Reads the row's call count.
 *
 * @returns the count, or `undefined` when not provided (`undefined`, `null`, blank text).
 * @throws NodeOperationError naming the item and "Calls In Last 7 Days" for anything but a whole
 *   number 0 or more or its decimal digits (`-1`, `2.5`, `"seven"`, `true`).
 */
function parseCallCount(node: INode, itemIndex: number, value: unknown): number | undefined {
	if (value === undefined || value === null) return undefined;
	const problem = 'must be a whole number of calls, 0 or more';
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value) || value < 0) {
			throw invalidField(node, itemIndex, CALLS_IN_LAST_7_DAYS_FIELD, `${problem}, got ${String(value)}`);
		}
		return value;
	}
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.length === 0) return undefined;
		const count = Number(text);
		if (!/^\d+$/.test(text) || !Number.isSafeInteger(count)) {
			throw invalidField(node, itemIndex, CALLS_IN_LAST_7_DAYS_FIELD, `${problem}, got ${preview(text)}`);
		}
		return count;
	}
	throw invalidField(node, itemIndex, CALLS_IN_LAST_7_DAYS_FIELD, `${problem}, but is ${kindOf(value)}`);
}

/**
 * Reads the call limit: `undefined` → 7; otherwise a whole number 1–7. A higher limit would let
 * through calls that 12 CFR 1006.14(b)(2)(ii) presumes harassment, so it is not offered.
 *
 * @throws NodeOperationError naming the item and "Max Calls In 7 Days".
 */
function parseLimit(node: INode, itemIndex: number, value: unknown): number {
	if (value === undefined || value === null) return REGULATION_F_CALL_LIMIT;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > REGULATION_F_CALL_LIMIT) {
		const shown = typeof value === 'number' ? String(value) : kindOf(value);
		throw invalidField(
			node,
			itemIndex,
			CALL_LIMIT_FIELD,
			`must be a whole number from 1 to ${REGULATION_F_CALL_LIMIT}, got ${shown}`,
		);
	}
	return value;
}

/** A conversation time as read from the row: an exact instant, or a local date without a time. */
type Conversation =
	{ kind: 'instant'; ms: number } | { kind: 'date'; year: number; month: number; day: number; text: string };

/** `YYYY-MM-DD`, then optionally `THH:MM[:SS[.fff]]` and `Z` or `±HH[:MM]` (`T` may be a space). */
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * Reads the row's last conversation.
 *
 * @returns the conversation, or `undefined` when not provided (`undefined`, `null`, blank text).
 * @throws NodeOperationError naming the item and "Last Conversation At" for anything else than an
 *   ISO 8601 date or date-time with an offset (a date-time without one would depend on the
 *   server's zone), a date that does not exist, or an invalid `Date`.
 */
function parseConversation(node: INode, itemIndex: number, value: unknown): Conversation | undefined {
	if (value === undefined || value === null) return undefined;
	const expected = 'an ISO date such as 2026-03-01 or a date-time such as 2026-03-01T14:30:00Z';
	if (value instanceof Date) {
		if (!Number.isFinite(value.getTime())) {
			throw invalidField(node, itemIndex, LAST_CONVERSATION_AT_FIELD, 'is an invalid date');
		}
		return { kind: 'instant', ms: value.getTime() };
	}
	if (typeof value !== 'string') {
		throw invalidField(node, itemIndex, LAST_CONVERSATION_AT_FIELD, `must be ${expected}, but is ${kindOf(value)}`);
	}
	const text = value.trim();
	if (text.length === 0) return undefined;
	const match = ISO_DATE_TIME.exec(text);
	if (match === null) {
		throw invalidField(node, itemIndex, LAST_CONVERSATION_AT_FIELD, `${preview(text)} is not ${expected}`);
	}
	const [, y, mo, d, h, mi, s, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	const date = new Date(Date.UTC(year, month - 1, day));
	if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		throw invalidField(node, itemIndex, LAST_CONVERSATION_AT_FIELD, `${preview(text)} is not a calendar date`);
	}
	if (h === undefined) return { kind: 'date', year, month, day, text };

	const hour = Number(h);
	const minute = Number(mi);
	const second = s === undefined ? 0 : Number(s);
	if (hour > 23 || minute > 59 || second > 59) {
		throw invalidField(node, itemIndex, LAST_CONVERSATION_AT_FIELD, `${preview(text)} is not a time of day`);
	}
	if (zulu === undefined && sign === undefined) {
		throw invalidField(
			node,
			itemIndex,
			LAST_CONVERSATION_AT_FIELD,
			`${preview(text)} has no time zone; add Z or an offset such as -05:00`,
		);
	}
	let offsetMs = 0;
	if (sign !== undefined) {
		const offsetH = Number(offsetHours);
		const offsetM = offsetMinutes === undefined ? 0 : Number(offsetMinutes);
		if (offsetH > 23 || offsetM > 59) {
			throw invalidField(node, itemIndex, LAST_CONVERSATION_AT_FIELD, `${preview(text)} has an impossible UTC offset`);
		}
		offsetMs = (sign === '-' ? -1 : 1) * (offsetH * HOUR_MS + offsetM * MINUTE_MS);
	}
	const milliseconds = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
	const ms = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offsetMs;
	return { kind: 'instant', ms };
}

/**
 * The instant from which the conversation rule lets calls through again.
 *
 * - An exact time: 7 × 24 hours later.
 * - A date alone: 12 CFR 1006.14(b)(2)(i)(B) makes the date of the conversation day one of the
 *   seven consecutive days, so calls are allowed from the start of the 8th day (the date + 7):
 *   local midnight in `timeZone` when known; without a zone, 12:00 UTC, when that day has begun
 *   everywhere (UTC−12 is the latest zone), so the guard never opens early.
 */
function conversationEndsAt(conversation: Conversation, timeZone: string | undefined): number {
	if (conversation.kind === 'instant') return conversation.ms + ATTEMPT_PERIOD_MS;
	const eighthDay = addDays(conversation, 7);
	const midnight = Date.UTC(eighthDay.year, eighthDay.month - 1, eighthDay.day);
	if (timeZone === undefined) return midnight + 12 * HOUR_MS;
	return instantsShowing(midnight, timeZone)[0];
}

/**
 * The call-frequency guards of 12 CFR 1006.14(b)(2)(i), on what the row says (the node keeps no
 * call history of its own):
 *
 * - **Call count** (`local:attempt-cap-7-in-7`): blocked when the row's count of calls in the last
 *   7 days is at or above the limit (default 7: with 7 placed, the 8th is blocked). No
 *   `nextAllowedAt`: a count does not say when the earlier calls were placed.
 * - **Conversation** (`local:conversation-in-last-7-days`): blocked when the last telephone
 *   conversation about the debt was less than 7 × 24 hours before `now` (exactly 7 days before is
 *   allowed); `nextAllowedAt` is that time + 7 days. For a date alone see the rule in the
 *   description of `lastConversationAt`: calls are allowed from the start of the date + 7 days.
 *
 * Both inputs are validated before either rule is applied, so a bad value is reported even when
 * the other rule blocks. When both rules block, the count is reported: its block has no known
 * end, so the conversation's `nextAllowedAt` would promise too much. Neither input provided →
 * allowed.
 *
 * @returns `{ allowed: true }` or `{ allowed: false, checkId, reason, nextAllowedAt? }`
 *   (`nextAllowedAt` as ISO 8601 UTC, `2026-03-08T16:00:00Z`).
 * @throws NodeOperationError naming the item and the field ("Calls In Last 7 Days", "Last
 *   Conversation At", "Max Calls In 7 Days") for an invalid value.
 * @throws RangeError for an invalid `now` (a programming error).
 */
export function checkAttemptCap(node: INode, itemIndex: number, input: AttemptCapInput): AttemptCapResult {
	const nowMs = instantMs(input.now, 'current time');
	const limit = parseLimit(node, itemIndex, input.limit);
	const count = parseCallCount(node, itemIndex, input.callsInLast7Days);
	const conversation = parseConversation(node, itemIndex, input.lastConversationAt);

	if (count !== undefined && count >= limit) {
		return {
			allowed: false,
			checkId: LOCAL_ATTEMPT_CAP_CHECK,
			reason: `${count} ${count === 1 ? 'call' : 'calls'} in the last 7 days; the limit is ${limit} in 7 days`,
		};
	}
	if (conversation !== undefined) {
		const endsAt = conversationEndsAt(conversation, input.timeZone);
		if (nowMs < endsAt) {
			const nextAllowedAt = formatUtc(endsAt);
			const when = conversation.kind === 'instant' ? `at ${formatUtc(conversation.ms)}` : `on ${conversation.text}`;
			return {
				allowed: false,
				checkId: LOCAL_CONVERSATION_CHECK,
				reason: `Telephone conversation about the debt ${when}, less than 7 days ago; calls allowed again from ${nextAllowedAt}`,
				nextAllowedAt,
			};
		}
	}
	return { allowed: true };
}
