// Covers pipeline/guards/checks.ts: the local check ids and the check objects a blocked item lists
// next to Veritus's own compliance checks (shaped like ComplianceCheck in compliance/).
import {
	checkAttemptCap,
	checkCallingHours,
	guardCheck,
	guardFailureCheck,
	LOCAL_ATTEMPT_CAP_CHECK,
	LOCAL_CONVERSATION_CHECK,
	LOCAL_GUARD_CHECKS,
	LOCAL_OUTSIDE_CALLING_HOURS_CHECK,
	NODE_CHECK_SUFFIX,
	REGULATION_F_CALLING_WINDOW,
} from '../../nodes/Veritus/pipeline/guards';
import { joinReasons } from '../../nodes/Veritus/compliance';
import { LOCAL_REPEATED_CUSTOMER_CHECK } from '../../nodes/Veritus/pipeline/localChecks';
import { fakeNode } from './fakes';

describe('local check ids', () => {
	test('are distinct, prefixed local:, and differ from the repeated-customer check', () => {
		const ids = [LOCAL_OUTSIDE_CALLING_HOURS_CHECK, LOCAL_ATTEMPT_CAP_CHECK, LOCAL_CONVERSATION_CHECK];
		expect(ids).toEqual([
			'local:outside-calling-hours',
			'local:attempt-cap-7-in-7',
			'local:conversation-in-last-7-days',
		]);
		expect(new Set([...ids, LOCAL_REPEATED_CUSTOMER_CHECK]).size).toBe(4);
		expect(Object.keys(LOCAL_GUARD_CHECKS).sort()).toEqual([...ids].sort());
	});

	test("every name says the check is the n8n node's, not Veritus's", () => {
		expect(NODE_CHECK_SUFFIX).toBe('(n8n node, not Veritus)');
		expect(LOCAL_GUARD_CHECKS[LOCAL_OUTSIDE_CALLING_HOURS_CHECK].name).toBe(
			'Outside Calling Hours (n8n node, not Veritus)',
		);
		expect(LOCAL_GUARD_CHECKS[LOCAL_ATTEMPT_CAP_CHECK].name).toBe(
			'Call Attempt Cap, 7 in 7 Days (n8n node, not Veritus)',
		);
		expect(LOCAL_GUARD_CHECKS[LOCAL_CONVERSATION_CHECK].name).toBe(
			'Conversation In Last 7 Days (n8n node, not Veritus)',
		);
	});

	test('every description cites its rule in 12 CFR part 1006', () => {
		expect(LOCAL_GUARD_CHECKS[LOCAL_OUTSIDE_CALLING_HOURS_CHECK].description).toContain('12 CFR 1006.6(b)(1)(i)');
		expect(LOCAL_GUARD_CHECKS[LOCAL_ATTEMPT_CAP_CHECK].description).toContain('12 CFR 1006.14(b)(2)(i)(A)');
		expect(LOCAL_GUARD_CHECKS[LOCAL_CONVERSATION_CHECK].description).toContain('12 CFR 1006.14(b)(2)(i)(B)');
	});

	test('the table cannot be changed at run time', () => {
		expect(Object.isFrozen(LOCAL_GUARD_CHECKS)).toBe(true);
		expect(Object.isFrozen(LOCAL_GUARD_CHECKS[LOCAL_ATTEMPT_CAP_CHECK])).toBe(true);
	});
});

describe('guardCheck', () => {
	test("builds { id, name, description, reason } and marks the name as the node's", () => {
		expect(guardCheck('local:quiet-day', 'Quiet Day', 'No calls on the set day.', 'Today is a quiet day')).toEqual({
			id: 'local:quiet-day',
			name: 'Quiet Day (n8n node, not Veritus)',
			description: 'No calls on the set day.',
			reason: 'Today is a quiet day',
		});
	});

	test('does not mark a name twice', () => {
		expect(guardCheck('local:x', 'X (n8n node, not Veritus)', 'd', 'r').name).toBe('X (n8n node, not Veritus)');
	});

	test.each(['is-active', 'four-voice-call-per-day', 'local:', 'LOCAL:x', ''])('rejects the id %j', (id) => {
		expect(() => guardCheck(id, 'Name', 'Description', 'Reason')).toThrow(
			new RangeError(`A guard check id must start with "local:", got ${JSON.stringify(id)}`),
		);
	});
});

describe('guardFailureCheck', () => {
	test("turns a calling-hours block into a check that joins like Veritus's", () => {
		const result = checkCallingHours(
			new Date('2026-11-01T15:30:00Z'),
			'America/Vancouver',
			REGULATION_F_CALLING_WINDOW,
		);
		if (result.allowed) throw new Error('expected a block');
		const failed = guardFailureCheck(result);
		expect(failed).toEqual({
			id: 'local:outside-calling-hours',
			name: 'Outside Calling Hours (n8n node, not Veritus)',
			description: LOCAL_GUARD_CHECKS[LOCAL_OUTSIDE_CALLING_HOURS_CHECK].description,
			reason:
				'Local time 2026-11-01T07:30:00-08:00 (America/Vancouver) is outside the calling hours 08:00-21:00; they next open at 2026-11-01T16:00:00Z',
		});
		expect(joinReasons([failed])).toBe(
			'Outside Calling Hours (n8n node, not Veritus): Local time 2026-11-01T07:30:00-08:00 (America/Vancouver) is outside the calling hours 08:00-21:00; they next open at 2026-11-01T16:00:00Z',
		);
	});

	test('turns an attempt-cap block into a check', () => {
		const result = checkAttemptCap(fakeNode(), 0, { callsInLast7Days: 7, now: new Date('2026-03-08T15:00:00Z') });
		if (result.allowed) throw new Error('expected a block');
		expect(guardFailureCheck(result)).toEqual({
			id: 'local:attempt-cap-7-in-7',
			name: 'Call Attempt Cap, 7 in 7 Days (n8n node, not Veritus)',
			description: LOCAL_GUARD_CHECKS[LOCAL_ATTEMPT_CAP_CHECK].description,
			reason: '7 calls in the last 7 days; the limit is 7 in 7 days',
		});
	});
});
