'use strict';

const { DEMO_CLOCK } = require('../constants');
const { useEmulator, createCall, control, requestLog } = require('./helpers');

const SECRET = 'sk-live-do-not-leak-7f3a9c';
const FORBIDDEN = 'sk-readonly-do-not-leak-51be';
const WRONG = 'sk-wrong-do-not-leak-e20d';

const emulator = useEmulator({ token: SECRET, forbiddenTokens: [FORBIDDEN], seed: 99 });

describe('control endpoints', () => {
	test('GET /health counts requests, calls and contract violations', async () => {
		await createCall(emulator.current, '100232', { token: SECRET });
		await createCall(emulator.current, '100241', { token: SECRET });
		expect(await control(emulator.current, '/health')).toEqual({
			status: 'ok',
			clock: new Date(DEMO_CLOCK).toISOString(),
			requests: 2,
			calls: 1,
			contractViolations: 0,
		});
	});

	test('GET /requests lists every API request in order, with the documented fields', async () => {
		await createCall(emulator.current, '100232', { token: SECRET, body: { agentId: 'agent-collections-01' } });
		await createCall(emulator.current, '100241', { token: SECRET });
		await createCall(emulator.current, '100232', { token: WRONG, rawBody: 'not json' });
		const entries = await requestLog(emulator.current);
		expect(entries).toHaveLength(3);
		expect(entries[0]).toEqual({
			seq: 1,
			at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			clock: new Date(DEMO_CLOCK).toISOString(),
			method: 'POST',
			rawPath: '/api/v1/customers/100232/calls',
			customerId: '100232',
			contentType: 'application/json',
			body: { agentId: 'agent-collections-01' },
			authorized: true,
			requestId: expect.any(String),
			status: 200,
			outcome: 'placed',
			placed: true,
			callId: expect.any(String),
			faults: [],
			latencyMs: 0,
		});
		expect(entries.map((e) => [e.seq, e.status, e.outcome, e.authorized, e.placed])).toEqual([
			[1, 200, 'placed', true, true],
			[2, 200, 'blocked', true, false],
			[3, 401, 'rejected', false, false],
		]);
		expect(entries[2].body).toBe('not json');
	});

	test('GET /calls lists placed calls and counts per customer', async () => {
		await createCall(emulator.current, '100232', { token: SECRET });
		await createCall(emulator.current, '100232', { token: SECRET });
		await createCall(emulator.current, '100236', { token: SECRET });
		const { calls, countsByCustomer } = await control(emulator.current, '/calls');
		expect(calls.map((c) => [c.seq, c.customerId])).toEqual([
			[1, '100232'],
			[2, '100232'],
			[3, '100236'],
		]);
		expect(countsByCustomer).toMatchObject({ 100232: 2, 100236: 1, 100231: 0 });
		expect(Object.keys(countsByCustomer)).toHaveLength(24);
	});

	test('POST /reset restores the fixtures and clears logs, keeping the configuration', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { complianceFailureStatus: 422 } });
		await createCall(emulator.current, '100232', { token: SECRET });
		expect(await control(emulator.current, '/reset', { method: 'POST' })).toEqual({ status: 'ok' });
		expect(await control(emulator.current, '/health')).toMatchObject({ requests: 0, calls: 0 });
		const { customers } = await control(emulator.current, '/customers');
		expect(customers.find((c) => c.id === '100232').callsPlaced).toEqual([]);
		expect((await control(emulator.current, '/config')).complianceFailureStatus).toBe(422);
	});

	test('POST /reset accepts an empty JSON body', async () => {
		const response = await fetch(`${emulator.current.controlUrl}/reset`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
		});
		expect(response.status).toBe(200);
	});

	test('GET /config shows the runtime settings; PUT changes them', async () => {
		expect(await control(emulator.current, '/config')).toEqual({
			clock: DEMO_CLOCK,
			complianceFailureStatus: 200,
			respectfulHours: { start: '08:00', end: '21:00' },
			seed: 99,
			latencyMs: 0,
			rateLimit: null,
			faults: [],
		});
		const updated = await control(emulator.current, '/config', {
			method: 'PUT',
			body: { clock: '2026-12-01T15:00:00Z', faults: [{ type: 'html', times: 1 }], seed: 5 },
		});
		expect(updated).toMatchObject({ clock: '2026-12-01T15:00:00Z', faults: [{ type: 'html', times: 1 }], seed: 5 });
		expect((await control(emulator.current, '/health')).clock).toBe('2026-12-01T15:00:00.000Z');
		expect((await control(emulator.current, '/config', { method: 'PUT', body: { clock: null } })).clock).toBe('real');
	});

	test.each([
		[{ clock: 'yesterday' }],
		[{ complianceFailureStatus: 500 }],
		[{ respectfulHours: { start: '21:00', end: '08:00' } }],
		[{ token: 'new-token' }],
		[{ rateLimit: { requestsPerSecond: 0 } }],
	])('PUT /config refuses %j with 400', async (body) => {
		const response = await fetch(`${emulator.current.controlUrl}/config`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(response.status).toBe(400);
		expect((await response.json()).error).toMatch(/^Invalid config: /);
	});
});

describe('the token never reaches a control endpoint', () => {
	test('after accepted, forbidden and wrong tokens, no control answer holds any of them', async () => {
		await createCall(emulator.current, '100232', { token: SECRET });
		await createCall(emulator.current, '100232', { token: FORBIDDEN });
		await createCall(emulator.current, '100232', { token: WRONG });
		await createCall(emulator.current, '100232', { headers: { authorization: `Basic ${WRONG}` } });
		await control(emulator.current, '/config', { method: 'PUT', body: { faults: [{ type: 'reset-after' }] } });
		await createCall(emulator.current, '100236', { token: SECRET }).catch(() => undefined);

		const entries = await requestLog(emulator.current);
		expect(entries.map((e) => e.status)).toEqual([200, 403, 401, 401, null]);
		for (const path of ['/health', '/requests', '/calls', '/customers', '/violations', '/config']) {
			const response = await fetch(`${emulator.current.controlUrl}${path}`);
			const text = await response.text();
			expect({ path, leaks: [SECRET, FORBIDDEN, WRONG].filter((t) => text.includes(t)) }).toEqual({ path, leaks: [] });
			expect(text.toLowerCase()).not.toContain('authorization');
			expect(text.toLowerCase()).not.toContain('bearer');
		}
	});

	test('the request log never holds headers', async () => {
		await createCall(emulator.current, '100232', { token: SECRET });
		const [entry] = await requestLog(emulator.current);
		expect(Object.keys(entry)).not.toContain('headers');
	});
});
