'use strict';

const {
	CHECKS,
	localDateTime,
	parseTimeOfDay,
	countCallsInWindow,
	evaluateCompliance,
	clockLabel,
	notEligibleMessage,
	bulkNotEligibleMessage,
	nextCompliantStart,
	zonedInstant,
} = require('../compliance');
const { DEMO_CLOCK } = require('../constants');
const { CHECKS: DOCUMENTED } = require('./helpers');

const NOW = new Date(DEMO_CLOCK);

/** @param {Partial<import('../compliance').ComplianceCustomer>} fields */
function customer(fields = {}) {
	return { active: true, ceaseAndDesist: false, timeZone: 'America/Los_Angeles', callsPlaced: [], ...fields };
}

describe('the rules', () => {
	test("the seed page's three checks word for word, respectful hours, and the notice rule", () => {
		const { modelValidationNotice, ...rest } = CHECKS;
		expect(rest).toEqual(DOCUMENTED);
		expect(modelValidationNotice).toMatchObject({
			id: 'model-validation-notice-delivered',
			name: 'Model Validation Notice Delivered',
		});
	});

	test('a compliant customer passes all four rules, in order', () => {
		const result = evaluateCompliance(
			customer({ callsPlaced: ['2026-11-30T16:05:00Z', '2026-11-30T17:05:00Z', '2026-11-30T17:40:00Z'] }),
			{ now: NOW },
		);
		expect(result).toEqual({
			passed: true,
			checksPassed: [
				{ ...DOCUMENTED.isActive, reason: 'Customer is active' },
				{ ...DOCUMENTED.ceaseAndDesist, reason: 'Customer has not requested cease and desist' },
				{ ...DOCUMENTED.respectfulHours, reason: 'Customer local time is 10:00 (within respectful hours 8am-9pm)' },
				{
					...DOCUMENTED.voiceCallsPerDay,
					reason:
						'Customer has had 3 voice calls today within respectful hours window (America/Los_Angeles), within the limit of 4',
				},
			],
			checksFailed: [],
		});
	});

	test('all checks run even when the first fails; passed is false when any fails', () => {
		const result = evaluateCompliance(
			customer({
				active: false,
				ceaseAndDesist: true,
				timeZone: 'America/New_York',
				callsPlaced: ['2026-11-30T13:05:00Z', '2026-11-30T14:10:00Z', '2026-11-30T15:20:00Z', '2026-11-30T17:40:00Z'],
			}),
			{ now: NOW },
		);
		expect(result).toEqual({
			passed: false,
			checksPassed: [
				{ ...DOCUMENTED.respectfulHours, reason: 'Customer local time is 13:00 (within respectful hours 8am-9pm)' },
			],
			checksFailed: [
				{ ...DOCUMENTED.isActive, reason: 'Customer is not active' },
				{ ...DOCUMENTED.ceaseAndDesist, reason: 'Customer has requested cease and desist' },
				{
					...DOCUMENTED.voiceCallsPerDay,
					reason:
						'Customer has had 4 voice calls today within respectful hours window (America/New_York), reaching the limit of 4',
				},
			],
		});
	});

	test('more than four calls reads "exceeding", one call is singular', () => {
		const five = ['16:10', '16:20', '16:30', '16:40', '16:50'].map((t) => `2026-11-30T${t}:00Z`);
		expect(evaluateCompliance(customer({ callsPlaced: five }), { now: NOW }).checksFailed[0].reason).toBe(
			'Customer has had 5 voice calls today within respectful hours window (America/Los_Angeles), exceeding the limit of 4',
		);
		expect(evaluateCompliance(customer({ callsPlaced: [five[0]] }), { now: NOW }).checksPassed[3].reason).toBe(
			'Customer has had 1 voice call today within respectful hours window (America/Los_Angeles), within the limit of 4',
		);
	});
});

describe('respectful hours', () => {
	test.each([
		['08:00', '8am'],
		['20:50', '8:50pm'],
		['21:00', '9pm'],
		['12:00', '12pm'],
		['00:30', '12:30am'],
	])('%s is written %s', (time, label) => {
		expect(clockLabel(time)).toBe(label);
	});

	test('both ends of the window are inside, to the second', () => {
		const la = customer();
		const at = (iso) => evaluateCompliance(la, { now: new Date(iso) }).checksFailed.map((c) => c.id);
		expect(at('2026-11-30T15:59:59Z')).toEqual(['respectful-hours-check']); // 07:59:59
		expect(at('2026-11-30T16:00:00Z')).toEqual([]); // 08:00:00
		expect(at('2026-12-01T05:00:00Z')).toEqual([]); // 21:00:00
		expect(at('2026-12-01T05:00:01Z')).toEqual(['respectful-hours-check']); // 21:00:01
	});

	test('the window is configurable and its wording follows', () => {
		const result = evaluateCompliance(customer({ timeZone: 'Asia/Tokyo' }), {
			now: NOW,
			respectfulHours: { start: '08:00', end: '20:50' },
		});
		expect(result.checksFailed).toEqual([
			{ ...DOCUMENTED.respectfulHours, reason: 'Customer local time is 03:00 (outside respectful hours 8am-8:50pm)' },
		]);
	});
});

