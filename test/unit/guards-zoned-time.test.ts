// Covers pipeline/guards/zonedTime.ts: localTime (Intl wall-clock reading and offset) and
// wallTimeToUtc (local wall time → UTC instant across daylight-saving changes). Expected values
// were worked out by hand from the 2026 rules: North America springs forward on Sunday 2026-03-08
// at 02:00 local and falls back on Sunday 2026-11-01 at 02:00 local; Sydney falls back on Sunday
// 2026-04-05 at 03:00 local.
import { localTime, wallTimeToUtc, type LocalTime } from '../../nodes/Veritus/pipeline/guards';
import { formatLocalTime, formatUtc, offsetChanges } from '../../nodes/Veritus/pipeline/guards/zonedTime';

describe('localTime', () => {
	test.each<[string, string, LocalTime]>([
		[
			'2026-03-08T09:59:59Z',
			'America/Vancouver',
			{ year: 2026, month: 3, day: 8, hour: 1, minute: 59, second: 59, offsetMinutes: -480 },
		],
		[
			'2026-03-08T10:00:00Z',
			'America/Vancouver',
			{ year: 2026, month: 3, day: 8, hour: 3, minute: 0, second: 0, offsetMinutes: -420 },
		],
		[
			'2026-03-08T08:00:00Z',
			'America/Vancouver',
			{ year: 2026, month: 3, day: 8, hour: 0, minute: 0, second: 0, offsetMinutes: -480 },
		],
		[
			'2026-11-01T08:30:00Z',
			'America/Vancouver',
			{ year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0, offsetMinutes: -420 },
		],
		[
			'2026-11-01T09:30:00Z',
			'America/Vancouver',
			{ year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0, offsetMinutes: -480 },
		],
		[
			'2026-03-08T09:00:00Z',
			'America/Edmonton',
			{ year: 2026, month: 3, day: 8, hour: 3, minute: 0, second: 0, offsetMinutes: -360 },
		],
		[
			'2026-03-08T08:59:59Z',
			'America/Edmonton',
			{ year: 2026, month: 3, day: 8, hour: 1, minute: 59, second: 59, offsetMinutes: -420 },
		],
		[
			'2026-03-08T02:30:00Z',
			'Asia/Kolkata',
			{ year: 2026, month: 3, day: 8, hour: 8, minute: 0, second: 0, offsetMinutes: 330 },
		],
		[
			'2026-04-04T15:59:59Z',
			'Australia/Sydney',
			{ year: 2026, month: 4, day: 5, hour: 2, minute: 59, second: 59, offsetMinutes: 660 },
		],
		[
			'2026-04-04T16:00:00Z',
			'Australia/Sydney',
			{ year: 2026, month: 4, day: 5, hour: 2, minute: 0, second: 0, offsetMinutes: 600 },
		],
		[
			'2026-07-01T12:00:00Z',
			'EST5EDT',
			{ year: 2026, month: 7, day: 1, hour: 8, minute: 0, second: 0, offsetMinutes: -240 },
		],
		[
			'2026-12-31T23:59:59Z',
			'UTC',
			{ year: 2026, month: 12, day: 31, hour: 23, minute: 59, second: 59, offsetMinutes: 0 },
		],
	])('%s in %s', (iso, zone, expected) => {
		expect(localTime(new Date(iso), zone)).toEqual(expected);
	});

	test('drops milliseconds instead of rounding them up', () => {
		expect(localTime(new Date('2026-03-08T09:59:59.999Z'), 'America/Vancouver')).toEqual({
			year: 2026,
			month: 3,
			day: 8,
			hour: 1,
			minute: 59,
			second: 59,
			offsetMinutes: -480,
		});
	});

	test('accepts a zone name in any case', () => {
		expect(localTime(new Date('2026-01-15T18:00:00Z'), 'america/chicago').hour).toBe(12);
	});

	test.each<[string, Date, string]>([
		['an invalid Date', new Date('nope'), 'The instant must be a valid Date'],
		['a year before 1000', new Date('0999-06-01T00:00:00Z'), 'The instant must fall within the years 1000 to 9999'],
	])('rejects %s', (_name, instant, message) => {
		expect(() => localTime(instant, 'UTC')).toThrow(new RangeError(message));
	});

	test('rejects a name that is not a time zone', () => {
		expect(() => localTime(new Date('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
	});
});

describe('wallTimeToUtc', () => {
	test.each<[string, [number, number, number, number, number], string, string]>([
		['08:00 on spring-forward day uses PDT', [2026, 3, 8, 8, 0], 'America/Vancouver', '2026-03-08T15:00:00Z'],
		['01:59 before the change uses PST', [2026, 3, 8, 1, 59], 'America/Vancouver', '2026-03-08T09:59:00Z'],
		['skipped 02:00 becomes 03:00 PDT', [2026, 3, 8, 2, 0], 'America/Vancouver', '2026-03-08T10:00:00Z'],
		['skipped 02:30 becomes 03:00 PDT', [2026, 3, 8, 2, 30], 'America/Vancouver', '2026-03-08T10:00:00Z'],
		['03:00 is the first PDT minute', [2026, 3, 8, 3, 0], 'America/Vancouver', '2026-03-08T10:00:00Z'],
		['repeated 01:30 takes the earlier, PDT', [2026, 11, 1, 1, 30], 'America/Vancouver', '2026-11-01T08:30:00Z'],
		['repeated 01:00 takes the earlier, PDT', [2026, 11, 1, 1, 0], 'America/Vancouver', '2026-11-01T08:00:00Z'],
		['02:00 after fall-back is PST', [2026, 11, 1, 2, 0], 'America/Vancouver', '2026-11-01T10:00:00Z'],
		['08:00 on fall-back day uses PST', [2026, 11, 1, 8, 0], 'America/Vancouver', '2026-11-01T16:00:00Z'],
		['Edmonton 08:00 MDT', [2026, 3, 8, 8, 0], 'America/Edmonton', '2026-03-08T14:00:00Z'],
		['Edmonton skipped 02:30', [2026, 3, 8, 2, 30], 'America/Edmonton', '2026-03-08T09:00:00Z'],
		['Edmonton 08:00 MST after fall-back', [2026, 11, 1, 8, 0], 'America/Edmonton', '2026-11-01T15:00:00Z'],
		['Kolkata half-hour offset', [2026, 3, 8, 8, 0], 'Asia/Kolkata', '2026-03-08T02:30:00Z'],
		['Sydney repeated 02:30 takes AEDT', [2026, 4, 5, 2, 30], 'Australia/Sydney', '2026-04-04T15:30:00Z'],
		['Sydney 08:00 AEST after fall-back', [2026, 4, 5, 8, 0], 'Australia/Sydney', '2026-04-04T22:00:00Z'],
		['Samoa skipped all of 2011-12-30', [2011, 12, 30, 8, 0], 'Pacific/Apia', '2011-12-30T10:00:00Z'],
		['UTC', [2026, 2, 28, 23, 59], 'UTC', '2026-02-28T23:59:00Z'],
	])('%s', (_name, [year, month, day, hour, minute], zone, expected) => {
		expect(formatUtc(wallTimeToUtc({ year, month, day, hour, minute }, zone).getTime())).toBe(expected);
	});

	test.each<[string, [number, number, number, number, number]]>([
		['February 30th', [2026, 2, 30, 8, 0]],
		['hour 24', [2026, 3, 8, 24, 0]],
		['minute 60', [2026, 3, 8, 8, 60]],
		['a fractional minute', [2026, 3, 8, 8, 0.5]],
		['month 13', [2026, 13, 1, 8, 0]],
		['year 999', [999, 1, 1, 8, 0]],
	])('rejects %s', (_name, [year, month, day, hour, minute]) => {
		expect(() => wallTimeToUtc({ year, month, day, hour, minute }, 'UTC')).toThrow(RangeError);
	});
});

describe('formatLocalTime', () => {
	test.each<[LocalTime, string]>([
		[{ year: 2026, month: 3, day: 8, hour: 7, minute: 5, second: 9, offsetMinutes: -420 }, '2026-03-08T07:05:09-07:00'],
		[{ year: 2026, month: 3, day: 8, hour: 8, minute: 0, second: 0, offsetMinutes: 330 }, '2026-03-08T08:00:00+05:30'],
		[{ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0, offsetMinutes: 0 }, '2026-01-01T00:00:00+00:00'],
		[
			{ year: 1849, month: 12, day: 31, hour: 15, minute: 47, second: 32, offsetMinutes: -492.4667 },
			'1849-12-31T15:47:32-08:12',
		],
	])('%j → %s', (local, expected) => {
		expect(formatLocalTime(local)).toBe(expected);
	});
});

describe('offsetChanges', () => {
	test('finds the spring-forward and fall-back instants of 2026 in America/Vancouver', () => {
		const from = Date.parse('2026-03-01T00:00:00Z');
		const to = Date.parse('2026-12-01T00:00:00Z');
		expect(offsetChanges(from, to, 'America/Vancouver').map(formatUtc)).toEqual([
			'2026-03-08T10:00:00Z',
			'2026-11-01T09:00:00Z',
		]);
	});

	test('finds none in Asia/Kolkata', () => {
		expect(
			offsetChanges(Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'), 'Asia/Kolkata'),
		).toEqual([]);
	});
});
