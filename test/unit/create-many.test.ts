// Covers Call → Create Many's own modules (actions/call/createMany.*.ts) without a network: a bad
// value for every validated field (Customer ID, Agent ID, Webhook URL, Webhook Secret ID), the
// grouping into requests of up to 100 customers with one agent and webhook, the request body, and
// how each customer's result of a bulk answer becomes Passed, Failed or an error.
import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { readBulkResult, pairResults, bulkResults } from '../../nodes/Veritus/actions/call/createMany.answer';
import {
	bulkDryRunItem,
	bulkRequestBody,
	groupBulkCalls,
	prepareBulkCall,
	type BulkCall,
} from '../../nodes/Veritus/actions/call/createMany.item';
import { fakeNode } from './fakes';

const CUSTOMER = '3a8d6bff-6306-5c57-9536-7e8d4a2d24f8';
const AGENT = 'b4176fbb-cfd4-50c0-ab9d-855d00336b30';
const SECRET = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const UNRESOLVABLE = new Error('Cannot read properties of undefined');

const VALID: Record<string, unknown> = { customerId: CUSTOMER, agentId: AGENT, webhook: {} };

/** An IExecuteFunctions for prepare: valid parameters, `field` overridden (or throwing like a failing expression). */
function context(field?: string, value?: unknown, throws?: Error): IExecuteFunctions {
	return {
		getNode: () => fakeNode(),
		getNodeParameter: (name: string) => {
			if (name === field) {
				if (throws) throw throws;
				return value;
			}
			return VALID[name];
		},
	} as unknown as IExecuteFunctions;
}

