'use strict';

const { startEmulator, DEMO_CLOCK } = require('..');
const { useEmulator, createCall, control, requestLog, placedCalls, CHECKS, TOKEN, AGENT } = require('./helpers');

const emulator = useEmulator({ forbiddenTokens: ['read-only-token'], seed: 1 });
const WEBHOOK = { url: 'https://example.com/veritus/updates', secretId: '3c90c3cc-0d44-4b50-8888-8dd25736052a' };

/** Asserts an ErrorResponse body with the given code and message. */
function expectError(response, status, code, message) {
	expect(response.status).toBe(status);
	expect(response.body).toEqual({ requestId: expect.any(String), success: false, message, error: { code, message } });
}

describe('authentication', () => {
	test('no Authorization header: 401 unauthorized with WWW-Authenticate', async () => {
		const response = await createCall(emulator.current, '100231', { token: null });
		expectError(response, 401, 'unauthorized', 'Missing bearer token: send "Authorization: Bearer <token>"');
		expect(response.headers.get('www-authenticate')).toBe('Bearer');
	});

	test('a wrong token: 401, checked before the body (even malformed JSON)', async () => {
		const response = await createCall(emulator.current, '100231', { token: 'wrong', rawBody: '{oops' });
		expectError(response, 401, 'unauthorized', 'Invalid bearer token');
	});

	test('a token that differs only in case or by a prefix is rejected', async () => {
		expect((await createCall(emulator.current, '100231', { token: TOKEN.toUpperCase() })).status).toBe(401);
		expect(
			(await createCall(emulator.current, '100231', { headers: { authorization: `Token ${TOKEN}` } })).status,
		).toBe(401);
		expect((await createCall(emulator.current, '100231', { headers: { authorization: TOKEN } })).status).toBe(401);
	});

	test('the scheme is case-insensitive', async () => {
		expect(
			(await createCall(emulator.current, '100231', { headers: { authorization: `bearer ${TOKEN}` } })).status,
		).toBe(200);
	});

	test('a forbidden token: 403', async () => {
		const response = await createCall(emulator.current, '100231', { token: 'read-only-token' });
		expectError(response, 403, 'forbidden', 'This token may not place calls');
	});

	test('no call is placed and the log says unauthorized', async () => {
		await createCall(emulator.current, '100231', { token: 'wrong' });
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
		const [entry] = await requestLog(emulator.current);
		expect(entry).toMatchObject({ authorized: false, status: 401, outcome: 'rejected', placed: false });
	});
});

