'use strict';

const { DEMO_CLOCK } = require('../constants');
const { useEmulator, createCall, api, control, requestLog, C, AGENT } = require('./helpers');

const SECRET = 'sk-live-do-not-leak-7f3a9c';
const FORBIDDEN = 'sk-readonly-do-not-leak-51be';
const WRONG = 'sk-wrong-do-not-leak-e20d';

const emulator = useEmulator({ token: SECRET, forbiddenTokens: [FORBIDDEN], seed: 99 });

describe('control endpoints', () => {
	test('GET /health counts requests, calls, deliveries and contract violations', async () => {
		await createCall(emulator.current, C('100232'), { token: SECRET });
		await createCall(emulator.current, C('100241'), { token: SECRET });
		expect(await control(emulator.current, '/health')).toEqual({
			status: 'ok',
			clock: new Date(DEMO_CLOCK).toISOString(),
			requests: 2,
			calls: 1,
			deliveries: 0,
			contractViolations: 0,
		});
	});

	test('GET /requests lists every API request in order, with the documented fields', async () => {
		await createCall(emulator.current, C('100232'), { token: SECRET, body: { agentId: AGENT } });
		await createCall(emulator.current, C('100241'), { token: SECRET });
		await createCall(emulator.current, C('100232'), { token: WRONG, rawBody: 'not json' });
		const entries = await requestLog(emulator.current);
		expect(entries).toHaveLength(3);
		expect(entries[0]).toEqual({
			seq: 1,
			at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			clock: new Date(DEMO_CLOCK).toISOString(),
			method: 'POST',
			rawPath: `/api/v1/customers/${C('100232')}/calls`,
			operation: 'createCall',
			customerId: C('100232'),
			params: { customerId: C('100232') },
			contentType: 'application/json',
			body: { agentId: AGENT },
			authorized: true,
			requestId: expect.any(String),
			status: 200,
			outcome: 'placed',
			errorCode: null,
			placed: true,
			callId: expect.any(String),
			callIds: [entries[0].callId],
			faults: [],
			latencyMs: 0,
			contract: { request: 'valid', response: 'valid' },
		});
		expect(entries.map((e) => [e.seq, e.status, e.outcome, e.authorized, e.placed])).toEqual([
			[1, 200, 'placed', true, true],
			[2, 422, 'blocked', true, false],
			[3, 401, 'rejected', false, false],
		]);
		expect(entries[2].body).toBe('not json');
		expect(entries[2]).toMatchObject({ errorCode: 'unauthorized', contract: { request: 'violation' } });
	});

	test('GET /calls lists placed calls and counts per customer', async () => {
		await createCall(emulator.current, C('100232'), { token: SECRET });
		await createCall(emulator.current, C('100232'), { token: SECRET });
		await createCall(emulator.current, C('100236'), { token: SECRET });
		const { calls, countsByCustomer } = await control(emulator.current, '/calls');
		expect(calls.map((c) => [c.seq, c.customerId])).toEqual([
			[1, C('100232')],
			[2, C('100232')],
			[3, C('100236')],
		]);
		expect(countsByCustomer).toMatchObject({ [C('100232')]: 2, [C('100236')]: 1, [C('100231')]: 0 });
		expect(Object.keys(countsByCustomer)).toHaveLength(24);
	});

	test('POST /reset restores the fixtures and clears logs, keeping the configuration', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { complianceFailureStatus: 422 } });
		await createCall(emulator.current, C('100232'), { token: SECRET });
		expect(await control(emulator.current, '/reset', { method: 'POST' })).toEqual({ status: 'ok' });
		expect(await control(emulator.current, '/health')).toMatchObject({ requests: 0, calls: 0 });
		const { customers } = await control(emulator.current, '/customers');
		expect(customers.find((c) => c.id === C('100232')).profile.callsPlaced).toEqual([]);
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
			complianceFailureShape: 'spec',
			complianceFailureStatus: 200,
			respectfulHours: { start: '08:00', end: '21:00' },
			seed: 99,
			latencyMs: 0,
			rateLimit: null,
			faults: [],
			webhooks: {
				deliver: false,
				callDurationMs: 1000,
				maxAttempts: 4,
				retryBaseMs: 250,
				timeoutMs: 5000,
				encoding: 'hex',
				timestampSkewSeconds: 0,
				duplicate: false,
				outOfOrder: false,
				recordingTtlMs: 1800000,
			},
			preloadCustomers: true,
			customersBulkLimit: 1000,
			defaultTimeZone: 'America/New_York',
			publicUrl: null,
		});
		const updated = await control(emulator.current, '/config', {
			method: 'PUT',
			body: { clock: '2026-12-01T15:00:00Z', faults: [{ type: 'html', times: 1 }], seed: 5 },
		});
		expect(updated).toMatchObject({ clock: '2026-12-01T15:00:00Z', faults: [{ type: 'html', times: 1 }], seed: 5 });
		expect((await control(emulator.current, '/health')).clock).toBe('2026-12-01T15:00:00.000Z');
		expect((await control(emulator.current, '/config', { method: 'PUT', body: { clock: null } })).clock).toBe('real');
		const webhooks = await control(emulator.current, '/config', {
			method: 'PUT',
			body: { webhooks: { encoding: 'base64' }, publicUrl: 'http://host.example:4010/' },
		});
		expect(webhooks).toMatchObject({
			webhooks: { encoding: 'base64', deliver: false, maxAttempts: 4 },
			publicUrl: 'http://host.example:4010',
		});
	});

	test('preloadCustomers: false leaves the fixture customers to be created, from the next reset', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { preloadCustomers: false } });
		expect((await control(emulator.current, '/customers')).customers).toHaveLength(24);
		await control(emulator.current, '/reset', { method: 'POST' });
		expect((await control(emulator.current, '/customers')).customers).toEqual([]);
		expect((await createCall(emulator.current, C('100232'), { token: SECRET })).status).toBe(404);
	});

	test('GET /interactions and /drip-campaigns list what was stored; DELETE /violations forgets breaches', async () => {
		const token = SECRET;
		await api(emulator.current, 'POST', `/customers/${C('100232')}/interactions/sms/import`, {
			token,
			body: {
				direction: 'inbound',
				timestamp: '2026-11-30T17:00:00Z',
				from: '+12125550187',
				to: '+14155559876',
				body: 'Hi',
			},
		});
		await api(emulator.current, 'POST', `/customers/${C('100232')}/drip-campaigns`, {
			token,
			body: { campaignName: 'payment-reminders' },
		});
		const { interactions } = await control(emulator.current, '/interactions');
		expect(interactions.map((i) => [i.channel, i.direction, i.source, i.customerId])).toEqual([
			['sms', 'inbound', 'import', C('100232')],
			['sms', 'outbound', 'drip-campaign', C('100232')],
		]);
		const { enrollments } = await control(emulator.current, '/drip-campaigns');
		expect(enrollments.map((e) => [e.customerId, e.campaignName, e.status])).toEqual([
			[C('100232'), 'payment-reminders', 'in-progress'],
		]);
		await createCall(emulator.current, 'not-a-uuid', { token });
		expect((await control(emulator.current, '/violations')).violations).toHaveLength(1);
		expect(await control(emulator.current, '/violations', { method: 'DELETE' })).toEqual({ status: 'ok' });
		expect((await control(emulator.current, '/violations')).violations).toEqual([]);
	});

	test.each([
		[{ clock: 'yesterday' }],
		[{ complianceFailureStatus: 500 }],
		[{ complianceFailureStatus: 302 }],
		[{ complianceFailureShape: 'both' }],
		[{ webhooks: { encoding: 'hex-upper' } }],
		[{ webhooks: { maxAttempts: 0 } }],
		[{ publicUrl: 'ftp://example.com' }],
		[{ defaultTimeZone: 'Mars/Olympus' }],
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
		await createCall(emulator.current, C('100232'), { token: SECRET });
		await createCall(emulator.current, C('100232'), { token: FORBIDDEN });
		await createCall(emulator.current, C('100232'), { token: WRONG });
		await createCall(emulator.current, C('100232'), { headers: { authorization: `Basic ${WRONG}` } });
		await control(emulator.current, '/config', { method: 'PUT', body: { faults: [{ type: 'reset-after' }] } });
		await createCall(emulator.current, C('100236'), { token: SECRET }).catch(() => undefined);

		const entries = await requestLog(emulator.current);
		expect(entries.map((e) => e.status)).toEqual([200, 403, 401, 401, null]);
		for (const path of [
			'/health',
			'/requests',
			'/calls',
			'/customers',
			'/violations',
			'/config',
			'/deliveries',
			'/interactions',
			'/drip-campaigns',
		]) {
			const response = await fetch(`${emulator.current.controlUrl}${path}`);
			const text = await response.text();
			expect({ path, leaks: [SECRET, FORBIDDEN, WRONG].filter((t) => text.includes(t)) }).toEqual({ path, leaks: [] });
			expect(text.toLowerCase()).not.toContain('authorization');
			expect(text.toLowerCase()).not.toContain('bearer');
		}
	});

	test('the request log never holds headers', async () => {
		await createCall(emulator.current, C('100232'), { token: SECRET });
		const [entry] = await requestLog(emulator.current);
		expect(Object.keys(entry)).not.toContain('headers');
	});
});
