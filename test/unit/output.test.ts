// Covers actions/call/output.ts: simplifyResponse on the API document's placed-call example and on
// a call blocked by two failed checks; joinReasons (compliance/); and repeatedCustomerItem
// (pipeline/localChecks.ts) shaped by Call → Create (simplified and raw).
import { placement } from '../../nodes/Veritus/actions/call/create.operation';
import type { PreparedCall } from '../../nodes/Veritus/actions/call/item';
import { simplifyResponse, type CreateCallResponse } from '../../nodes/Veritus/actions/call/output';
import { joinReasons } from '../../nodes/Veritus/compliance';
import {
	LOCAL_REPEATED_CUSTOMER_CHECK,
	repeatedCustomerItem as repeatedItem,
} from '../../nodes/Veritus/pipeline/localChecks';
import documentedExample from '../../emulator/fixtures/api-document-example.json';

const input = { customerId: '100231', agentId: 'agent-collections-01' };

const isActivePassed = {
	id: 'is-active',
	name: 'Is Active',
	description: 'Check if customer is active',
	reason: 'Customer is active',
};

/** The create-call response example of the API document, verbatim. */
const placed = documentedExample as CreateCallResponse;

const ceaseAndDesist = {
	id: 'cease-and-desist-exclusion',
	name: 'Cease And Desist Exclusion',
	description: 'Check that the customer has not requested cease and desist',
	reason: 'Customer has requested cease and desist',
};
const dailyLimit = {
	id: 'four-voice-call-per-day',
	name: 'Four Voice Call Per Day',
	description: 'At most four voice calls per customer per day',
	reason: 'Customer already received 4 voice calls today',
};

/** A call blocked by two failed checks (shape assumed by the contract: id and threadId null). */
const blocked: CreateCallResponse = {
	requestId: '9b2f4d1e-0c3a-4b8e-9f6d-2a1c3e5b7d90',
	success: false,
	data: {
		id: null,
		threadId: null,
		toPhoneNumber: '+14155550000',
		fromPhoneNumber: '+14155559876',
		compliance: { passed: false, checksPassed: [isActivePassed], checksFailed: [ceaseAndDesist, dailyLimit] },
	},
};

describe('simplifyResponse', () => {
	test('the documented placed call becomes flat fields', () => {
		expect(simplifyResponse(input, placed)).toEqual({
			customerId: '100231',
			agentId: 'agent-collections-01',
			callId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
			threadId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
			toPhoneNumber: '+14155551234',
			fromPhoneNumber: '+14155559876',
			compliancePassed: true,
			failedCheckIds: [],
			failedReasons: '',
			requestId: '25deb7a2-ea2a-4993-8ad5-faed5367915b',
			checksPassed: documentedExample.data.compliance.checksPassed,
			checksFailed: [],
		});
		expect((simplifyResponse(input, placed).checksPassed as Array<{ id: string }>).map((check) => check.id)).toEqual([
			'is-active',
			'cease-and-desist-exclusion',
			'four-voice-call-per-day',
		]);
	});

	test('a blocked call lists both failed checks and joins both reasons', () => {
		const item = simplifyResponse(input, blocked);
		expect(item).toEqual({
			customerId: '100231',
			agentId: 'agent-collections-01',
			callId: null,
			threadId: null,
			toPhoneNumber: '+14155550000',
			fromPhoneNumber: '+14155559876',
			compliancePassed: false,
			failedCheckIds: ['cease-and-desist-exclusion', 'four-voice-call-per-day'],
			failedReasons:
				'Cease And Desist Exclusion: Customer has requested cease and desist; Four Voice Call Per Day: Customer already received 4 voice calls today',
			requestId: '9b2f4d1e-0c3a-4b8e-9f6d-2a1c3e5b7d90',
			checksPassed: [isActivePassed],
			checksFailed: [ceaseAndDesist, dailyLimit],
		});
		// The check objects keep their reasons and descriptions.
		expect((item.checksFailed as Array<{ reason: string }>).map((c) => c.reason)).toEqual([
			'Customer has requested cease and desist',
			'Customer already received 4 voice calls today',
		]);
	});

	test('a blocked item never reduces to only error keys', () => {
		const keys = Object.keys(simplifyResponse(input, blocked));
		expect(keys).not.toContain('error');
		expect(keys.length).toBeGreaterThan(2);
		expect(keys).toEqual(expect.arrayContaining(['customerId', 'compliancePassed', 'failedCheckIds', 'failedReasons']));
	});

	test('missing optional fields become null, missing check lists become empty', () => {
		const sparse = {
			data: { compliance: { passed: false } },
		} as unknown as CreateCallResponse;
		expect(simplifyResponse(input, sparse)).toEqual({
			customerId: '100231',
			agentId: 'agent-collections-01',
			callId: null,
			threadId: null,
			toPhoneNumber: null,
			fromPhoneNumber: null,
			compliancePassed: false,
			failedCheckIds: [],
			failedReasons: '',
			requestId: null,
			checksPassed: [],
			checksFailed: [],
		});
	});

	test('every simplified item has the same columns in the same order', () => {
		expect(Object.keys(simplifyResponse(input, placed))).toEqual(Object.keys(simplifyResponse(input, blocked)));
	});
});

describe('joinReasons', () => {
	test('falls back to the check id when the name is empty', () => {
		expect(joinReasons([{ ...dailyLimit, name: '' }])).toBe(
			'four-voice-call-per-day: Customer already received 4 voice calls today',
		);
	});

	test('is empty for no checks', () => {
		expect(joinReasons([])).toBe('');
	});
});

/** The repeated-customer item of Call → Create for `input`, first seen in item `first`. */
const repeatedCustomerItem = (call: typeof input, first: number, simplify: boolean) =>
	repeatedItem(placement, call as PreparedCall, first, simplify);

describe('repeatedCustomerItem', () => {
	const reason =
		'Not sent to Veritus: customer 100231 already appears in item 2 of this run, and "One Call Per Customer Per Run" is on';

	test('simplified: the same columns as a Veritus result, with the local check failed', () => {
		const item = repeatedCustomerItem(input, 2, true);
		expect(item).toEqual({
			customerId: '100231',
			agentId: 'agent-collections-01',
			callId: null,
			threadId: null,
			toPhoneNumber: null,
			fromPhoneNumber: null,
			compliancePassed: false,
			failedCheckIds: ['local:repeated-customer-in-run'],
			failedReasons: `Repeated Customer In Run (n8n node, not Veritus): ${reason}`,
			requestId: null,
			checksPassed: [],
			checksFailed: [
				{
					id: LOCAL_REPEATED_CUSTOMER_CHECK,
					name: 'Repeated Customer In Run (n8n node, not Veritus)',
					description: 'Place at most one call per customer in one run of the node',
					reason,
				},
			],
		});
		expect(Object.keys(item)).toEqual(Object.keys(simplifyResponse(input, placed)));
		expect(Object.keys(item)).not.toContain('error');
	});

	test('raw: a small object that says it was skipped locally', () => {
		expect(repeatedCustomerItem(input, 2, false)).toEqual({
			skipped: true,
			customerId: '100231',
			agentId: 'agent-collections-01',
			duplicateOfItem: 2,
			reason,
		});
	});

	test('the local check id cannot be mistaken for a Veritus check id', () => {
		expect(LOCAL_REPEATED_CUSTOMER_CHECK).toBe('local:repeated-customer-in-run');
	});
});
