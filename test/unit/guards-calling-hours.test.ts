// Covers pipeline/guards/callingHours.ts: parseTimeZone, parseTimeOfDay, parseCallingWindow and
// checkCallingHours (Regulation F's 08:00-21:00 local calling hours, 12 CFR 1006.6(b)(1)(i)).
// Expected instants were worked out by hand: America/Vancouver is UTC-8 (PST) / UTC-7 (PDT),
// America/Edmonton UTC-7 (MST) / UTC-6 (MDT); both spring forward on Sunday 2026-03-08 at 02:00
// local and fall back on Sunday 2026-11-01 at 02:00 local. Asia/Kolkata is UTC+05:30 all year;
// Australia/Sydney goes from UTC+11 (AEDT) to UTC+10 (AEST) on Sunday 2026-04-05 at 03:00 local.
import { NodeOperationError } from 'n8n-workflow';

import {
	checkCallingHours,
	LOCAL_OUTSIDE_CALLING_HOURS_CHECK,
	localTime,
	parseCallingWindow,
	parseTimeOfDay,
	parseTimeZone,
	REGULATION_F_CALLING_WINDOW,
	type CallingWindow,
} from '../../nodes/Veritus/pipeline/guards';
import { formatUtc } from '../../nodes/Veritus/pipeline/guards/zonedTime';
import { fakeNode } from './fakes';

const node = fakeNode('guards-node');

/** Runs `fn`, expects a NodeOperationError, and returns it. */
function rejection(fn: () => unknown): NodeOperationError {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(NodeOperationError);
	return caught as NodeOperationError;
}

describe('parseTimeZone', () => {
	test.each<[unknown, string]>([
		['America/Chicago', 'America/Chicago'],
		['  America/Vancouver\t', 'America/Vancouver'],
		['America/Edmonton', 'America/Edmonton'],
		['Asia/Kolkata', 'Asia/Kolkata'],
		['Australia/Sydney', 'Australia/Sydney'],
		['EST5EDT', 'EST5EDT'],
		['UTC', 'UTC'],
		['US/Pacific', 'US/Pacific'],
		['america/chicago', 'america/chicago'],
	])('accepts %j', (value, expected) => {
		expect(parseTimeZone(node, 0, value)).toBe(expected);
	});

	test.each<[string, unknown, string]>([
		[
			'an unknown zone',
			'Mars/Olympus',
			'[item 3] Time Zone "Mars/Olympus" is not an IANA time zone name such as America/Chicago',
		],
		[
			'a spoken name',
			'Pacific Time',
			'[item 3] Time Zone "Pacific Time" is not an IANA time zone name such as America/Chicago',
		],
		['a fixed offset', '-05:00', '[item 3] Time Zone "-05:00" is not an IANA time zone name such as America/Chicago'],
		[
			'a positive offset',
			'+05:30',
			'[item 3] Time Zone "+05:30" is not an IANA time zone name such as America/Chicago',
		],
		['an empty string', '', '[item 3] Time Zone is empty'],
		['blanks', '  \t', '[item 3] Time Zone is empty'],
		['null', null, '[item 3] Time Zone is missing'],
		['undefined', undefined, '[item 3] Time Zone is missing'],
		['a number', 42, '[item 3] Time Zone must be an IANA time zone name such as America/Chicago, but is a number'],
		['a list', ['UTC'], '[item 3] Time Zone must be an IANA time zone name such as America/Chicago, but is a list'],
		[
			'an object',
			{ zone: 'UTC' },
			'[item 3] Time Zone must be an IANA time zone name such as America/Chicago, but is an object',
		],
		[
			'a control character',
			'UTC\u0000',
			'[item 3] Time Zone "UTC\\u0000" is not an IANA time zone name such as America/Chicago',
		],
	])('rejects %s', (_name, value, message) => {
		const error = rejection(() => parseTimeZone(node, 3, value));
		expect(error.message).toBe(message);
		expect(error.context.itemIndex).toBe(3);
		expect(error.node).toBe(node);
		expect(error.description).toBe(
			"Use an IANA time zone name for the consumer's location, such as America/Chicago or America/Vancouver.",
		);
	});

	test('a long value is shown shortened to 40 characters', () => {
		const error = rejection(() => parseTimeZone(node, 1, `America/${'x'.repeat(200)}`));
		expect(error.message).toBe(
			`[item 1] Time Zone "America/${'x'.repeat(29)}..." is not an IANA time zone name such as America/Chicago`,
		);
	});
});