function rejection(field: string, value: unknown, throws?: Error, item = 4): NodeOperationError {
	try {
		prepareBulkCall.call(context(field, value, throws), item);
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error(`${field} = ${JSON.stringify(value)} was accepted`);
}

const UUID_PROBLEM =
	'must be a UUID (8-4-4-4-12 hexadecimal digits, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a), got';

// prettier-ignore
const REJECTED: Array<[name: string, field: string, value: unknown, message: string, throws?: Error]> = [
	['Customer ID an account number',  'customerId', '100231',                         `[item 4] Customer ID ${UUID_PROBLEM} "100231"`],
	['Customer ID a number',           'customerId', 100231,                           `[item 4] Customer ID ${UUID_PROBLEM} "100231"`],
	['Customer ID a UUID without dashes', 'customerId', CUSTOMER.replace(/-/g, ''),   `[item 4] Customer ID ${UUID_PROBLEM} "${CUSTOMER.replace(/-/g, '')}"`],
	['Customer ID a UUID in braces',   'customerId', `{${CUSTOMER}}`,                  `[item 4] Customer ID ${UUID_PROBLEM} "{${CUSTOMER}}"`],
	['Customer ID empty',              'customerId', '  ',                             '[item 4] Customer ID is empty'],
	['Customer ID missing',            'customerId', undefined,                        '[item 4] Customer ID is missing'],
	['Customer ID an object',          'customerId', { id: CUSTOMER },                 '[item 4] Customer ID must be text or a number, but is an object'],
	['Customer ID a list',             'customerId', [CUSTOMER],                       '[item 4] Customer ID must be text or a number, but is a list'],
	['Customer ID a control character', 'customerId', `${CUSTOMER}\u0000`, `[item 4] Customer ID contains a control character: "${CUSTOMER}\\u0000"`],
	['Customer ID expression throws',  'customerId', undefined,                        '[item 4] Customer ID could not be resolved: Cannot read properties of undefined', UNRESOLVABLE],
	['Agent ID not a UUID',            'agentId',    'agent-collections-01',           `[item 4] Agent ID ${UUID_PROBLEM} "agent-collections-01"`],
	['Agent ID empty',                 'agentId',    '',                               '[item 4] Agent ID is empty'],
	['Agent ID a boolean',             'agentId',    true,                             '[item 4] Agent ID must be text or a number, but is a boolean'],
	['Agent ID expression throws',     'agentId',    undefined,                        '[item 4] Agent ID could not be resolved: Cannot read properties of undefined', UNRESOLVABLE],
	['Webhook not an object',          'webhook',    'https://example.com/hook',       '[item 4] Webhook must be an object with URL and Secret ID'],
	['Webhook URL relative',           'webhook',    { url: '/hook', secretId: SECRET }, '[item 4] Webhook URL must be an absolute http(s) URL with a host, got "/hook"'],
	['Webhook URL ftp',                'webhook',    { url: 'ftp://example.com', secretId: SECRET }, '[item 4] Webhook URL must use http or https, not "ftp"'],
	['Webhook URL with spaces',        'webhook',    { url: 'https://example.com/a b', secretId: SECRET }, '[item 4] Webhook URL contains spaces: "https://example.com/a b"'],
	['Webhook URL without a secret',   'webhook',    { url: 'https://example.com/hook' }, '[item 4] Webhook Secret ID is required when a Webhook URL is set'],
	['Webhook Secret ID without a URL', 'webhook',   { secretId: SECRET },             '[item 4] Webhook URL is required when a Webhook Secret ID is set'],
	['Webhook Secret ID not a UUID',   'webhook',    { url: 'https://example.com/hook', secretId: 'abc' }, '[item 4] Webhook Secret ID must be a UUID (8-4-4-4-12 hexadecimal digits, 36 characters); the value given has 3 characters'],
	['Webhook expression throws',      'webhook',    undefined,                        '[item 4] Webhook could not be resolved: Cannot read properties of undefined', UNRESOLVABLE],
];

describe('prepare: every validated field rejects a bad value, naming the item and the field', () => {
	test.each(REJECTED.map(([name, field, value, message, throws]) => ({ name, field, value, message, throws })))(
		'$name',
		({ field, value, message, throws }) => {
			const error = rejection(field, value, throws);
			expect(error.message).toBe(message);
			expect(error.context.itemIndex).toBe(4);
		},
	);

	test('a Customer ID that is not a UUID says where Veritus customer IDs come from', () => {
		expect(rejection('customerId', 'ACC-1001').description).toContain('Customer → Create');
	});

	test('an error after the Customer ID names the customer in context; a bad Webhook Secret ID is never echoed', () => {
		const error = rejection('webhook', { url: 'https://example.com/hook', secretId: 'not-a-uuid-secret' });
		expect(error.context.customerId).toBe(CUSTOMER);
		expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain(
			'not-a-uuid-secret',
		);
	});
});

describe('prepare: accepted values', () => {
	test('trimmed UUIDs in any case; dedupe key in lower case; the item’s part of the request', () => {
		const upper = ` ${CUSTOMER.toUpperCase()} `;
		const call = prepareBulkCall.call(
			{
				getNode: () => fakeNode(),
				getNodeParameter: (name: string) =>
					({ customerId: upper, agentId: AGENT, webhook: { url: 'https://example.com/h', secretId: SECRET } })[name],
			} as unknown as IExecuteFunctions,
			2,
		);
		expect(call).toEqual({
			itemIndex: 2,
			customerId: CUSTOMER.toUpperCase(),
			agentId: AGENT,
			webhook: { url: 'https://example.com/h', secretId: SECRET },
			path: '/calls/bulk',
			body: {
				agentId: AGENT,
				customerId: CUSTOMER.toUpperCase(),
				webhook: { url: 'https://example.com/h', secretId: SECRET },
			},
			dedupeKey: CUSTOMER,
			placementKey: '',
			requestKey: JSON.stringify([AGENT, 'https://example.com/h', SECRET]),
		});
	});
});

/** A prepared item for the grouping tests. */
function bulkCall(itemIndex: number, customerId: string, agentId = AGENT, url?: string): BulkCall {
	const webhook = url ? { url, secretId: SECRET } : undefined;
	return {
		itemIndex,
		customerId,
		agentId,
		webhook,
		path: '/calls/bulk',
		body: webhook ? { agentId, customerId, webhook } : { agentId, customerId },
		dedupeKey: customerId.toLowerCase(),
		placementKey: `${customerId.toLowerCase()}|2026-11-30`,
		requestKey: JSON.stringify([agentId.toLowerCase(), url ?? null, url ? SECRET : null]),
	};
}
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const OTHER_AGENT = 'eb0a90e7-81ed-53b8-b686-326cd76b13f4';

describe('grouping into requests', () => {
	test('up to 100 per request, in input order', () => {
		const queue = Array.from({ length: 250 }, (_, index) => bulkCall(index, uuid(index)));
		const requests = groupBulkCalls(queue);
		expect(requests.map((request) => request.length)).toEqual([100, 100, 50]);
		expect(requests.flat()).toEqual(queue);
	});

	test('Customers Per Request is clamped to 1 … 100', () => {
		const queue = Array.from({ length: 120 }, (_, index) => bulkCall(index, uuid(index)));
		expect(groupBulkCalls(queue, 7).map((request) => request.length)).toEqual([...Array<number>(17).fill(7), 1]);
		expect(groupBulkCalls(queue, 500).map((request) => request.length)).toEqual([100, 20]);
		expect(groupBulkCalls(queue.slice(0, 3), 0).map((request) => request.length)).toEqual([1, 1, 1]);
	});

	test('one agent and one webhook per request; requests in the order of their first item', () => {
		const queue = [
			bulkCall(0, uuid(0), AGENT, 'https://a.example.com'),
			bulkCall(1, uuid(1), OTHER_AGENT, 'https://a.example.com'),
			bulkCall(2, uuid(2), AGENT),
			bulkCall(3, uuid(3), AGENT.toUpperCase(), 'https://a.example.com'),
			bulkCall(4, uuid(4), AGENT, 'https://b.example.com'),
			bulkCall(5, uuid(5), AGENT),
		];
		expect(groupBulkCalls(queue).map((request) => request.map((call) => call.itemIndex))).toEqual([
			[0, 3],
			[1],
			[2, 5],
			[4],
		]);
	});

	test('a customer repeated (in any case) starts a new request: no request names a customer twice', () => {
		const queue = [
			bulkCall(0, uuid(1)),
			bulkCall(1, uuid(2)),
			bulkCall(2, uuid(1).toUpperCase()),
			bulkCall(3, uuid(3)),
		];
		const requests = groupBulkCalls(queue);
		expect(requests.map((request) => request.map((call) => call.itemIndex))).toEqual([
			[0, 1],
			[2, 3],
		]);
		for (const request of requests) expect(new Set(request.map((call) => call.dedupeKey)).size).toBe(request.length);
	});

	test('the request body: agentId, customerIds in order, the webhook; the dry-run item masks the Secret ID', () => {
		const calls = [
			bulkCall(0, uuid(1), AGENT, 'https://a.example.com'),
			bulkCall(1, uuid(2), AGENT, 'https://a.example.com'),
		];
		expect(bulkRequestBody(calls)).toEqual({
			agentId: AGENT,
			customerIds: [uuid(1), uuid(2)],
			webhook: { url: 'https://a.example.com', secretId: SECRET },
		});
		expect(bulkRequestBody([bulkCall(0, uuid(1))])).toEqual({ agentId: AGENT, customerIds: [uuid(1)] });
		expect(bulkDryRunItem(calls[0])).toEqual({
			dryRun: true,
			wouldSend: true,
			customerId: uuid(1),
			agentId: AGENT,
			request: {
				method: 'POST',
				path: '/calls/bulk',
				body: { agentId: AGENT, webhook: { url: 'https://a.example.com', secretId: '********' } },
			},
		});
	});
});

describe('reading a bulk answer', () => {
	const node = fakeNode();
	const compliancePassed = { passed: true, checksPassed: [], checksFailed: [] };
	const placed = (customerId: string) => ({
		customerId,
		success: true,
		data: {
			id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
			threadId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
			toPhoneNumber: '+14155551234',
			fromPhoneNumber: '+14155559876',
			compliance: compliancePassed,
			createdAt: '2024-10-24T15:30:00.000Z',
		},
	});
	// The API document's example of a blocked customer, with nested parentheses inside the brackets.
	const SPEC_ERROR =
		'Customer not eligible for call. 2 failed rule(s): 1. Respectful Hours Check [Customer local time is 03:00 (outside respectful hours 8am-8:50pm)], 2. Four Voice Call Per Day [Customer has had 4 voice calls today within respectful hours window (America/Los_Angeles), exceeding the limit of 4]';

	test('results are the documented shape, or undefined', () => {
		expect(bulkResults({ data: { summary: {}, results: [placed(uuid(1))] } })).toHaveLength(1);
		expect(bulkResults({ data: { summary: {} } })).toBeUndefined();
		expect(bulkResults('<html>')).toBeUndefined();
	});

	test('results are paired by position, else by customer ID in any case; an unmentioned customer gets none', () => {
		const calls = [bulkCall(0, uuid(1)), bulkCall(1, uuid(2)), bulkCall(2, uuid(3))];
		const results = [placed(uuid(2).toUpperCase()), placed(uuid(1))];
		expect(pairResults(calls, results)).toEqual([results[1], results[0], undefined]);
	});

	test('placed → Passed, with the flat row and createdAt; the bulk request ID', () => {
		const result = readBulkResult(node, bulkCall(0, uuid(1)), placed(uuid(1)), 'req-1', true);
		expect(result).toEqual({
			passed: true,
			json: {
				customerId: uuid(1),
				agentId: AGENT,
				callId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
				threadId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
				toPhoneNumber: '+14155551234',
				fromPhoneNumber: '+14155559876',
				compliancePassed: true,
				failedCheckIds: [],
				failedReasons: '',
				requestId: 'req-1',
				checksPassed: [],
				checksFailed: [],
				createdAt: '2024-10-24T15:30:00.000Z',
			},
		});
	});

	test("the spec's blocked customer → Failed, both rules parsed with their nested parentheses", () => {
		const result = readBulkResult(
			node,
			bulkCall(0, uuid(1)),
			{ customerId: uuid(1), success: false, error: SPEC_ERROR },
			'req-1',
			true,
		);
		expect('passed' in result && result.passed).toBe(false);
		const json = (result as { json: Record<string, unknown> }).json;
		expect(json.failedCheckIds).toEqual(['respectful-hours-check', 'four-voice-call-per-day']);
		expect(json.checksFailed).toEqual([
			{
				id: 'respectful-hours-check',
				name: 'Respectful Hours Check',
				description: '',
				reason: 'Customer local time is 03:00 (outside respectful hours 8am-8:50pm)',
			},
			{
				id: 'four-voice-call-per-day',
				name: 'Four Voice Call Per Day',
				description: '',
				reason:
					'Customer has had 4 voice calls today within respectful hours window (America/Los_Angeles), exceeding the limit of 4',
			},
		]);
		expect(json.callId).toBeNull();
		expect(json.createdAt).toBeNull();
	});

	test('a "not eligible" text that cannot be parsed still goes to Failed, with the whole sentence as the reason', () => {
		const sentence = 'Customer not eligible for call. Reasons withheld';
		const result = readBulkResult(
			node,
			bulkCall(0, uuid(1)),
			{ customerId: uuid(1), success: false, error: sentence },
			undefined,
			false,
		);
		expect(result).toMatchObject({
			passed: false,
			json: {
				requestId: null,
				customerId: uuid(1),
				success: false,
				error: sentence,
				compliancePassed: false,
				checksFailed: [{ id: 'not-eligible', reason: sentence }],
			},
		});
	});

	test('another error text → an error for the item, certainly not placed, quoting Veritus', () => {
		const result = readBulkResult(
			node,
			bulkCall(3, uuid(1)),
			{ customerId: uuid(1), success: false, error: 'Customer not found' },
			'r',
			true,
		);
		const error = (result as { error: NodeApiError }).error;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('[item 3] Veritus did not place the call. Veritus said: "Customer not found"');
		expect(error.context).toMatchObject({ customerId: uuid(1), callMayHaveBeenPlaced: false, retryable: false });
	});

	test.each([
		[
			'no result for the customer',
			undefined,
			"Veritus's answer to the Create Many request has no result for this customer",
		],
		[
			'created without a compliance result',
			{ customerId: uuid(1), success: true, data: { id: 'c-1' } },
			"Veritus reported this customer's call as created without a compliance result (call c-1)",
		],
		[
			'created although compliance failed',
			{ customerId: uuid(1), success: true, data: { compliance: { passed: false } } },
			"Veritus reported this customer's call as created although compliance failed",
		],
		['no success field', { customerId: uuid(1) }, "Veritus's result for this customer has no success field"],
	])('%s → an error: the call may have been placed', (_name, bulkResult, message) => {
		const result = readBulkResult(node, bulkCall(5, uuid(1)), bulkResult, 'r', true);
		const error = (result as { error: NodeApiError }).error;
		expect(error.message).toBe(
			`[item 5] ${message}. The call may have been placed: check customer ${uuid(1)} in Veritus before trying again`,
		);
		expect(error.context.callMayHaveBeenPlaced).toBe(true);
	});
});
