// Covers pipeline/guards/attemptCap.ts: checkAttemptCap, Regulation F's call frequencies
// (12 CFR 1006.14(b)(2)(i)): (A) at most 7 calls within 7 consecutive days, and (B) no call within
// 7 days after a telephone conversation about the debt.
import { NodeOperationError } from 'n8n-workflow';

import {
	ATTEMPT_PERIOD_MS,
	checkAttemptCap,
	LOCAL_ATTEMPT_CAP_CHECK,
	LOCAL_CONVERSATION_CHECK,
	REGULATION_F_CALL_LIMIT,
	type AttemptCapInput,
} from '../../nodes/Veritus/pipeline/guards';
import { fakeNode } from './fakes';

const node = fakeNode('guards-node');
const now = new Date('2026-03-08T15:00:00Z');

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

function check(input: Omit<AttemptCapInput, 'now'> & { now?: Date }, itemIndex = 0) {
	return checkAttemptCap(node, itemIndex, { now, ...input });
}

test("the defaults are Regulation F's 7 calls in 7 days of 24 hours", () => {
	expect(REGULATION_F_CALL_LIMIT).toBe(7);
	expect(ATTEMPT_PERIOD_MS).toBe(604_800_000);
	expect(LOCAL_ATTEMPT_CAP_CHECK).toBe('local:attempt-cap-7-in-7');
	expect(LOCAL_CONVERSATION_CHECK).toBe('local:conversation-in-last-7-days');
});

describe('calls in the last 7 days', () => {
	test.each<[string, unknown]>([
		['0', 0],
		['6', 6],
		['"6"', '6'],
		['" 6 "', ' 6 '],
		['"06"', '06'],
		['an empty string (not provided)', ''],
		['blanks (not provided)', '  '],
		['null (not provided)', null],
		['undefined (not provided)', undefined],
	])('%s → allowed', (_name, callsInLast7Days) => {
		expect(check({ callsInLast7Days })).toEqual({ allowed: true });
	});

	test.each<[string, unknown, number]>([
		['7: the 8th call is blocked', 7, 7],
		['"7"', '7', 7],
		['" 7\\n"', ' 7\n', 7],
		['12', 12, 12],
	])('%s → blocked', (_name, callsInLast7Days, count) => {
		expect(check({ callsInLast7Days })).toEqual({
			allowed: false,
			checkId: 'local:attempt-cap-7-in-7',
			reason: `${count} calls in the last 7 days; the limit is 7 in 7 days`,
		});
	});

	test('a lower limit blocks earlier, and says so', () => {
		expect(check({ callsInLast7Days: 2, limit: 3 })).toEqual({ allowed: true });
		expect(check({ callsInLast7Days: 3, limit: 3 })).toMatchObject({
			allowed: false,
			reason: '3 calls in the last 7 days; the limit is 3 in 7 days',
		});
		expect(check({ callsInLast7Days: 1, limit: 1 })).toMatchObject({
			allowed: false,
			reason: '1 call in the last 7 days; the limit is 1 in 7 days',
		});
	});

	test.each<[string, unknown, string]>([
		['-1', -1, 'must be a whole number of calls, 0 or more, got -1'],
		['2.5', 2.5, 'must be a whole number of calls, 0 or more, got 2.5'],
		['"2.5"', '2.5', 'must be a whole number of calls, 0 or more, got "2.5"'],
		['"-1"', '-1', 'must be a whole number of calls, 0 or more, got "-1"'],
		['"+3"', '+3', 'must be a whole number of calls, 0 or more, got "+3"'],
		['"1e1"', '1e1', 'must be a whole number of calls, 0 or more, got "1e1"'],
		['"seven"', 'seven', 'must be a whole number of calls, 0 or more, got "seven"'],
		['NaN', Number.NaN, 'must be a whole number of calls, 0 or more, got NaN'],
		['Infinity', Number.POSITIVE_INFINITY, 'must be a whole number of calls, 0 or more, got Infinity'],
		['a huge digit string', '9'.repeat(50), `must be a whole number of calls, 0 or more, got "${'9'.repeat(37)}..."`],
		['true', true, 'must be a whole number of calls, 0 or more, but is a boolean'],
		['a list', [7], 'must be a whole number of calls, 0 or more, but is a list'],
	])('rejects %s', (_name, callsInLast7Days, problem) => {
		const error = rejection(() => check({ callsInLast7Days }, 6));
		expect(error.message).toBe(`[item 6] Calls In Last 7 Days ${problem}`);
		expect(error.context.itemIndex).toBe(6);
		expect(error.node).toBe(node);
	});

	test.each<[string, unknown, string]>([
		['0', 0, 'got 0'],
		['8 (beyond the presumption)', 8, 'got 8'],
		['2.5', 2.5, 'got 2.5'],
		['text', '7', 'got a string'],
	])('rejects a limit of %s', (_name, limit, got) => {
		expect(rejection(() => check({ callsInLast7Days: 1, limit })).message).toBe(
			`[item 0] Max Calls In 7 Days must be a whole number from 1 to 7, ${got}`,
		);
	});
});