describe('the notice rule', () => {
	test('evaluated only when the profile says whether the notice was sent', () => {
		const ids = (fields) => evaluateCompliance(customer(fields), { now: NOW });
		expect(ids({}).checksPassed.map((c) => c.id)).not.toContain('model-validation-notice-delivered');
		expect(ids({ modelValidationNoticeSent: true }).checksPassed.map((c) => c.id)).toContain(
			'model-validation-notice-delivered',
		);
		expect(ids({ modelValidationNoticeSent: false }).checksFailed).toEqual([
			expect.objectContaining({
				id: 'model-validation-notice-delivered',
				reason: 'No Model Validation Notice has been sent',
			}),
		]);
	});
});

describe('failure messages', () => {
	const failed = evaluateCompliance(customer({ timeZone: 'Asia/Tokyo', modelValidationNoticeSent: false }), {
		now: NOW,
		respectfulHours: { start: '08:00', end: '20:50' },
	}).checksFailed;

	test("Create Call's 422: the API document's example, word for word", () => {
		expect(notEligibleMessage(failed)).toBe(
			'Customer not eligible for call. Failed rules: Respectful Hours Check (Customer local time is 03:00 (outside respectful hours 8am-8:50pm)), Model Validation Notice Delivered (No Model Validation Notice has been sent)',
		);
		expect(notEligibleMessage(failed.slice(1), 'drip campaign')).toBe(
			'Customer not eligible for drip campaign. Failed rules: Model Validation Notice Delivered (No Model Validation Notice has been sent)',
		);
	});

	test("Create Many's per-customer error: numbered, reasons in brackets", () => {
		expect(bulkNotEligibleMessage(failed)).toBe(
			'Customer not eligible for call. 2 failed rule(s): 1. Respectful Hours Check [Customer local time is 03:00 (outside respectful hours 8am-8:50pm)], 2. Model Validation Notice Delivered [No Model Validation Notice has been sent]',
		);
	});
});

describe('the next compliant start (drip campaigns)', () => {
	test("before the window: today's start; after it, or with the day's calls used up: tomorrow's", () => {
		const tokyo = customer({ timeZone: 'Asia/Tokyo' }); // 03:00 on Dec 1
		const respectful = [{ id: 'respectful-hours-check' }];
		expect(nextCompliantStart(tokyo, { now: NOW }, respectful).toISOString()).toBe('2026-11-30T23:00:00.000Z');
		const late = new Date('2026-12-01T06:00:00Z'); // 22:00 in Los Angeles, Nov 30
		expect(nextCompliantStart(customer(), { now: late }, respectful).toISOString()).toBe('2026-12-01T16:00:00.000Z');
		const limit = [{ id: 'four-voice-call-per-day' }];
		expect(nextCompliantStart(customer(), { now: NOW }, limit).toISOString()).toBe('2026-12-01T16:00:00.000Z');
	});

	test('zonedInstant crosses a clock change', () => {
		expect(zonedInstant('2026-03-08', 8 * 3600, 'America/New_York').toISOString()).toBe('2026-03-08T12:00:00.000Z');
		expect(zonedInstant('2026-03-07', 8 * 3600, 'America/New_York').toISOString()).toBe('2026-03-07T13:00:00.000Z');
	});
});

