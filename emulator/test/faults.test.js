'use strict';

const { useEmulator, createCall, api, control, requestLog, placedCalls, contract, C, AGENT } = require('./helpers');
const { selectFaults, checkFaultRules, FAULT_TYPES } = require('../faults');
const { TokenBucket } = require('../rate-limit');
const { createRandom } = require('../random');
const { startEmulator } = require('..');

const emulator = useEmulator({ seed: 2026, complianceFailureShape: 'seed' });

/** Replaces the fault rules (and any other config fields given). */
async function configure(config) {
	return control(emulator.current, '/config', { method: 'PUT', body: config });
}

/** The last request log entry. */
async function lastEntry() {
	const entries = await requestLog(emulator.current);
	return entries[entries.length - 1];
}

describe('answers that keep the contract', () => {
	test.each([
		[500, 'internal_error', 'Internal Server Error'],
		[502, 'bad_gateway', 'Bad Gateway'],
		[503, 'service_unavailable', 'Service Unavailable'],
		[429, 'rate_limited', 'Too Many Requests'],
	])("status %i with a JSON body in the API's error shape: no call placed", async (status, code, message) => {
		await configure({ faults: [{ type: 'status', status }] });
		const response = await createCall(emulator.current, C('100232'));
		expect(response.status).toBe(status);
		expect(response.body).toEqual({ requestId: expect.any(String), success: false, publicFacingMessage: message });
		expect(response.headers.get('retry-after')).toBeNull();
		expect(await lastEntry()).toMatchObject({
			status,
			outcome: 'fault:status',
			placed: false,
			faults: ['status'],
			errorCode: code,
			contract: { request: 'valid', response: 'exempt: fault: status' },
		});
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
	});

	test('status 429 with Retry-After in seconds', async () => {
		await configure({ faults: [{ type: 'status', status: 429, retryAfter: 30 }] });
		const response = await createCall(emulator.current, C('100232'));
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('30');
	});

	test('status 503 with Retry-After as an HTTP-date that many seconds after the real time', async () => {
		await configure({ faults: [{ type: 'status', status: 503, retryAfter: 'http-date:120' }] });
		const before = Date.now();
		const response = await createCall(emulator.current, C('100232'));
		expect(response.status).toBe(503);
		const header = response.headers.get('retry-after');
		expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
		// The date is 120 s after the moment of the request (HTTP-dates have whole seconds).
		const secondsAhead = (Date.parse(header) - before) / 1000;
		expect(secondsAhead).toBeGreaterThan(118);
		expect(secondsAhead).toBeLessThanOrEqual(121);
	});

	test('success-false: 200 "Agent is busy" with empty data, no call placed', async () => {
		await configure({ faults: [{ type: 'success-false' }] });
		const response = await createCall(emulator.current, C('100232'));
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			requestId: expect.any(String),
			success: false,
			message: 'Agent is busy',
			data: {},
		});
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:success-false', placed: false, status: 200 });
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
	});

	test('latency: the answer arrives as normal and the log records the delay', async () => {
		await configure({
			faults: [
				{ type: 'latency', ms: 30 },
				{ type: 'latency', minMs: 5, maxMs: 15 },
			],
		});
		const response = await createCall(emulator.current, C('100232'));
		expect(response.status).toBe(200);
		expect(response.body.success).toBe(true);
		const entry = await lastEntry();
		expect(entry).toMatchObject({ outcome: 'placed', placed: true, faults: ['latency', 'latency'] });
		expect(entry.latencyMs).toBeGreaterThanOrEqual(35);
		expect(entry.latencyMs).toBeLessThanOrEqual(45);
	});

	test('global latencyMs is recorded on every request', async () => {
		await configure({ latencyMs: 10 });
		expect((await createCall(emulator.current, C('100232'))).status).toBe(200);
		expect(await lastEntry()).toMatchObject({ latencyMs: 10, faults: [], outcome: 'placed' });
	});

	test('latency rules add up and do not stop evaluation; the next rule still applies', async () => {
		await configure({
			faults: [{ type: 'latency', ms: 5 }, { type: 'status', status: 502 }, { type: 'success-false' }],
		});
		expect((await createCall(emulator.current, C('100232'))).status).toBe(502);
		expect(await lastEntry()).toMatchObject({ faults: ['latency', 'status'], latencyMs: 5, outcome: 'fault:status' });
	});
});

