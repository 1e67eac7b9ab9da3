/**
 * Time-zone arithmetic on the platform's `Intl` alone (no date library ships with the node).
 *
 * `Intl.DateTimeFormat` only converts one way: an instant to the wall-clock reading in a zone.
 * The other way (a wall-clock reading to an instant) is found by guessing an offset, converting,
 * and re-checking the offset at the instant found; see {@link wallTimeToUtc}.
 *
 * Assumption, true of the daylight-saving rules in use today: a zone changes its offset at most
 * once within a day either side of any instant, and on a whole second. Instants are handled at
 * whole-second precision.
 */

/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;
/** Milliseconds in an hour. */
export const HOUR_MS = 60 * MINUTE_MS;
/** Milliseconds in a day of 24 hours. */
export const DAY_MS = 24 * HOUR_MS;

/** Earliest instant the guards accept: 1000-01-02T00:00:00Z (local dates keep 4-digit years). */
const MIN_INSTANT_MS = Date.UTC(1000, 0, 2);
/** Latest instant the guards accept: 9999-12-30T00:00:00Z. */
const MAX_INSTANT_MS = Date.UTC(9999, 11, 30);

/** The wall-clock reading in one time zone at one instant. */
export interface LocalTime {
	/** Four-digit year, e.g. 2026. */
	year: number;
	/** Month 1–12. */
	month: number;
	/** Day of the month 1–31. */
	day: number;
	/** Hour 0–23 (24-hour clock, `hourCycle: 'h23'`). */
	hour: number;
	/** Minute 0–59. */
	minute: number;
	/** Second 0–59. */
	second: number;
	/**
	 * Offset from UTC in minutes, east positive: -480 for PST, -420 for PDT, 330 for India. Whole
	 * minutes for every modern zone; a fraction only for pre-1900 local mean time.
	 */
	offsetMinutes: number;
}

/** A wall-clock reading without a zone: a local date and a time of day to the minute. */
export interface WallTime {
	/** Four-digit year 1000–9999. */
	year: number;
	/** Month 1–12. */
	month: number;
	/** Day of the month, valid for the month. */
	day: number;
	/** Hour 0–23. */
	hour: number;
	/** Minute 0–59. */
	minute: number;
}

/** Formatters by zone name; a zone's formatter is built once (building one costs far more than using it). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Bound on {@link formatters}: zone names come from rows, and case variants are all accepted. */
const MAX_CACHED_FORMATTERS = 1000;

/**
 * The numeric, 24-hour `Intl.DateTimeFormat` for `timeZone`.
 *
 * @throws RangeError (from `Intl`) when `timeZone` is not a time zone name.
 */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (formatter === undefined) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/**
 * Validates a `Date` argument and returns its time in milliseconds since the epoch.
 *
 * @throws RangeError for an invalid `Date` or one outside the years 1000–9999.
 */
export function instantMs(instant: Date, what = 'instant'): number {
	const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
	if (!Number.isFinite(ms)) {
		throw new RangeError(`The ${what} must be a valid Date`);
	}
	if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) {
		throw new RangeError(`The ${what} must fall within the years 1000 to 9999`);
	}
	return ms;
}

/**
 * The wall-clock reading at `ms` (milliseconds since the epoch, taken down to the whole second).
 *
 * @throws RangeError (from `Intl`) when `timeZone` is not a time zone name.
 */
export function localTimeAt(ms: number, timeZone: string): LocalTime {
	const wholeSecond = Math.floor(ms / 1000) * 1000;
	const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
	for (const part of formatterFor(timeZone).formatToParts(wholeSecond)) {
		if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
	}
	const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
	return { ...fields, offsetMinutes: (wall - wholeSecond) / MINUTE_MS };
}

/**
 * The wall-clock reading of `instant` in `timeZone`, read with `Intl.DateTimeFormat.formatToParts`
 * on a 24-hour clock (`hourCycle: 'h23'`, so midnight is hour 0, never 24). The offset is the
 * difference between that reading and the instant, so it is the zone's offset at this instant,
 * daylight saving time included.
 *
 * @param instant a valid `Date` in the years 1000–9999; milliseconds are dropped.
 * @param timeZone an IANA time zone name, e.g. from {@link parseTimeZone}.
 * @throws RangeError for an invalid `Date` or a name that is not a time zone.
 */
export function localTime(instant: Date, timeZone: string): LocalTime {
	return localTimeAt(instantMs(instant), timeZone);
}