describe('localDateTime', () => {
	test.each([
		['America/Los_Angeles', '2026-11-30', 10 * 3600],
		['America/Denver', '2026-11-30', 11 * 3600],
		['America/Phoenix', '2026-11-30', 11 * 3600],
		['America/Chicago', '2026-11-30', 12 * 3600],
		['America/New_York', '2026-11-30', 13 * 3600],
		['Pacific/Honolulu', '2026-11-30', 8 * 3600],
		['America/Anchorage', '2026-11-30', 9 * 3600],
		['Asia/Tokyo', '2026-12-01', 3 * 3600],
	])(`%s at ${DEMO_CLOCK} is %s, %i s after midnight`, (timeZone, date, secondsOfDay) => {
		expect(localDateTime(NOW, timeZone)).toEqual({ date, secondsOfDay });
	});

	test('midnight is 0, not 24', () => {
		expect(localDateTime(new Date('2026-11-30T08:00:00Z'), 'America/Los_Angeles')).toEqual({
			date: '2026-11-30',
			secondsOfDay: 0,
		});
	});

	test('follows daylight saving time (New York, 2026-03-08)', () => {
		expect(localDateTime(new Date('2026-03-08T06:59:59Z'), 'America/New_York')).toEqual({
			date: '2026-03-08',
			secondsOfDay: 1 * 3600 + 59 * 60 + 59,
		});
		expect(localDateTime(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toEqual({
			date: '2026-03-08',
			secondsOfDay: 3 * 3600,
		});
	});
});

describe('parseTimeOfDay', () => {
	test('reads HH:MM', () => {
		expect(parseTimeOfDay('08:00')).toBe(8 * 3600);
		expect(parseTimeOfDay('21:30')).toBe(21 * 3600 + 30 * 60);
	});
	test.each(['8:00', '24:00', '12:60', 'noon'])('rejects %s', (value) => {
		expect(() => parseTimeOfDay(value)).toThrow(RangeError);
	});
});

describe('countCallsInWindow', () => {
	const LA = 'America/Los_Angeles';

	test('counts only calls on the local calendar day, not the UTC one', () => {
		// 2026-11-30T00:10Z … 02:20Z are the evening of Nov 29 in Chicago (inside that day's window).
		const calls = ['2026-11-30T00:10:00Z', '2026-11-30T00:50:00Z', '2026-11-30T01:30:00Z', '2026-11-30T02:20:00Z'];
		expect(countCallsInWindow(calls, 'America/Chicago', NOW)).toBe(0);
		expect(countCallsInWindow(calls, 'America/Chicago', new Date('2026-11-30T02:30:00Z'))).toBe(4);
	});

	test('both ends of the window are included, to the second', () => {
		const now = new Date('2026-12-01T07:30:00Z'); // 23:30 in Los Angeles, Nov 30
		const at = (local) => new Date(Date.parse(`2026-11-30T${local}Z`) + 8 * 3600 * 1000).toISOString();
		expect(countCallsInWindow([at('07:59:59')], LA, now)).toBe(0);
		expect(countCallsInWindow([at('08:00:00')], LA, now)).toBe(1);
		expect(countCallsInWindow([at('21:00:00')], LA, now)).toBe(1);
		expect(countCallsInWindow([at('21:00:01')], LA, now)).toBe(0);
	});

	test('the same instants count differently by time zone', () => {
		const calls = ['2026-11-30T16:30:00Z', '2026-11-30T17:00:00Z', '2026-11-30T17:30:00Z', '2026-11-30T17:55:00Z'];
		expect(countCallsInWindow(calls, 'Pacific/Honolulu', NOW)).toBe(0); // 06:30–07:55 local
		expect(countCallsInWindow(calls, 'America/Los_Angeles', NOW)).toBe(4); // 08:30–09:55 local
		expect(countCallsInWindow(calls, 'America/Anchorage', NOW)).toBe(3); // 07:30, 08:00, 08:30, 08:55 local
	});

	test('calls after now are not counted', () => {
		expect(countCallsInWindow([DEMO_CLOCK, '2026-11-30T18:00:01Z'], LA, NOW)).toBe(1);
	});

	test('the window is configurable', () => {
		const calls = ['2026-11-30T16:30:00Z', '2026-11-30T17:30:00Z']; // 08:30 and 09:30 in Los Angeles
		expect(countCallsInWindow(calls, LA, NOW, { start: '09:00', end: '21:00' })).toBe(1);
		const result = evaluateCompliance(customer({ callsPlaced: calls }), {
			now: NOW,
			respectfulHours: { start: '09:00', end: '17:00' },
		});
		expect(result.checksPassed[3].reason).toMatch(/had 1 voice call today/);
	});

	test('a day that starts daylight saving time still counts by local date', () => {
		const now = new Date('2026-03-08T20:00:00Z'); // 16:00 EDT
		const calls = ['2026-03-08T04:30:00Z', '2026-03-08T13:00:00Z', '2026-03-08T14:00:00Z']; // Mar 7 23:30 EST, 09:00 and 10:00 EDT
		expect(countCallsInWindow(calls, 'America/New_York', now)).toBe(2);
	});
});