describe('answers that break the contract on purpose', () => {
	test('malformed-json: 200 with a truncated JSON body, no call placed', async () => {
		await configure({ faults: [{ type: 'malformed-json' }] });
		const response = await createCall(emulator.current, C('100232'), { contract: false });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(response.text).toBe('{"requestId": ');
		expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:malformed-json', placed: false, status: 200 });
	});

	test('html: 502 with an HTML page, no call placed', async () => {
		await configure({ faults: [{ type: 'html' }] });
		const response = await createCall(emulator.current, C('100232'), { contract: false });
		expect(response.status).toBe(502);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(response.text).toContain('<title>502 Bad Gateway</title>');
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:html', placed: false });
	});

	test('status with an HTML or empty body', async () => {
		await configure({
			faults: [
				{ type: 'status', status: 503, body: 'html', times: 1 },
				{ type: 'status', status: 500, body: 'empty' },
			],
		});
		const html = await createCall(emulator.current, C('100232'), { contract: false });
		expect([html.status, html.text]).toEqual([503, expect.stringContaining('<h1>503 Service Unavailable</h1>')]);
		const empty = await createCall(emulator.current, C('100232'), { contract: false });
		expect([empty.status, empty.text]).toEqual([500, '']);
	});

	test('empty-body: 200 with no body, no call placed', async () => {
		await configure({ faults: [{ type: 'empty-body' }] });
		const response = await createCall(emulator.current, C('100232'), { contract: false });
		expect([response.status, response.text]).toEqual([200, '']);
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:empty-body', placed: false });
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
	});

	test('empty-body with place: true places the call, then answers with no body', async () => {
		await configure({ faults: [{ type: 'empty-body', place: true }] });
		const response = await createCall(emulator.current, C('100232'), { contract: false });
		expect([response.status, response.text]).toEqual([200, '']);
		const { calls } = await placedCalls(emulator.current);
		expect(calls).toHaveLength(1);
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:empty-body', placed: true, callId: calls[0].id });
	});

	test('status with place: true places the call, then answers 503', async () => {
		await configure({ faults: [{ type: 'status', status: 503, place: true }] });
		const response = await createCall(emulator.current, C('100232'));
		expect(response.status).toBe(503);
		expect((await placedCalls(emulator.current)).calls).toHaveLength(1);
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:status', placed: true, status: 503 });
	});

	test('extra-fields: the call is placed; every object carries an unknown field', async () => {
		await configure({ faults: [{ type: 'extra-fields' }] });
		const response = await createCall(emulator.current, C('100232'), { contract: false });
		const { body } = response;
		expect(response.status).toBe(200);
		expect(body.success).toBe(true);
		expect(body.meta).toEqual({ apiVersion: '2026-11-01', unknownField: 'added by the extra-fields fault' });
		expect(body.unknownField).toBe('added at / by the extra-fields fault');
		expect(body.data.unknownField).toBe('added at /data by the extra-fields fault');
		expect(body.data.compliance.unknownField).toBe('added at /data/compliance by the extra-fields fault');
		expect(body.data.compliance.checksPassed.map((c) => c.unknownField)).toEqual(
			[0, 1, 2, 3].map((i) => `added at /data/compliance/checksPassed/${i} by the extra-fields fault`),
		);
		expect(contract.validateCreateCallResponse(200, body).valid).toBe(false);
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:extra-fields', placed: true, callId: body.data.id });
	});

	test('missing-compliance: the call is placed; data has no compliance', async () => {
		await configure({ faults: [{ type: 'missing-compliance' }] });
		const { status, body } = await createCall(emulator.current, C('100232'), { contract: false });
		expect(status).toBe(200);
		expect(body.success).toBe(true);
		expect(Object.keys(body.data)).toEqual(['id', 'threadId', 'toPhoneNumber', 'fromPhoneNumber']);
		expect((await placedCalls(emulator.current)).calls.map((c) => c.id)).toEqual([body.data.id]);
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:missing-compliance', placed: true });
	});

	test('after-stage faults act on whatever the API answered: a blocked call stays unplaced', async () => {
		await configure({ faults: [{ type: 'missing-compliance' }] });
		const { body } = await createCall(emulator.current, C('100241'), { contract: false });
		expect(body).toEqual({
			requestId: expect.any(String),
			success: false,
			data: { id: null, threadId: null, toPhoneNumber: '+14155550112', fromPhoneNumber: '+14155559876' },
		});
		expect((await lastEntry()).contract.response).toBe('exempt: fault: missing-compliance');
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:missing-compliance', placed: false });
	});
});

