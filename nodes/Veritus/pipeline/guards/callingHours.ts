import type { INode } from 'n8n-workflow';

import { invalidField } from '../../helpers/validation';
import { kindOf, LOCAL_OUTSIDE_CALLING_HOURS_CHECK, preview, type GuardFailure } from './checks';
import {
	addDays,
	formatLocalTime,
	formatUtc,
	instantMs,
	instantsShowing,
	localTimeAt,
	MINUTE_MS,
	offsetChanges,
	type LocalTime,
} from './zonedTime';

/** Field name of the time zone in error messages (e.g. mapped from a CSV column `time_zone`). */
export const TIME_ZONE_FIELD = 'Time Zone';
/** Field name of the window's opening time in error messages. */
export const CALLING_HOURS_START_FIELD = 'Calling Hours Start';
/** Field name of the window's closing time in error messages. */
export const CALLING_HOURS_END_FIELD = 'Calling Hours End';

/** Minutes in a day: times of day run from 0 (00:00) to 1439 (23:59). */
const MINUTES_PER_DAY = 24 * 60;

/** Longest text tried as a zone name; the longest IANA names are about 30 characters. */
const MAX_TIME_ZONE_LENGTH = 64;

/**
 * Local calling hours as a half-open window [start, end) of minutes after local midnight: a call
 * at exactly `startMinutes` is inside, one at exactly `endMinutes` is outside. `startMinutes` is
 * less than `endMinutes` (no window across midnight).
 */
export interface CallingWindow {
	/** Opening time, minutes after midnight (08:00 → 480). */
	startMinutes: number;
	/** Closing time, minutes after midnight (21:00 → 1260); itself outside the window. */
	endMinutes: number;
}

/**
 * Regulation F's default calling hours, 08:00 to 21:00 at the consumer's location: 12 CFR
 * 1006.6(b)(1)(i) presumes a call before 8 a.m. or after 9 p.m. local time inconvenient.
 */
export const REGULATION_F_CALLING_WINDOW: Readonly<CallingWindow> = Object.freeze({
	startMinutes: 8 * 60,
	endMinutes: 21 * 60,
});

/** The outcome of {@link checkCallingHours}. */
export type CallingHoursResult =
	| {
			allowed: true;
			/** Wall-clock time at the consumer's location with its offset: `2026-03-08T08:00:00-07:00`. */
			localTime: string;
	  }
	| ({
			allowed: false;
			/** Wall-clock time at the consumer's location with its offset: `2026-03-08T07:59:00-07:00`. */
			localTime: string;
			/** ISO 8601 UTC instant at which the window next opens in that zone: `2026-03-08T15:00:00Z`. */
			nextAllowedAt: string;
			checkId: typeof LOCAL_OUTSIDE_CALLING_HOURS_CHECK;
	  } & GuardFailure);

/**
 * Validates an IANA time zone name for one item, e.g. from a CSV column `time_zone`.
 *
 * The name is trimmed and must be accepted by `Intl.DateTimeFormat`'s `timeZone` option, which
 * throws a RangeError for unknown names. Names are matched without regard to case
 * (`america/chicago` works) and legacy names such as `EST5EDT`, `US/Pacific` and `UTC` are
 * accepted. A fixed offset such as `-05:00` is rejected (it ignores daylight saving time, and only
 * newer `Intl` versions accept it).
 *
 * @returns the trimmed name, as given.
 * @throws NodeOperationError naming the item and the field "Time Zone":
 *   `[item 3] Time Zone "Mars/Olympus" is not an IANA time zone name such as America/Chicago`.
 */
export function parseTimeZone(node: INode, itemIndex: number, value: unknown): string {
	const hint = "Use an IANA time zone name for the consumer's location, such as America/Chicago or America/Vancouver.";
	if (value === undefined || value === null) {
		throw invalidField(node, itemIndex, TIME_ZONE_FIELD, 'is missing', hint);
	}
	if (typeof value !== 'string') {
		throw invalidField(
			node,
			itemIndex,
			TIME_ZONE_FIELD,
			`must be an IANA time zone name such as America/Chicago, but is ${kindOf(value)}`,
			hint,
		);
	}
	const name = value.trim();
	if (name.length === 0) {
		throw invalidField(node, itemIndex, TIME_ZONE_FIELD, 'is empty', hint);
	}
	const problem = `${preview(name)} is not an IANA time zone name such as America/Chicago`;
	if (name.length > MAX_TIME_ZONE_LENGTH || /^[+-]/.test(name)) {
		throw invalidField(node, itemIndex, TIME_ZONE_FIELD, problem, hint);
	}
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
	} catch {
		throw invalidField(node, itemIndex, TIME_ZONE_FIELD, problem, hint);
	}
	return name;
}