/** A wall-clock reading as if it were a UTC instant: the number the clock "shows", in milliseconds. */
function wallMs(local: LocalTime): number {
	return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/** What the clock in `timeZone` shows at `ms`, as milliseconds (see {@link wallMs}). */
function wallAt(ms: number, timeZone: string): number {
	return wallMs(localTimeAt(ms, timeZone));
}

/** The zone's offset at `ms`, in minutes east of UTC. */
function offsetAt(ms: number, timeZone: string): number {
	return localTimeAt(ms, timeZone).offsetMinutes;
}

/**
 * Every instant at which the clock in `timeZone` shows `wall` (a wall-clock reading written as
 * milliseconds, see {@link wallMs}), earliest first:
 *
 * - one instant on an ordinary day;
 * - two instants when the clock is set back and shows `wall` twice (fall-back day, 01:30 in
 *   America/Vancouver on 2026-11-01);
 * - when the clock skips `wall` (spring-forward day, 02:30 in America/Vancouver on 2026-03-08),
 *   the one instant at which it jumps past it: the first instant the clock shows a reading at or
 *   after `wall` (03:00).
 *
 * Method: the offsets a day before and a day after `wall` are the only offsets that can apply
 * near it (offsets lie within ±14 hours, and there is at most one change a day). For each, guess
 * the instant `wall − offset` and re-check the offset at that instant; a guess whose offset
 * holds is an instant showing `wall`. When no guess holds, `wall` lies in a skipped stretch, and
 * a binary search over whole seconds finds the instant the clock jumps past it.
 */
export function instantsShowing(wall: number, timeZone: string): number[] {
	const before = offsetAt(wall - DAY_MS, timeZone);
	const after = offsetAt(wall + DAY_MS, timeZone);
	const instants: number[] = [];
	for (const guess of before === after ? [before] : [before, after]) {
		const instant = wall - guess * MINUTE_MS;
		if (offsetAt(instant, timeZone) === guess) instants.push(instant);
	}
	if (instants.length > 0) return instants.sort((a, b) => a - b);

	// Skipped: at `low` the clock still shows less than `wall`, at `high` it already shows more.
	let low = wall - Math.max(before, after) * MINUTE_MS;
	let high = wall - Math.min(before, after) * MINUTE_MS;
	while (high - low > 1000) {
		const middle = low + Math.floor((high - low) / 2000) * 1000;
		if (wallAt(middle, timeZone) >= wall) high = middle;
		else low = middle;
	}
	return [high];
}

/**
 * The instants in (`fromMs`, `toMs`] at which `timeZone` changes its offset (the first whole
 * second on the new offset), earliest first. Samples the offset every 6 hours and binary-searches
 * the step in which it changed.
 */
export function offsetChanges(fromMs: number, toMs: number, timeZone: string): number[] {
	const changes: number[] = [];
	const step = 6 * HOUR_MS;
	let start = fromMs;
	let startOffset = offsetAt(start, timeZone);
	while (start < toMs) {
		const end = Math.min(start + step, toMs);
		const endOffset = offsetAt(end, timeZone);
		if (endOffset !== startOffset) {
			let low = start;
			let high = end;
			while (high - low > 1000) {
				const middle = low + Math.floor((high - low) / 2000) * 1000;
				if (offsetAt(middle, timeZone) === startOffset) low = middle;
				else high = middle;
			}
			changes.push(high);
		}
		start = end;
		startOffset = endOffset;
	}
	return changes;
}

/**
 * Validates a wall-clock reading and writes it as milliseconds (see {@link wallMs}).
 *
 * @throws RangeError when a field is not an integer in range or the date does not exist
 *   (2026-02-30).
 */
function checkedWallMs(wall: WallTime): number {
	const { year, month, day, hour, minute } = wall;
	const fields = [year, month, day, hour, minute];
	if (
		!fields.every(Number.isInteger) ||
		year < 1000 ||
		year > 9999 ||
		hour < 0 ||
		hour > 23 ||
		minute < 0 ||
		minute > 59
	) {
		throw new RangeError(`Not a wall-clock time: ${JSON.stringify(wall)}`);
	}
	const ms = Date.UTC(year, month - 1, day, hour, minute);
	const date = new Date(ms);
	if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		throw new RangeError(`Not a calendar date: ${JSON.stringify(wall)}`);
	}
	return ms;
}

/**
 * The first instant at which the clock in `timeZone` shows `wall` or, if the clock skips it, a
 * later reading. So, with America/Vancouver:
 *
 * - 2026-03-08 08:00 → 2026-03-08T15:00:00Z (08:00 PDT, the offset on that date after the change,
 *   not the one in force at midnight);
 * - 2026-03-08 02:30, a reading that does not exist (clocks go from 02:00 PST to 03:00 PDT) →
 *   2026-03-08T10:00:00Z, the instant the clock shows 03:00;
 * - 2026-11-01 01:30, shown twice (clocks go back from 02:00 PDT to 01:00 PST) → the earlier,
 *   2026-11-01T08:30:00Z (01:30 PDT).
 *
 * See {@link instantsShowing} for the method (guess the offset, re-check it at the instant found).
 *
 * @throws RangeError for a field out of range, a date that does not exist, or a name that is not a
 *   time zone.
 */
export function wallTimeToUtc(wall: WallTime, timeZone: string): Date {
	return new Date(instantsShowing(checkedWallMs(wall), timeZone)[0]);
}

/** Two-digit (or longer) zero-padded decimal. */
function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/**
 * A wall-clock reading with its offset, ISO 8601 style: `2026-03-08T07:59:00-07:00`
 * (`+00:00` for UTC, `+05:30` for India). A fractional local-mean-time offset is rounded to the
 * minute.
 */
export function formatLocalTime(local: LocalTime): string {
	const offset = Math.round(local.offsetMinutes);
	const sign = offset < 0 ? '-' : '+';
	const magnitude = Math.abs(offset);
	return (
		`${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}` +
		`T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}` +
		`${sign}${pad(Math.floor(magnitude / 60))}:${pad(magnitude % 60)}`
	);
}

/**
 * An instant as an ISO 8601 UTC string, without milliseconds when they are zero:
 * `2026-03-08T15:00:00Z`, `2026-03-08T15:00:00.250Z`.
 */
export function formatUtc(ms: number): string {
	return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The local date `days` days after the date of `local` (calendar arithmetic, no time zone). */
export function addDays(
	local: { year: number; month: number; day: number },
	days: number,
): { year: number; month: number; day: number } {
	const date = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
	return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