describe('last conversation', () => {
	test.each<[string, unknown]>([
		['exactly 7 days ago', '2026-03-01T15:00:00Z'],
		['7 days and 1 second ago', '2026-03-01T14:59:59Z'],
		['exactly 7 days ago, with an offset', '2026-03-01T07:00:00-08:00'],
		['exactly 7 days ago, as a Date', new Date('2026-03-01T15:00:00Z')],
		['a month ago', '2026-02-08T15:00:00Z'],
		['an empty string (not provided)', ''],
		['null (not provided)', null],
	])('%s → allowed', (_name, lastConversationAt) => {
		expect(check({ lastConversationAt })).toEqual({ allowed: true });
	});

	test.each<[string, unknown, string, string]>([
		['6 days 23 hours ago', '2026-03-01T16:00:00Z', '2026-03-01T16:00:00Z', '2026-03-08T16:00:00Z'],
		[
			'6 days 23 hours ago, with an offset',
			'2026-03-01T08:00:00-08:00',
			'2026-03-01T16:00:00Z',
			'2026-03-08T16:00:00Z',
		],
		[
			'6 days 23 hours ago, offset without colon',
			'2026-03-01T21:30+0530',
			'2026-03-01T16:00:00Z',
			'2026-03-08T16:00:00Z',
		],
		[
			'1 millisecond short of 7 days',
			'2026-03-01T15:00:00.001Z',
			'2026-03-01T15:00:00.001Z',
			'2026-03-08T15:00:00.001Z',
		],
		['a space instead of T, lower-case z', '2026-03-05 09:15:00z', '2026-03-05T09:15:00Z', '2026-03-12T09:15:00Z'],
		['minutes only', '2026-03-05T09:15Z', '2026-03-05T09:15:00Z', '2026-03-12T09:15:00Z'],
		['as a Date', new Date('2026-03-07T12:00:00Z'), '2026-03-07T12:00:00Z', '2026-03-14T12:00:00Z'],
		['in the future', '2026-03-09T00:00:00Z', '2026-03-09T00:00:00Z', '2026-03-16T00:00:00Z'],
	])('%s → blocked', (_name, lastConversationAt, at, next) => {
		expect(check({ lastConversationAt })).toEqual({
			allowed: false,
			checkId: 'local:conversation-in-last-7-days',
			reason: `Telephone conversation about the debt at ${at}, less than 7 days ago; calls allowed again from ${next}`,
			nextAllowedAt: next,
		});
	});

	describe('a date without a time: the date is day one of seven, calls allowed from the 8th day', () => {
		test.each<[string, string, string | undefined, string]>([
			['local midnight in Vancouver (PST)', '2026-03-01', 'America/Vancouver', '2026-03-08T08:00:00Z'],
			[
				'local midnight in Vancouver after spring forward (PDT)',
				'2026-03-02',
				'America/Vancouver',
				'2026-03-09T07:00:00Z',
			],
			['local midnight in Edmonton (MST)', '2026-03-01', 'America/Edmonton', '2026-03-08T07:00:00Z'],
			['local midnight in Kolkata', '2026-03-02', 'Asia/Kolkata', '2026-03-08T18:30:00Z'],
			['without a zone, 12:00 UTC (the 8th day has begun everywhere)', '2026-03-02', undefined, '2026-03-09T12:00:00Z'],
		])('%s', (_name, lastConversationAt, timeZone, next) => {
			const endsAt = Date.parse(next);
			expect(check({ lastConversationAt, timeZone, now: new Date(endsAt - 1000) })).toEqual({
				allowed: false,
				checkId: 'local:conversation-in-last-7-days',
				reason: `Telephone conversation about the debt on ${lastConversationAt}, less than 7 days ago; calls allowed again from ${next}`,
				nextAllowedAt: next,
			});
			expect(check({ lastConversationAt, timeZone, now: new Date(endsAt) })).toEqual({ allowed: true });
		});
	});

	test.each<[string, unknown, string]>([
		['February 30th', '2026-02-30', '"2026-02-30" is not a calendar date'],
		['month 13', '2026-13-01T10:00:00Z', '"2026-13-01T10:00:00Z" is not a calendar date'],
		['year 0999', '0999-01-01', '"0999-01-01" is not a calendar date'],
		['hour 24', '2026-03-01T24:00:00Z', '"2026-03-01T24:00:00Z" is not a time of day'],
		['second 60', '2026-03-01T10:00:60Z', '"2026-03-01T10:00:60Z" is not a time of day'],
		[
			'no time zone',
			'2026-03-01T10:00:00',
			'"2026-03-01T10:00:00" has no time zone; add Z or an offset such as -05:00',
		],
		['offset hour 24', '2026-03-01T10:00:00+24:00', '"2026-03-01T10:00:00+24:00" has an impossible UTC offset'],
		[
			'US date order',
			'03/01/2026',
			'"03/01/2026" is not an ISO date such as 2026-03-01 or a date-time such as 2026-03-01T14:30:00Z',
		],
		[
			'a word',
			'yesterday',
			'"yesterday" is not an ISO date such as 2026-03-01 or a date-time such as 2026-03-01T14:30:00Z',
		],
		[
			'a spreadsheet serial',
			46082,
			'must be an ISO date such as 2026-03-01 or a date-time such as 2026-03-01T14:30:00Z, but is a number',
		],
		[
			'an object',
			{ at: '2026-03-01' },
			'must be an ISO date such as 2026-03-01 or a date-time such as 2026-03-01T14:30:00Z, but is an object',
		],
		['an invalid Date', new Date('nope'), 'is an invalid date'],
	])('rejects %s', (_name, lastConversationAt, problem) => {
		const error = rejection(() => check({ lastConversationAt }, 9));
		expect(error.message).toBe(`[item 9] Last Conversation At ${problem}`);
		expect(error.context.itemIndex).toBe(9);
	});
});