/**
 * Parses a 24-hour time of day, `HH:MM` (`08:00`, `21:00`; a one-digit hour such as `8:00` is
 * accepted), trimmed.
 *
 * @returns minutes after midnight, 0–1439 (`08:00` → 480).
 * @throws NodeOperationError naming the item and `field` when the value is missing, not text, not
 *   in `HH:MM` form, or out of range (`24:00`, `08:60`).
 */
export function parseTimeOfDay(node: INode, itemIndex: number, field: string, value: unknown): number {
	if (value === undefined || value === null) {
		throw invalidField(node, itemIndex, field, 'is missing', `Set ${field} as a 24-hour time such as 08:00.`);
	}
	if (typeof value !== 'string') {
		throw invalidField(node, itemIndex, field, `must be a 24-hour time such as 08:00, but is ${kindOf(value)}`);
	}
	const text = value.trim();
	if (text.length === 0) {
		throw invalidField(node, itemIndex, field, 'is empty', `Set ${field} as a 24-hour time such as 08:00.`);
	}
	const match = /^(\d{1,2}):(\d{2})$/.exec(text);
	if (match === null) {
		throw invalidField(
			node,
			itemIndex,
			field,
			`${preview(text)} is not a 24-hour time in HH:MM form such as 08:00 or 21:00`,
		);
	}
	const hour = Number(match[1]);
	const minute = Number(match[2]);
	if (hour > 23 || minute > 59) {
		throw invalidField(node, itemIndex, field, `${preview(text)} is not a time of day (00:00 to 23:59)`);
	}
	return hour * 60 + minute;
}

/**
 * Parses the calling hours of one item from two `HH:MM` values (see {@link parseTimeOfDay}).
 *
 * @returns the window [start, end) in minutes after midnight.
 * @throws NodeOperationError naming the item and the field: either time is invalid, or the end is
 *   not later than the start (`[item 0] Calling Hours End 08:00 must be later than Calling Hours
 *   Start 21:00`). Windows across midnight are not supported: Regulation F's hours (08:00–21:00,
 *   {@link REGULATION_F_CALLING_WINDOW}) lie within one day.
 */
export function parseCallingWindow(node: INode, itemIndex: number, start: unknown, end: unknown): CallingWindow {
	const startMinutes = parseTimeOfDay(node, itemIndex, CALLING_HOURS_START_FIELD, start);
	const endMinutes = parseTimeOfDay(node, itemIndex, CALLING_HOURS_END_FIELD, end);
	if (endMinutes <= startMinutes) {
		throw invalidField(
			node,
			itemIndex,
			CALLING_HOURS_END_FIELD,
			`${formatMinutes(endMinutes)} must be later than ${CALLING_HOURS_START_FIELD} ${formatMinutes(startMinutes)}`,
			'The window runs from the start up to, but not including, the end, within one local day.',
		);
	}
	return { startMinutes, endMinutes };
}