describe('parseTimeOfDay', () => {
	test.each<[string, number]>([
		['08:00', 480],
		['21:00', 1260],
		['00:00', 0],
		['23:59', 1439],
		['8:00', 480],
		[' 09:30 ', 570],
	])('%j → %d minutes', (value, minutes) => {
		expect(parseTimeOfDay(node, 0, 'Calling Hours Start', value)).toBe(minutes);
	});

	test.each<[string, unknown, string]>([
		['24:00', '24:00', '[item 2] Calling Hours End "24:00" is not a time of day (00:00 to 23:59)'],
		['08:60', '08:60', '[item 2] Calling Hours End "08:60" is not a time of day (00:00 to 23:59)'],
		[
			'seconds',
			'08:00:00',
			'[item 2] Calling Hours End "08:00:00" is not a 24-hour time in HH:MM form such as 08:00 or 21:00',
		],
		[
			'12-hour clock',
			'8:00 PM',
			'[item 2] Calling Hours End "8:00 PM" is not a 24-hour time in HH:MM form such as 08:00 or 21:00',
		],
		[
			'no colon',
			'0800',
			'[item 2] Calling Hours End "0800" is not a 24-hour time in HH:MM form such as 08:00 or 21:00',
		],
		[
			'one-digit minutes',
			'8:0',
			'[item 2] Calling Hours End "8:0" is not a 24-hour time in HH:MM form such as 08:00 or 21:00',
		],
		['a dot', '08.00', '[item 2] Calling Hours End "08.00" is not a 24-hour time in HH:MM form such as 08:00 or 21:00'],
		['empty', '', '[item 2] Calling Hours End is empty'],
		['missing', undefined, '[item 2] Calling Hours End is missing'],
		['a number', 800, '[item 2] Calling Hours End must be a 24-hour time such as 08:00, but is a number'],
	])('rejects %s', (_name, value, message) => {
		const error = rejection(() => parseTimeOfDay(node, 2, 'Calling Hours End', value));
		expect(error.message).toBe(message);
		expect(error.context.itemIndex).toBe(2);
	});
});

describe('parseCallingWindow', () => {
	test("08:00 to 21:00 is Regulation F's window", () => {
		expect(parseCallingWindow(node, 0, '08:00', '21:00')).toEqual({ startMinutes: 480, endMinutes: 1260 });
		expect(REGULATION_F_CALLING_WINDOW).toEqual({ startMinutes: 480, endMinutes: 1260 });
	});

	test('a one-minute window is valid', () => {
		expect(parseCallingWindow(node, 0, '12:00', '12:01')).toEqual({ startMinutes: 720, endMinutes: 721 });
	});

	test.each<[string, string, string]>([
		['21:00', '08:00', '[item 4] Calling Hours End 08:00 must be later than Calling Hours Start 21:00'],
		['09:00', '09:00', '[item 4] Calling Hours End 09:00 must be later than Calling Hours Start 09:00'],
	])('rejects %s to %s', (start, end, message) => {
		const error = rejection(() => parseCallingWindow(node, 4, start, end));
		expect(error.message).toBe(message);
		expect(error.context.itemIndex).toBe(4);
	});

	test('names the bad bound', () => {
		expect(rejection(() => parseCallingWindow(node, 0, '8am', '21:00')).message).toBe(
			'[item 0] Calling Hours Start "8am" is not a 24-hour time in HH:MM form such as 08:00 or 21:00',
		);
		expect(rejection(() => parseCallingWindow(node, 0, '08:00', null)).message).toBe(
			'[item 0] Calling Hours End is missing',
		);
	});
});