describe('connection faults', () => {
	test('reset-before: the connection drops, no call placed', async () => {
		await configure({ faults: [{ type: 'reset-before' }] });
		const error = await createCall(emulator.current, C('100232')).catch((e) => e);
		expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' }); // fetch's realm differs from Jest's
		expect(error.cause.code).toBe('UND_ERR_SOCKET');
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:reset-before', placed: false, status: null });
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
	});

	test('reset-after: the call is placed, then the connection drops', async () => {
		await configure({ faults: [{ type: 'reset-after' }] });
		const error = await createCall(emulator.current, C('100232')).catch((e) => e);
		expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' }); // fetch's realm differs from Jest's
		expect(error.cause.code).toBe('UND_ERR_SOCKET');
		const { calls } = await placedCalls(emulator.current);
		expect(calls.map((c) => c.customerId)).toEqual([C('100232')]);
		expect((await lastEntry()).contract.response).toBeNull();
		expect(await lastEntry()).toMatchObject({
			outcome: 'fault:reset-after',
			placed: true,
			callId: calls[0].id,
			status: null,
		});
	});

	test('timeout: the call is placed and the answer is held past the client timeout', async () => {
		await configure({ faults: [{ type: 'timeout', ms: 60000 }] });
		const error = await createCall(emulator.current, C('100232'), { signal: AbortSignal.timeout(200) }).catch((e) => e);
		expect(error.name).toBe('TimeoutError');
		expect((await placedCalls(emulator.current)).calls).toHaveLength(1);
		expect(await lastEntry()).toMatchObject({ outcome: 'fault:timeout', placed: true, status: 200 });
	});

	test('timeout: a short hold still delivers the normal, valid answer', async () => {
		await configure({ faults: [{ type: 'timeout', ms: 20 }] });
		const response = await createCall(emulator.current, C('100232'));
		expect([response.status, response.body.success]).toEqual([200, true]);
	});

	test('closing the emulator ends a held answer at once', async () => {
		const own = await startEmulator({ faults: [{ type: 'timeout', ms: 600000 }] });
		const pending = createCall(own, C('100232'), { contract: false }).catch((e) => e);
		while (own.state.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
		await own.close();
		const error = await pending;
		expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' }); // fetch's realm differs from Jest's
		expect(own.state.requests[0]).toMatchObject({ outcome: 'fault:timeout', placed: true });
	});
});

describe('rule matching', () => {
	test('times: a rule applies to at most N requests', async () => {
		await configure({ faults: [{ type: 'status', status: 503, times: 2 }] });
		const statuses = [];
		for (let i = 0; i < 4; i += 1) statuses.push((await createCall(emulator.current, C('100232'))).status);
		expect(statuses).toEqual([503, 503, 200, 200]);
	});

	test('customerId: an exact ID (in any case) or a regex on the decoded ID', async () => {
		await configure({
			faults: [
				{ type: 'status', status: 500, customerId: C('100232').toUpperCase() },
				{ type: 'status', status: 502, customerId: { regex: `^${C('cus_0d6b2f9e4a17').slice(0, 8)}` } },
			],
		});
		expect((await createCall(emulator.current, C('100232'))).status).toBe(500);
		expect((await createCall(emulator.current, C('cus_0d6b2f9e4a17'))).status).toBe(502);
		expect((await createCall(emulator.current, C('100236'))).status).toBe(200);
	});

	test('operation: a rule for one operation leaves the others alone', async () => {
		await configure({ faults: [{ type: 'status', status: 503, operation: ['createCallsBulk', 'listClients'] }] });
		expect((await createCall(emulator.current, C('100232'))).status).toBe(200);
		expect((await api(emulator.current, 'GET', '/clients')).status).toBe(503);
		const bulk = await api(emulator.current, 'POST', '/calls/bulk', {
			body: { agentId: AGENT, customerIds: [C('100236')] },
		});
		expect(bulk.status).toBe(503);
		expect((await placedCalls(emulator.current)).calls.map((c) => c.customerId)).toEqual([C('100232')]);
	});

	test('customerId matches any customer of a bulk request; every route takes faults', async () => {
		await configure({ faults: [{ type: 'reset-after', customerId: C('100237') }] });
		const error = await api(emulator.current, 'POST', '/calls/bulk', {
			body: { agentId: AGENT, customerIds: [C('100236'), C('100237')] },
		}).catch((e) => e);
		expect(error.cause.code).toBe('UND_ERR_SOCKET');
		// Processed before the connection dropped: both calls exist.
		expect((await placedCalls(emulator.current)).calls.map((c) => c.customerId)).toEqual([C('100236'), C('100237')]);
		expect(await lastEntry()).toMatchObject({ operation: 'createCallsBulk', placed: true, status: null });
		await configure({ faults: [{ type: 'latency', ms: 5 }, { type: 'html' }] });
		const customer = await api(emulator.current, 'PATCH', `/customers/${C('100236')}`, { body: { firstName: 'T' } });
		expect([customer.status, customer.headers.get('content-type')]).toEqual([
			502,
			expect.stringMatching(/^text\/html/),
		]);
		expect(await lastEntry()).toMatchObject({ operation: 'updateCustomer', faults: ['latency', 'html'] });
	});

	test("missing-compliance drops each bulk result's compliance too", async () => {
		await configure({ faults: [{ type: 'missing-compliance' }] });
		const { status, body } = await api(emulator.current, 'POST', '/calls/bulk', {
			body: { agentId: AGENT, customerIds: [C('100236'), C('100239')] },
		});
		expect(status).toBe(200);
		expect(Object.keys(body.data.results[0].data)).toEqual([
			'id',
			'threadId',
			'toPhoneNumber',
			'fromPhoneNumber',
			'createdAt',
		]);
		expect(body.data.results[1]).toEqual({ customerId: C('100239'), success: false, error: expect.any(String) });
	});

	test('faults sit in front of authentication', async () => {
		await configure({ faults: [{ type: 'status', status: 503 }] });
		expect((await createCall(emulator.current, C('100232'), { token: 'wrong' })).status).toBe(503);
		expect(await lastEntry()).toMatchObject({ authorized: false, outcome: 'fault:status' });
	});

	test('seeded rates are reproducible: same seed, same sequence of faults and ids', async () => {
		const rules = [
			{ type: 'status', status: 503, rate: 0.5 },
			{ type: 'success-false', rate: 0.3 },
		];
		async function run(seed) {
			await configure({ seed, faults: rules });
			await control(emulator.current, '/reset', { method: 'POST' });
			const answers = [];
			for (let i = 0; i < 20; i += 1) {
				const { status, body } = await createCall(emulator.current, C('100236'));
				answers.push(`${status}:${body.success}:${body.requestId}`);
			}
			return answers;
		}
		const first = await run(7);
		const again = await run(7);
		const other = await run(8);
		expect(again).toEqual(first);
		expect(other).not.toEqual(first);
		const statuses = first.map((a) => a.split(':').slice(0, 2).join(':'));
		expect(new Set(statuses)).toEqual(new Set(['503:false', '200:false', '200:true']));
	});
});

describe('rate limit', () => {
	test('over the limit: 429 rate_limited with Retry-After in whole seconds, no call placed', async () => {
		await configure({ rateLimit: { requestsPerSecond: 0.5 } });
		const first = await createCall(emulator.current, C('100232'));
		const second = await createCall(emulator.current, C('100236'));
		expect(first.status).toBe(200);
		expect(second.status).toBe(429);
		expect(second.headers.get('retry-after')).toBe('2');
		expect(second.body).toEqual({
			requestId: expect.any(String),
			success: false,
			publicFacingMessage: 'Too many requests: the limit is 0.5 per second',
		});
		expect((await placedCalls(emulator.current)).calls.map((c) => c.customerId)).toEqual([C('100232')]);
		expect(await lastEntry()).toMatchObject({
			outcome: 'rate-limited',
			placed: false,
			status: 429,
			contract: { response: 'exempt: rate limit (a gateway answer)' },
		});
	});

	test('the rate limit counts every operation', async () => {
		await configure({ rateLimit: { requestsPerSecond: 0.5 } });
		expect((await api(emulator.current, 'GET', '/clients')).status).toBe(200);
		expect((await createCall(emulator.current, C('100232'))).status).toBe(429);
	});

	test('the token bucket refills continuously and reports whole seconds, at least 1', () => {
		let now = 0;
		const bucket = new TokenBucket(2, () => now);
		expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([
			{ allowed: true },
			{ allowed: true },
			{ allowed: false, retryAfterSeconds: 1 },
		]);
		now = 500;
		expect(bucket.take()).toEqual({ allowed: true });
		expect(bucket.take()).toEqual({ allowed: false, retryAfterSeconds: 1 });
		const slow = new TokenBucket(0.2, () => now);
		expect([slow.take(), slow.take()]).toEqual([{ allowed: true }, { allowed: false, retryAfterSeconds: 5 }]);
	});
});

describe('fault rules', () => {
	test('every type is documented with its stage', () => {
		expect(Object.keys(FAULT_TYPES).sort()).toEqual([
			'drop-field',
			'empty-body',
			'extra-fields',
			'html',
			'latency',
			'malformed-json',
			'missing-compliance',
			'reset-after',
			'reset-before',
			'status',
			'success-false',
			'timeout',
		]);
	});

	test.each([
		[[{ type: 'teapot' }], 'faults/0/type must be equal to one of the allowed values'],
		[[{ type: 'status' }], "faults/0 must have required property 'status'"],
		[[{ type: 'status', status: 418 }], 'faults/0/status must be equal to one of the allowed values'],
		[[{ type: 'latency' }], "faults/0 must have required property 'ms'"],
		[[{ type: 'latency', minMs: 9, maxMs: 1 }], 'faults/0 minMs is above maxMs'],
		[[{ type: 'html', rate: 2 }], 'faults/0/rate must be <= 1'],
		[[{ type: 'html', customerId: { regex: '(' } }], 'faults/0/customerId/regex'],
		[[{ type: 'status', status: 429, retryAfter: 'tomorrow' }], 'faults/0/retryAfter'],
		[[{ type: 'html', operation: 'POST /calls' }], 'faults/0/operation'],
		[[{ type: 'drop-field', field: 'requestId' }], 'faults/0/field'],
	])('%j is rejected', (rules, message) => {
		expect(() => checkFaultRules(rules)).toThrow(message);
	});

	test('an invalid rule set is refused by PUT /config and changes nothing', async () => {
		const response = await fetch(`${emulator.current.controlUrl}/config`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ faults: [{ type: 'teapot' }], complianceFailureStatus: 422 }),
		});
		expect(response.status).toBe(400);
		expect((await response.json()).error).toMatch(/^Invalid faults: /);
		expect(await control(emulator.current, '/config')).toMatchObject({ faults: [], complianceFailureStatus: 200 });
	});

	test('selectFaults draws only for rates below 1 and counts applications', () => {
		const random = createRandom(1);
		const applied = [];
		const rules = [
			{ type: 'latency', ms: 3 },
			{ type: 'status', status: 500, rate: 0 },
			{ type: 'html', times: 1 },
		];
		const request = { operation: 'createCall', customerIds: ['x'] };
		expect(selectFaults(rules, applied, request, random.next)).toEqual({
			latencyMs: 3,
			fault: rules[2],
			applied: ['latency', 'html'],
		});
		expect(selectFaults(rules, applied, request, random.next)).toEqual({
			latencyMs: 3,
			fault: null,
			applied: ['latency'],
		});
		expect(applied).toEqual([2, undefined, 1]);
	});
});