/** Minutes after midnight as `HH:MM` (480 → `08:00`). */
function formatMinutes(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Validates a window passed by code (not by a user: users' windows come from
 * {@link parseCallingWindow}).
 *
 * @throws RangeError when either bound is not an integer 0–1439 or start is not before end.
 */
function checkWindow(window: CallingWindow): void {
	const { startMinutes, endMinutes } = window;
	const valid = (minutes: number) => Number.isInteger(minutes) && minutes >= 0 && minutes < MINUTES_PER_DAY;
	if (!valid(startMinutes) || !valid(endMinutes) || startMinutes >= endMinutes) {
		throw new RangeError(`Invalid calling window ${JSON.stringify(window)}: need 0 <= start < end <= 1439 minutes`);
	}
}

/** Whether the wall-clock reading `local` is inside `window` (to the second). */
function isInside(local: LocalTime, window: CallingWindow): boolean {
	const seconds = local.hour * 3600 + local.minute * 60 + local.second;
	return seconds >= window.startMinutes * 60 && seconds < window.endMinutes * 60;
}

/**
 * The first instant after `nowMs` (which is outside the window) at which the clock in `timeZone`
 * shows a time inside `window`.
 *
 * The clock can only enter the window where it reaches the start time (once a day, twice if the
 * clock is set back across it, or the instant it jumps past a skipped start) or where it changes
 * offset (a clock set back to 01:00 can land inside a window that ended at 01:30). So, for today
 * and the following days: take the instants showing that day's start and the offset changes up to
 * them, and return the earliest one inside the window. Usually that is today's start (if `now` is
 * before the window) or tomorrow's.
 *
 * @throws RangeError if no opening is found within 7 days (no zone skips that much).
 */
function nextOpening(nowMs: number, timeZone: string, window: CallingWindow): number {
	const today = localTimeAt(nowMs, timeZone);
	let horizon = nowMs;
	for (let days = 0; days <= 7; days++) {
		const date = addDays(today, days);
		const starts = instantsShowing(
			Date.UTC(date.year, date.month - 1, date.day) + window.startMinutes * MINUTE_MS,
			timeZone,
		);
		const last = starts[starts.length - 1];
		if (last <= horizon) continue;
		const openings = [...starts, ...offsetChanges(horizon, last, timeZone)]
			.filter((instant) => instant > nowMs && isInside(localTimeAt(instant, timeZone), window))
			.sort((a, b) => a - b);
		if (openings.length > 0) return openings[0];
		horizon = last;
	}
	throw new RangeError(`No calling window opens within 7 days in ${timeZone}`);
}

/**
 * Whether `now` is inside the calling hours at the consumer's location (12 CFR 1006.6(b)(1)(i):
 * before 8 a.m. or after 9 p.m. local time is presumed inconvenient; the window is configurable).
 *
 * The window is half-open and read on the local wall clock to the second: with 08:00–21:00,
 * 07:59:59 and 21:00:00 are outside, 08:00:00 and 20:59:59 inside. On a fall-back day the
 * repeated hour is judged by what the clock shows each time.
 *
 * `nextAllowedAt` is the first instant after `now` at which the local clock shows a time inside
 * the window: today's start when `now` is before the window, else tomorrow's, each converted with
 * the zone's offset at that instant (08:00 after a spring-forward night is 08:00 PDT, not PST).
 * A start inside a skipped hour (02:30 on 2026-03-08 in America/Vancouver) opens when the clock
 * jumps past it (03:00 PDT).
 *
 * @param now the instant of the call (milliseconds are ignored).
 * @param timeZone an IANA time zone name, from {@link parseTimeZone}.
 * @param window calling hours, from {@link parseCallingWindow} or {@link REGULATION_F_CALLING_WINDOW}.
 * @returns `{ allowed: true, localTime }`, or `{ allowed: false, localTime, nextAllowedAt,
 *   checkId: 'local:outside-calling-hours', reason }`.
 * @throws RangeError for an invalid `now`, an invalid window, or a name that is not a time zone
 *   (all programming errors: user input goes through the parsers above).
 */
export function checkCallingHours(now: Date, timeZone: string, window: CallingWindow): CallingHoursResult {
	const nowMs = instantMs(now, 'current time');
	checkWindow(window);
	const local = localTimeAt(nowMs, timeZone);
	const shown = formatLocalTime(local);
	if (isInside(local, window)) {
		return { allowed: true, localTime: shown };
	}
	const nextAllowedAt = formatUtc(nextOpening(nowMs, timeZone, window));
	const hours = `${formatMinutes(window.startMinutes)}-${formatMinutes(window.endMinutes)}`;
	return {
		allowed: false,
		localTime: shown,
		nextAllowedAt,
		checkId: LOCAL_OUTSIDE_CALLING_HOURS_CHECK,
		reason: `Local time ${shown} (${timeZone}) is outside the calling hours ${hours}; they next open at ${nextAllowedAt}`,
	};
}