describe('checkCallingHours', () => {
	const regF = REGULATION_F_CALLING_WINDOW;

	/** [description, now (UTC), zone, window, expected localTime, expected nextAllowedAt or null when allowed] */
	type Case = [string, string, string, CallingWindow, string, string | null];

	test.each<Case>([
		// America/Vancouver, spring forward (PST → PDT on 2026-03-08 at 02:00).
		[
			'Vancouver 21:30 PST the night before: next day 08:00 PDT',
			'2026-03-08T05:30:00Z',
			'America/Vancouver',
			regF,
			'2026-03-07T21:30:00-08:00',
			'2026-03-08T15:00:00Z',
		],
		[
			'Vancouver 01:30 PST before the change',
			'2026-03-08T09:30:00Z',
			'America/Vancouver',
			regF,
			'2026-03-08T01:30:00-08:00',
			'2026-03-08T15:00:00Z',
		],
		[
			'Vancouver 03:00 PDT just after the change',
			'2026-03-08T10:00:00Z',
			'America/Vancouver',
			regF,
			'2026-03-08T03:00:00-07:00',
			'2026-03-08T15:00:00Z',
		],
		[
			'Vancouver 07:59 PDT',
			'2026-03-08T14:59:00Z',
			'America/Vancouver',
			regF,
			'2026-03-08T07:59:00-07:00',
			'2026-03-08T15:00:00Z',
		],
		[
			'Vancouver 07:59:59 PDT',
			'2026-03-08T14:59:59Z',
			'America/Vancouver',
			regF,
			'2026-03-08T07:59:59-07:00',
			'2026-03-08T15:00:00Z',
		],
		['Vancouver 08:00 PDT', '2026-03-08T15:00:00Z', 'America/Vancouver', regF, '2026-03-08T08:00:00-07:00', null],
		['Vancouver 20:59 PDT', '2026-03-09T03:59:00Z', 'America/Vancouver', regF, '2026-03-08T20:59:00-07:00', null],
		['Vancouver 20:59:59 PDT', '2026-03-09T03:59:59Z', 'America/Vancouver', regF, '2026-03-08T20:59:59-07:00', null],
		[
			'Vancouver exactly 21:00 PDT',
			'2026-03-09T04:00:00Z',
			'America/Vancouver',
			regF,
			'2026-03-08T21:00:00-07:00',
			'2026-03-09T15:00:00Z',
		],
		[
			'Vancouver 21:00 PST the day before the change',
			'2026-03-08T05:00:00Z',
			'America/Vancouver',
			regF,
			'2026-03-07T21:00:00-08:00',
			'2026-03-08T15:00:00Z',
		],
		[
			'Vancouver 20:59 PST the day before the change',
			'2026-03-08T04:59:00Z',
			'America/Vancouver',
			regF,
			'2026-03-07T20:59:00-08:00',
			null,
		],
		// America/Vancouver, fall back (PDT → PST on 2026-11-01 at 02:00).
		[
			'Vancouver 21:00 PDT the night before: next day 08:00 PST',
			'2026-11-01T04:00:00Z',
			'America/Vancouver',
			regF,
			'2026-10-31T21:00:00-07:00',
			'2026-11-01T16:00:00Z',
		],
		[
			'Vancouver first 01:30 (PDT)',
			'2026-11-01T08:30:00Z',
			'America/Vancouver',
			regF,
			'2026-11-01T01:30:00-07:00',
			'2026-11-01T16:00:00Z',
		],
		[
			'Vancouver second 01:30 (PST)',
			'2026-11-01T09:30:00Z',
			'America/Vancouver',
			regF,
			'2026-11-01T01:30:00-08:00',
			'2026-11-01T16:00:00Z',
		],
		[
			'Vancouver 07:30 PST',
			'2026-11-01T15:30:00Z',
			'America/Vancouver',
			regF,
			'2026-11-01T07:30:00-08:00',
			'2026-11-01T16:00:00Z',
		],
		['Vancouver 08:00 PST', '2026-11-01T16:00:00Z', 'America/Vancouver', regF, '2026-11-01T08:00:00-08:00', null],
		['Vancouver 20:59 PST', '2026-11-02T04:59:00Z', 'America/Vancouver', regF, '2026-11-01T20:59:00-08:00', null],
		[
			'Vancouver exactly 21:00 PST',
			'2026-11-02T05:00:00Z',
			'America/Vancouver',
			regF,
			'2026-11-01T21:00:00-08:00',
			'2026-11-02T16:00:00Z',
		],
		// America/Edmonton, the same dates one hour east (MST/MDT).
		[
			'Edmonton 21:30 MST the night before: next day 08:00 MDT',
			'2026-03-08T04:30:00Z',
			'America/Edmonton',
			regF,
			'2026-03-07T21:30:00-07:00',
			'2026-03-08T14:00:00Z',
		],
		[
			'Edmonton 07:59 MDT',
			'2026-03-08T13:59:00Z',
			'America/Edmonton',
			regF,
			'2026-03-08T07:59:00-06:00',
			'2026-03-08T14:00:00Z',
		],
		['Edmonton 08:00 MDT', '2026-03-08T14:00:00Z', 'America/Edmonton', regF, '2026-03-08T08:00:00-06:00', null],
		['Edmonton 20:59 MDT', '2026-03-09T02:59:00Z', 'America/Edmonton', regF, '2026-03-08T20:59:00-06:00', null],
		[
			'Edmonton exactly 21:00 MDT',
			'2026-03-09T03:00:00Z',
			'America/Edmonton',
			regF,
			'2026-03-08T21:00:00-06:00',
			'2026-03-09T14:00:00Z',
		],
		[
			'Edmonton 21:00 MDT the night before fall-back',
			'2026-11-01T03:00:00Z',
			'America/Edmonton',
			regF,
			'2026-10-31T21:00:00-06:00',
			'2026-11-01T15:00:00Z',
		],
		[
			'Edmonton 07:30 MST on fall-back day',
			'2026-11-01T14:30:00Z',
			'America/Edmonton',
			regF,
			'2026-11-01T07:30:00-07:00',
			'2026-11-01T15:00:00Z',
		],
		[
			'Edmonton 20:59 MST on fall-back day',
			'2026-11-02T03:59:00Z',
			'America/Edmonton',
			regF,
			'2026-11-01T20:59:00-07:00',
			null,
		],
		[
			'Edmonton exactly 21:00 MST on fall-back day',
			'2026-11-02T04:00:00Z',
			'America/Edmonton',
			regF,
			'2026-11-01T21:00:00-07:00',
			'2026-11-02T15:00:00Z',
		],
		// Asia/Kolkata, a half-hour offset without daylight saving time.
		[
			'Kolkata 07:59',
			'2026-03-08T02:29:00Z',
			'Asia/Kolkata',
			regF,
			'2026-03-08T07:59:00+05:30',
			'2026-03-08T02:30:00Z',
		],
		['Kolkata 08:00', '2026-03-08T02:30:00Z', 'Asia/Kolkata', regF, '2026-03-08T08:00:00+05:30', null],
		['Kolkata 20:59', '2026-03-08T15:29:00Z', 'Asia/Kolkata', regF, '2026-03-08T20:59:00+05:30', null],
		[
			'Kolkata 21:00',
			'2026-03-08T15:30:00Z',
			'Asia/Kolkata',
			regF,
			'2026-03-08T21:00:00+05:30',
			'2026-03-09T02:30:00Z',
		],
		// Australia/Sydney, south of the equator: daylight saving time ends 2026-04-05 at 03:00 AEDT.
		[
			'Sydney 21:30 AEDT the night before: next day 08:00 AEST',
			'2026-04-04T10:30:00Z',
			'Australia/Sydney',
			regF,
			'2026-04-04T21:30:00+11:00',
			'2026-04-04T22:00:00Z',
		],
		[
			'Sydney 07:30 AEST',
			'2026-04-04T21:30:00Z',
			'Australia/Sydney',
			regF,
			'2026-04-05T07:30:00+10:00',
			'2026-04-04T22:00:00Z',
		],
		[
			'Sydney 07:59 AEDT a day earlier',
			'2026-04-03T20:59:00Z',
			'Australia/Sydney',
			regF,
			'2026-04-04T07:59:00+11:00',
			'2026-04-03T21:00:00Z',
		],
		['Sydney 20:59 AEST', '2026-04-05T10:59:00Z', 'Australia/Sydney', regF, '2026-04-05T20:59:00+10:00', null],
		// Legacy and UTC names.
		['EST5EDT 07:00 EDT', '2026-07-01T11:00:00Z', 'EST5EDT', regF, '2026-07-01T07:00:00-04:00', '2026-07-01T12:00:00Z'],
		['UTC 21:00', '2026-07-01T21:00:00Z', 'UTC', regF, '2026-07-01T21:00:00+00:00', '2026-07-02T08:00:00Z'],
	])('%s', (_name, now, zone, window, expectedLocal, expectedNext) => {
		const result = checkCallingHours(new Date(now), zone, window);
		if (expectedNext === null) {
			expect(result).toEqual({ allowed: true, localTime: expectedLocal });
		} else {
			expect(result).toMatchObject({ allowed: false, localTime: expectedLocal, nextAllowedAt: expectedNext });
		}
	});

	describe('a window whose start falls in a skipped or repeated hour', () => {
		const fromHalfPastTwo: CallingWindow = { startMinutes: 150, endMinutes: 1260 }; // 02:30-21:00
		const fromHalfPastOne: CallingWindow = { startMinutes: 90, endMinutes: 1260 }; // 01:30-21:00

		test.each<Case>([
			[
				'02:30 does not exist: opens at 03:00 PDT',
				'2026-03-08T09:00:00Z',
				'America/Vancouver',
				fromHalfPastTwo,
				'2026-03-08T01:00:00-08:00',
				'2026-03-08T10:00:00Z',
			],
			[
				'from the evening before: opens at 03:00 PDT',
				'2026-03-08T06:00:00Z',
				'America/Vancouver',
				fromHalfPastTwo,
				'2026-03-07T22:00:00-08:00',
				'2026-03-08T10:00:00Z',
			],
			[
				'03:00 PDT is inside',
				'2026-03-08T10:00:00Z',
				'America/Vancouver',
				fromHalfPastTwo,
				'2026-03-08T03:00:00-07:00',
				null,
			],
			[
				'01:59:59 PST is outside',
				'2026-03-08T09:59:59Z',
				'America/Vancouver',
				fromHalfPastTwo,
				'2026-03-08T01:59:59-08:00',
				'2026-03-08T10:00:00Z',
			],
			[
				'Edmonton 02:30 does not exist: opens at 03:00 MDT',
				'2026-03-08T08:00:00Z',
				'America/Edmonton',
				fromHalfPastTwo,
				'2026-03-08T01:00:00-07:00',
				'2026-03-08T09:00:00Z',
			],
			[
				'first 01:15 (PDT): opens at the first 01:30',
				'2026-11-01T08:15:00Z',
				'America/Vancouver',
				fromHalfPastOne,
				'2026-11-01T01:15:00-07:00',
				'2026-11-01T08:30:00Z',
			],
			[
				'second 01:15 (PST): opens at the second 01:30',
				'2026-11-01T09:15:00Z',
				'America/Vancouver',
				fromHalfPastOne,
				'2026-11-01T01:15:00-08:00',
				'2026-11-01T09:30:00Z',
			],
		])('%s', (_name, now, zone, window, expectedLocal, expectedNext) => {
			const result = checkCallingHours(new Date(now), zone, window);
			if (expectedNext === null) {
				expect(result).toEqual({ allowed: true, localTime: expectedLocal });
			} else {
				expect(result).toMatchObject({ allowed: false, localTime: expectedLocal, nextAllowedAt: expectedNext });
			}
		});

		test('a window that lies wholly in the skipped hour opens the next day', () => {
			const result = checkCallingHours(new Date('2026-03-08T09:00:00Z'), 'America/Vancouver', {
				startMinutes: 130,
				endMinutes: 170,
			});
			expect(result).toMatchObject({ allowed: false, nextAllowedAt: '2026-03-09T09:10:00Z' });
		});

		test('a clock set back into a window that had closed reopens it at once', () => {
			// 00:30-01:30: at 01:45 PDT the window has closed, but at 02:00 PDT the clock shows 01:00 PST.
			const result = checkCallingHours(new Date('2026-11-01T08:45:00Z'), 'America/Vancouver', {
				startMinutes: 30,
				endMinutes: 90,
			});
			expect(result).toMatchObject({
				allowed: false,
				localTime: '2026-11-01T01:45:00-07:00',
				nextAllowedAt: '2026-11-01T09:00:00Z',
			});
		});

		test('Samoa skipped 2011-12-30 entirely: opens 2011-12-31 08:00 (UTC+14)', () => {
			const result = checkCallingHours(new Date('2011-12-30T08:00:00Z'), 'Pacific/Apia', regF);
			expect(result).toMatchObject({
				allowed: false,
				localTime: '2011-12-29T22:00:00-10:00',
				nextAllowedAt: '2011-12-30T18:00:00Z',
			});
		});
	});

	test('a blocked call carries the local check id and a readable reason', () => {
		expect(checkCallingHours(new Date('2026-03-08T14:59:00Z'), 'America/Vancouver', regF)).toEqual({
			allowed: false,
			localTime: '2026-03-08T07:59:00-07:00',
			nextAllowedAt: '2026-03-08T15:00:00Z',
			checkId: LOCAL_OUTSIDE_CALLING_HOURS_CHECK,
			reason:
				'Local time 2026-03-08T07:59:00-07:00 (America/Vancouver) is outside the calling hours 08:00-21:00; they next open at 2026-03-08T15:00:00Z',
		});
		expect(LOCAL_OUTSIDE_CALLING_HOURS_CHECK).toBe('local:outside-calling-hours');
	});

	test('milliseconds of now are ignored', () => {
		expect(checkCallingHours(new Date('2026-03-09T03:59:59.999Z'), 'America/Vancouver', regF)).toEqual({
			allowed: true,
			localTime: '2026-03-08T20:59:59-07:00',
		});
	});

	test.each<[string, CallingWindow]>([
		['start after end', { startMinutes: 1260, endMinutes: 480 }],
		['start equal to end', { startMinutes: 480, endMinutes: 480 }],
		['end at 24:00', { startMinutes: 480, endMinutes: 1440 }],
		['a negative start', { startMinutes: -1, endMinutes: 480 }],
		['a fractional bound', { startMinutes: 480.5, endMinutes: 1260 }],
	])('rejects a window with %s', (_name, window) => {
		expect(() => checkCallingHours(new Date('2026-03-08T15:00:00Z'), 'UTC', window)).toThrow(RangeError);
	});

	test('rejects an invalid now and an unknown zone', () => {
		expect(() => checkCallingHours(new Date(Number.NaN), 'UTC', regF)).toThrow(
			new RangeError('The current time must be a valid Date'),
		);
		expect(() => checkCallingHours(new Date('2026-03-08T15:00:00Z'), 'Mars/Olympus', regF)).toThrow(RangeError);
	});

	// Cross-check against brute force: through the days around a clock change, compare
	// nextAllowedAt with the first later minute whose local reading is inside the window (every
	// clock change and every window bound falls on a whole minute).
	describe.each<[string, string, string]>([
		['America/Vancouver', '2026-03-06T00:00:00Z', 'spring forward'],
		['America/Vancouver', '2026-10-30T00:00:00Z', 'fall back'],
		['Australia/Sydney', '2026-04-03T00:00:00Z', 'fall back'],
	])('brute force in %s from %s (%s)', (zone, fromIso, _change) => {
		const from = Date.parse(fromIso);
		const minutes = 5 * 24 * 60;
		/** Local minute of the day at each minute from `from`. */
		const minuteOfDay: number[] = [];
		beforeAll(() => {
			for (let i = 0; i < minutes; i++) {
				const local = localTime(new Date(from + i * 60_000), zone);
				minuteOfDay.push(local.hour * 60 + local.minute);
			}
		});

		test.each<[string, CallingWindow]>([
			['08:00-21:00', regF],
			['02:30-21:00', { startMinutes: 150, endMinutes: 1260 }],
			['01:00-01:30', { startMinutes: 60, endMinutes: 90 }],
			['02:10-02:50', { startMinutes: 130, endMinutes: 170 }],
			['00:00-01:30', { startMinutes: 0, endMinutes: 90 }],
		])('window %s', (_label, window) => {
			const inside = minuteOfDay.map((minute) => minute >= window.startMinutes && minute < window.endMinutes);
			let blocked = 0;
			for (let i = 0; i < 3 * 24 * 60; i += 7) {
				const result = checkCallingHours(new Date(from + i * 60_000), zone, window);
				expect(result.allowed).toBe(inside[i]);
				if (!result.allowed) {
					const next = inside.indexOf(true, i + 1);
					expect(next).toBeGreaterThan(i);
					expect(result.nextAllowedAt).toBe(formatUtc(from + next * 60_000));
					blocked++;
				}
			}
			expect(blocked).toBeGreaterThan(100);
		});
	});
});