describe('both inputs', () => {
	test('when both block, the count is reported (its block has no known end)', () => {
		expect(check({ callsInLast7Days: 7, lastConversationAt: '2026-03-05T10:00:00Z' })).toEqual({
			allowed: false,
			checkId: LOCAL_ATTEMPT_CAP_CHECK,
			reason: '7 calls in the last 7 days; the limit is 7 in 7 days',
		});
	});

	test('a count under the limit leaves the conversation rule to decide', () => {
		expect(check({ callsInLast7Days: 3, lastConversationAt: '2026-03-05T10:00:00Z' })).toMatchObject({
			allowed: false,
			checkId: LOCAL_CONVERSATION_CHECK,
			nextAllowedAt: '2026-03-12T10:00:00Z',
		});
		expect(check({ callsInLast7Days: 3, lastConversationAt: '2026-02-05T10:00:00Z' })).toEqual({ allowed: true });
	});

	test('an invalid conversation is reported even when the count already blocks', () => {
		expect(rejection(() => check({ callsInLast7Days: 7, lastConversationAt: 'soon' })).message).toBe(
			'[item 0] Last Conversation At "soon" is not an ISO date such as 2026-03-01 or a date-time such as 2026-03-01T14:30:00Z',
		);
	});

	test('nothing provided → allowed', () => {
		expect(check({})).toEqual({ allowed: true });
	});

	test('an invalid now is a programming error', () => {
		expect(() => check({ now: new Date(Number.NaN) })).toThrow(new RangeError('The current time must be a valid Date'));
	});
});