describe('body and validation', () => {
	test('malformed JSON: 400 invalid_json', async () => {
		const response = await createCall(emulator.current, '100231', { rawBody: '{"agentId": ' });
		expect(response.status).toBe(400);
		expect(response.body.error.code).toBe('invalid_json');
		expect(response.body.message).toMatch(/^Request body is not valid JSON: /);
	});

	test('empty body: 400 invalid_json', async () => {
		expectError(
			await createCall(emulator.current, '100231', { rawBody: '' }),
			400,
			'invalid_json',
			'Request body is empty: expected a JSON object',
		);
	});

	test.each([['text/plain'], ['application/x-www-form-urlencoded']])(
		'Content-Type %s: 400 invalid_content_type',
		async (type) => {
			const response = await createCall(emulator.current, '100231', { headers: { 'content-type': type } });
			expectError(response, 400, 'invalid_content_type', 'Content-Type must be application/json');
		},
	);

	test('missing Content-Type: 400 invalid_content_type', async () => {
		const response = await fetch(`${emulator.current.baseUrl}/customers/100231/calls`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TOKEN}` },
			body: new Uint8Array(Buffer.from(JSON.stringify({ agentId: AGENT }))),
		});
		expect(response.status).toBe(400);
		expect((await response.json()).error.code).toBe('invalid_content_type');
	});

	test('Content-Type with a charset is accepted', async () => {
		const response = await createCall(emulator.current, '100231', {
			headers: { 'content-type': 'application/json; charset=utf-8' },
		});
		expect(response.status).toBe(200);
	});

	test.each([
		[{ agentId: '' }, 'body/agentId must NOT have fewer than 1 characters'],
		[{}, "body must have required property 'agentId'"],
		[{ agentId: 100231 }, 'body/agentId must be string'],
		[{ agentId: AGENT, customerId: '100231' }, "body must NOT have additional properties ('customerId')"],
		[
			{ agentId: AGENT, webhook: { url: 'example.com/hook', secretId: WEBHOOK.secretId } },
			'body/webhook/url must match format "uri"',
		],
		[
			{ agentId: AGENT, webhook: { url: WEBHOOK.url, secretId: 'secret-1' } },
			'body/webhook/secretId must match format "uuid"',
		],
		[['agentId'], 'body must be object'],
	])('%j: 422 validation_error naming the field', async (body, message) => {
		expectError(await createCall(emulator.current, '100231', { body }), 422, 'validation_error', message);
	});

	test('a body over 1 MiB: 413 payload_too_large', async () => {
		const response = await createCall(emulator.current, '100231', { body: { agentId: 'x'.repeat(1024 * 1024) } });
		expect(response.status).toBe(413);
		expect(response.body.error.code).toBe('payload_too_large');
		expect((await requestLog(emulator.current))[0]).toMatchObject({ status: 413, outcome: 'rejected', placed: false });
	});

	test('validation comes before the customer lookup', async () => {
		expect((await createCall(emulator.current, 'no-such-customer', { body: { agentId: '' } })).status).toBe(422);
	});
});

describe('customers and agents', () => {
	test('unknown customer: 404 customer_not_found', async () => {
		expectError(
			await createCall(emulator.current, '999999'),
			404,
			'customer_not_found',
			'Customer "999999" was not found',
		);
	});

	test('the path id is decoded; the log keeps both the raw path and the decoded id', async () => {
		const response = await createCall(emulator.current, 'ACME 42/7');
		expectError(response, 404, 'customer_not_found', 'Customer "ACME 42/7" was not found');
		const [entry] = await requestLog(emulator.current);
		expect(entry.rawPath).toBe('/api/v1/customers/ACME%2042%2F7/calls');
		expect(entry.customerId).toBe('ACME 42/7');
	});

	test('ids are strings: "007215" exists, "7215" (as a spreadsheet would turn it) does not', async () => {
		expect((await createCall(emulator.current, '007215')).status).toBe(200);
		expect((await createCall(emulator.current, '7215')).status).toBe(404);
	});

	test('unknown agent: 422 agent_not_found', async () => {
		const response = await createCall(emulator.current, '100231', { body: { agentId: 'agent-nope' } });
		expectError(response, 422, 'agent_not_found', 'Agent "agent-nope" was not found');
	});

	test('the second agent calls from its own number', async () => {
		const response = await createCall(emulator.current, '100232', { body: { agentId: 'agent-reminders-02' } });
		expect(response.body.data.fromPhoneNumber).toBe('+13125550148');
	});

	test('other routes under the API answer a JSON 404', async () => {
		const response = await fetch(`${emulator.current.baseUrl}/customers/100231/calls`, {
			headers: { authorization: `Bearer ${TOKEN}` },
		});
		expect(response.status).toBe(404);
		expect((await response.json()).error.code).toBe('not_found');
	});
});

describe('placing a call', () => {
	test('a compliant customer: 200, success true, the documented shape, and the call is recorded', async () => {
		const before = await placedCalls(emulator.current);
		const response = await createCall(emulator.current, '100231', { body: { agentId: AGENT, webhook: WEBHOOK } });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
			success: true,
			data: {
				id: expect.any(String),
				threadId: expect.any(String),
				toPhoneNumber: '+12135550142',
				fromPhoneNumber: '+14155559876',
				compliance: {
					passed: true,
					checksPassed: [
						{ ...CHECKS.isActive, reason: 'Customer is active' },
						{ ...CHECKS.ceaseAndDesist, reason: 'Customer has not requested cease and desist' },
						{
							...CHECKS.voiceCallsPerDay,
							reason:
								'Customer has had 3 voice calls today within respectful hours window (America/Los_Angeles), within the limit of 4',
						},
					],
					checksFailed: [],
				},
			},
		});
		const after = await placedCalls(emulator.current);
		expect(after.countsByCustomer['100231']).toBe(before.countsByCustomer['100231'] + 1);
		expect(after.calls).toEqual([
			{
				id: response.body.data.id,
				threadId: response.body.data.threadId,
				customerId: '100231',
				agentId: AGENT,
				webhook: WEBHOOK,
				toPhoneNumber: '+12135550142',
				fromPhoneNumber: '+14155559876',
				placedAt: new Date(DEMO_CLOCK).toISOString(),
				requestId: response.body.requestId,
				seq: 1,
			},
		]);
		const { customers } = await control(emulator.current, '/customers');
		expect(customers.find((c) => c.id === '100231').callsPlaced).toHaveLength(5);
		const [entry] = await requestLog(emulator.current);
		expect(entry).toMatchObject({ outcome: 'placed', placed: true, callId: response.body.data.id, status: 200 });
	});

	test('the call just placed counts: the fourth call of the day passes, the fifth is blocked', async () => {
		// 100231 (Los Angeles) starts the day with 3 calls inside the window.
		const fourth = await createCall(emulator.current, '100231');
		expect(fourth.body.success).toBe(true);
		const fifth = await createCall(emulator.current, '100231');
		expect(fifth.body.success).toBe(false);
		expect(fifth.body.data.compliance.checksFailed).toEqual([
			{
				...CHECKS.voiceCallsPerDay,
				reason:
					'Customer has had 4 voice calls today within respectful hours window (America/Los_Angeles), reaching the limit of 4',
			},
		]);
		expect((await placedCalls(emulator.current)).countsByCustomer['100231']).toBe(1);
	});
});

describe('blocked calls', () => {
	/** Asserts a blocked call for the customer, with exactly these failed checks, and that nothing was placed. */
	async function expectBlocked(customerId, status, toPhoneNumber, failed) {
		const response = await createCall(emulator.current, customerId);
		expect(response.status).toBe(status);
		expect(response.body).toEqual({
			requestId: expect.any(String),
			success: false,
			data: {
				id: null,
				threadId: null,
				toPhoneNumber,
				fromPhoneNumber: '+14155559876',
				compliance: { passed: false, checksPassed: expect.any(Array), checksFailed: failed },
			},
		});
		expect(response.body.data.compliance.checksPassed).toHaveLength(3 - failed.length);
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
		const entries = await requestLog(emulator.current);
		expect(entries[entries.length - 1]).toMatchObject({ outcome: 'blocked', placed: false, callId: null, status });
		return response;
	}

	test('inactive customer: is-active fails', async () => {
		await expectBlocked('100239', 200, '+17185550146', [{ ...CHECKS.isActive, reason: 'Customer is not active' }]);
	});

	test('cease and desist: cease-and-desist-exclusion fails', async () => {
		await expectBlocked('100241', 200, '+14155550112', [
			{ ...CHECKS.ceaseAndDesist, reason: 'Customer has requested cease and desist' },
		]);
	});

	test('four calls today in the window: four-voice-call-per-day fails with the documented wording', async () => {
		await expectBlocked('100242', 200, '+12125550133', [
			{
				...CHECKS.voiceCallsPerDay,
				reason:
					'Customer has had 4 voice calls today within respectful hours window (America/New_York), reaching the limit of 4',
			},
		]);
	});

	test('inactive and cease and desist: both fail, the third passes', async () => {
		const response = await expectBlocked('100243', 200, '+18085550150', [
			{ ...CHECKS.isActive, reason: 'Customer is not active' },
			{ ...CHECKS.ceaseAndDesist, reason: 'Customer has requested cease and desist' },
		]);
		expect(response.body.data.compliance.checksPassed).toEqual([
			{
				...CHECKS.voiceCallsPerDay,
				reason:
					'Customer has had 0 voice calls today within respectful hours window (Pacific/Honolulu), within the limit of 4',
			},
		]);
	});

	test('complianceFailureStatus 422: same body, status 422', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { complianceFailureStatus: 422 } });
		await expectBlocked('100241', 422, '+14155550112', [
			{ ...CHECKS.ceaseAndDesist, reason: 'Customer has requested cease and desist' },
		]);
		expect((await createCall(emulator.current, '100232')).status).toBe(200);
	});
});

describe('the window across time zones, with the clock moved', () => {
	/** Reason of the four-voice-call-per-day check for a customer. */
	async function voiceCallReason(customerId) {
		const { body } = await createCall(emulator.current, customerId, { body: { agentId: 'agent-reminders-02' } });
		return [...body.data.compliance.checksPassed, ...body.data.compliance.checksFailed].find(
			(c) => c.id === 'four-voice-call-per-day',
		).reason;
	}

	test('New York at 13:00 local counts 4; earlier that morning (12:00Z = 07:00 local) counts none', async () => {
		expect(await voiceCallReason('100242')).toMatch(/had 4 voice calls today .*reaching the limit of 4$/);
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-11-30T12:00:00Z' } });
		expect(await voiceCallReason('100242')).toMatch(/had 0 voice calls today/);
	});

	test('Chicago: four calls on the evening of the 29th (local) are on the UTC 30th and do not count on the 30th', async () => {
		expect(await voiceCallReason('100233')).toMatch(
			/had 0 voice calls today within respectful hours window \(America\/Chicago\)/,
		);
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-11-30T02:45:00Z' } });
		expect(await voiceCallReason('100233')).toMatch(
			/had 4 voice calls today within respectful hours window \(America\/Chicago\), reaching/,
		);
	});

	test('Honolulu at 08:00 local: four calls earlier that morning are outside the window', async () => {
		expect(await voiceCallReason('cus_3b7e90a1f4c2')).toMatch(
			/had 0 voice calls today within respectful hours window \(Pacific\/Honolulu\)/,
		);
	});

	test('Denver: a call at exactly 08:00:00 local counts (the window includes its start)', async () => {
		expect(await voiceCallReason('cus_7b0e3d9f2c46')).toMatch(
			/had 4 voice calls today .*\(America\/Denver\), reaching/,
		);
		await control(emulator.current, '/config', {
			method: 'PUT',
			body: { respectfulHours: { start: '08:01', end: '21:00' } },
		});
		expect(await voiceCallReason('cus_7b0e3d9f2c46')).toMatch(/had 3 voice calls today .*within the limit of 4/);
	});

	test('the next local day starts afresh', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-12-01T14:00:00Z' } });
		expect(await voiceCallReason('100242')).toMatch(/had 0 voice calls today/);
	});

	test('calls placed through the emulator carry the emulator clock and count in the window', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-11-30T19:00:00Z' } }); // 14:00 in New York
		for (let i = 0; i < 4; i += 1) expect((await createCall(emulator.current, '100232')).body.success).toBe(true);
		const fifth = await createCall(emulator.current, '100232');
		expect(fifth.body.data.compliance.checksFailed[0].reason).toBe(
			'Customer has had 4 voice calls today within respectful hours window (America/New_York), reaching the limit of 4',
		);
		const { calls } = await placedCalls(emulator.current);
		expect(calls.map((c) => c.placedAt)).toEqual(Array(4).fill('2026-11-30T19:00:00.000Z'));
	});
});

describe('self-check against openapi.yaml', () => {
	test('an answer that would break the contract is replaced by a 500 and listed as a violation', async () => {
		const own = await startEmulator();
		const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			own.state.customers.get('100232').phoneNumber = 14155550100; // a number: breaks PhoneNumber
			const response = await createCall(own, '100232', { contract: false });
			expect(response.status).toBe(500);
			expect(response.body.error.code).toBe('contract_violation');
			expect(response.body.message).toContain('body/data/toPhoneNumber must be string');
			const { violations } = await control(own, '/violations');
			expect(violations).toEqual([
				{
					seq: 1,
					status: 200,
					errors: expect.arrayContaining(['body/data/toPhoneNumber must be string']),
					body: expect.any(Object),
				},
			]);
			expect((await control(own, '/health')).contractViolations).toBe(1);
			expect(logged).toHaveBeenCalledWith(
				expect.stringMatching(/^Veritus emulator bug: answer to request 1 breaks openapi.yaml: /),
			);
		} finally {
			logged.mockRestore();
			await own.close();
		}
	});
});
