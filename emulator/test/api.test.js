'use strict';

const { startEmulator, DEMO_CLOCK } = require('..');
const {
	useEmulator,
	api,
	createCall,
	control,
	requestLog,
	placedCalls,
	CHECKS,
	TOKEN,
	AGENT,
	OTHER_AGENT,
	SECRET_ID,
	UNKNOWN_ID,
	C,
} = require('./helpers');

const emulator = useEmulator({ forbiddenTokens: ['read-only-token'], seed: 1, complianceFailureShape: 'seed' });
const WEBHOOK = { url: 'https://example.com/veritus/updates', secretId: SECRET_ID };

/** Asserts the API's error body with the given status and message. */
function expectError(response, status, publicFacingMessage) {
	expect(response.status).toBe(status);
	expect(response.body).toEqual({ requestId: expect.any(String), success: false, publicFacingMessage });
}

/** The last request log entry. */
async function lastEntry() {
	const entries = await requestLog(emulator.current);
	return entries[entries.length - 1];
}

describe('authentication', () => {
	test("no Authorization header: 401 in the API document's words, with WWW-Authenticate", async () => {
		const response = await createCall(emulator.current, C('100231'), { token: null });
		expectError(response, 401, 'Unauthorized. Make sure to pass the correct authorization token.');
		expect(response.headers.get('www-authenticate')).toBe('Bearer');
		expect(await lastEntry()).toMatchObject({ errorCode: 'unauthorized', contract: { request: 'violation' } });
	});

	test('a wrong token: 401, checked before the body (even malformed JSON)', async () => {
		const response = await createCall(emulator.current, C('100231'), { token: 'wrong', rawBody: '{oops' });
		expectError(response, 401, 'Unauthorized. Make sure to pass the correct authorization token.');
	});

	test('a token that differs only in case or by a prefix is rejected', async () => {
		expect((await createCall(emulator.current, C('100231'), { token: TOKEN.toUpperCase() })).status).toBe(401);
		expect(
			(await createCall(emulator.current, C('100231'), { headers: { authorization: `Token ${TOKEN}` } })).status,
		).toBe(401);
		expect((await createCall(emulator.current, C('100231'), { headers: { authorization: TOKEN } })).status).toBe(401);
	});

	test('the scheme is case-insensitive', async () => {
		expect(
			(await createCall(emulator.current, C('100231'), { headers: { authorization: `bearer ${TOKEN}` } })).status,
		).toBe(200);
	});

	test('a forbidden token: 403 (an emulator extension, exempt from the provider check)', async () => {
		const response = await createCall(emulator.current, C('100231'), { token: 'read-only-token' });
		expectError(response, 403, 'This token may not use this operation.');
		expect((await lastEntry()).contract.response).toMatch(/^exempt: forbidden token/);
	});

	test('every operation asks for the token', async () => {
		expect((await api(emulator.current, 'GET', '/clients', { token: null })).status).toBe(401);
		expect((await api(emulator.current, 'POST', '/customers', { token: 'wrong', body: {} })).status).toBe(401);
	});

	test('no call is placed and the log says unauthorized', async () => {
		await createCall(emulator.current, C('100231'), { token: 'wrong' });
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
		const [entry] = await requestLog(emulator.current);
		expect(entry).toMatchObject({ authorized: false, status: 401, outcome: 'rejected', placed: false });
	});
});

describe('body and validation', () => {
	test('malformed JSON: 400', async () => {
		const response = await createCall(emulator.current, C('100231'), { rawBody: '{"agentId": ' });
		expect(response.status).toBe(400);
		expect(response.body.publicFacingMessage).toMatch(/^Invalid request data: the body is not valid JSON \(/);
		expect((await lastEntry()).errorCode).toBe('invalid_json');
	});

	test('empty body: 400', async () => {
		expectError(
			await createCall(emulator.current, C('100231'), { rawBody: '' }),
			400,
			'Invalid request data: the body is empty; send a JSON object',
		);
	});

	test.each([['text/plain'], ['application/x-www-form-urlencoded']])('Content-Type %s: 400', async (type) => {
		const response = await createCall(emulator.current, C('100231'), { headers: { 'content-type': type } });
		expectError(response, 400, 'Invalid request data: Content-Type must be application/json');
	});

	test('Content-Type with a charset is accepted', async () => {
		const response = await createCall(emulator.current, C('100231'), {
			headers: { 'content-type': 'application/json; charset=utf-8' },
		});
		expect(response.status).toBe(200);
	});

	test.each([
		[{ agentId: '' }, 'agentId must be a non-empty string'],
		[{}, 'agentId is required'],
		[{ agentId: 100231 }, 'agentId must be a non-empty string'],
		[{ agentId: AGENT, customerId: '100231' }, 'customerId is not a field of this request'],
		[
			{ agentId: AGENT, webhook: { url: 'example.com/hook', secretId: SECRET_ID } },
			'webhook.url must be an absolute URL, such as https://example.com/veritus/call-updates',
		],
		[
			{ agentId: AGENT, webhook: { url: WEBHOOK.url, secretId: 'secret-1' } },
			'webhook.secretId must be a UUID, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a',
		],
		[{ agentId: AGENT, webhook: { secretId: SECRET_ID } }, 'webhook.url is required'],
		[['agentId'], 'body must be object'],
	])('%j: 400 naming the field', async (body, problem) => {
		expectError(await createCall(emulator.current, C('100231'), { body }), 400, `Invalid request data: ${problem}`);
	});

	test('a body over 1 MiB: 413', async () => {
		const response = await createCall(emulator.current, C('100231'), { body: { agentId: 'x'.repeat(1024 * 1024) } });
		expect(response.status).toBe(413);
		expect((await requestLog(emulator.current))[0]).toMatchObject({
			status: 413,
			outcome: 'rejected',
			placed: false,
			errorCode: 'payload_too_large',
		});
	});

	test('validation comes before the customer lookup', async () => {
		expect((await createCall(emulator.current, UNKNOWN_ID, { body: { agentId: '' } })).status).toBe(400);
	});
});

describe('path parameters', () => {
	test('an ID that is not a UUID: 400 naming the parameter, and a request violation is recorded', async () => {
		const response = await createCall(emulator.current, '100231');
		expectError(response, 400, 'Invalid request data: customerId must be a UUID, got "100231"');
		const { violations } = await control(emulator.current, '/violations');
		expect(violations).toEqual([
			{
				seq: 1,
				direction: 'request',
				source: 'provider',
				operation: 'POST /customers/{customerId}/calls',
				status: null,
				errors: ['path/customerId must match format "uuid"'],
				body: { agentId: AGENT },
			},
		]);
		expect(await lastEntry()).toMatchObject({
			errorCode: 'invalid_path_parameter',
			contract: { request: 'violation' },
		});
	});

	test('the path ID is decoded; the log keeps both the raw path and the decoded ID', async () => {
		const response = await createCall(emulator.current, 'ACME 42/7');
		expectError(response, 400, 'Invalid request data: customerId must be a UUID, got "ACME 42/7"');
		const [entry] = await requestLog(emulator.current);
		expect(entry.rawPath).toBe('/api/v1/customers/ACME%2042%2F7/calls');
		expect(entry.customerId).toBe('ACME 42/7');
	});

	test('upper-case UUIDs are the same customer', async () => {
		const response = await createCall(emulator.current, C('100232').toUpperCase());
		expect(response.status).toBe(200);
		expect((await placedCalls(emulator.current)).calls.map((c) => c.customerId)).toEqual([C('100232')]);
		expect((await control(emulator.current, '/violations')).violations).toEqual([]);
	});

	test('a well-formed UUID of nobody: 404 Customer not found', async () => {
		expectError(await createCall(emulator.current, UNKNOWN_ID), 404, 'Customer not found');
	});

	test('other routes under the API answer a JSON 404 and count as a request violation', async () => {
		const response = await api(emulator.current, 'GET', `/customers/${C('100231')}/calls`);
		expect(response.status).toBe(404);
		expect(response.body.publicFacingMessage).toBe(`No route for GET /api/v1/customers/${C('100231')}/calls`);
		const { violations } = await control(emulator.current, '/violations');
		expect(violations.map((v) => [v.direction, v.errors])).toEqual([
			['request', [`GET /api/v1/customers/${C('100231')}/calls is not an operation of the document`]],
		]);
	});
});

describe('agents and webhook secrets', () => {
	test('an unknown agent: 400 naming agentId', async () => {
		const response = await createCall(emulator.current, C('100231'), { body: { agentId: 'agent-nope' } });
		expectError(response, 400, 'Invalid request data: agentId agent-nope names no agent of this organisation');
	});

	test('the second agent calls from its own number', async () => {
		const response = await createCall(emulator.current, C('100232'), { body: { agentId: OTHER_AGENT } });
		expect(response.body.data.fromPhoneNumber).toBe('+13125550148');
	});

	test('an unknown webhook secret: 400, without echoing the secret ID', async () => {
		const secretId = '11111111-2222-4333-8444-555555555555';
		const response = await createCall(emulator.current, C('100231'), {
			body: { agentId: AGENT, webhook: { url: WEBHOOK.url, secretId } },
		});
		expectError(response, 400, 'Invalid request data: webhook.secretId names no webhook secret of this organisation');
		expect(response.text).not.toContain(secretId);
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
	});
});

describe('placing a call', () => {
	test('a compliant customer: 200, success true, the documented shape, and the call is recorded', async () => {
		const before = await placedCalls(emulator.current);
		const response = await createCall(emulator.current, C('100231'), { body: { agentId: AGENT, webhook: WEBHOOK } });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
			success: true,
			data: {
				id: expect.stringMatching(/^[0-9a-f-]{36}$/),
				threadId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				toPhoneNumber: '+12135550142',
				fromPhoneNumber: '+14155559876',
				compliance: {
					passed: true,
					checksPassed: [
						{ ...CHECKS.isActive, reason: 'Customer is active' },
						{ ...CHECKS.ceaseAndDesist, reason: 'Customer has not requested cease and desist' },
						{
							...CHECKS.respectfulHours,
							reason: 'Customer local time is 10:00 (within respectful hours 8am-9pm)',
						},
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
		expect(after.countsByCustomer[C('100231')]).toBe(before.countsByCustomer[C('100231')] + 1);
		expect(after.calls).toEqual([
			{
				id: response.body.data.id,
				threadId: response.body.data.threadId,
				customerId: C('100231'),
				agentId: AGENT,
				webhook: WEBHOOK,
				toPhoneNumber: '+12135550142',
				fromPhoneNumber: '+14155559876',
				placedAt: new Date(DEMO_CLOCK).toISOString(),
				createdAt: new Date(DEMO_CLOCK).toISOString(),
				requestId: response.body.requestId,
				seq: 1,
				source: 'single',
				dripCampaignId: null,
				outcome: expect.objectContaining({ endedReason: expect.any(String) }),
			},
		]);
		const { customers } = await control(emulator.current, '/customers');
		expect(customers.find((c) => c.id === C('100231')).profile.callsPlaced).toHaveLength(5);
		const [entry] = await requestLog(emulator.current);
		expect(entry).toMatchObject({
			outcome: 'placed',
			placed: true,
			callId: response.body.data.id,
			status: 200,
			contract: { request: 'valid', response: 'valid' },
		});
	});

	test('the call just placed counts: the fourth call of the day passes, the fifth is blocked', async () => {
		// 100231 (Los Angeles) starts the day with 3 calls inside the window.
		const fourth = await createCall(emulator.current, C('100231'));
		expect(fourth.body.success).toBe(true);
		const fifth = await createCall(emulator.current, C('100231'));
		expect(fifth.body.success).toBe(false);
		expect(fifth.body.data.compliance.checksFailed).toEqual([
			{
				...CHECKS.voiceCallsPerDay,
				reason:
					'Customer has had 4 voice calls today within respectful hours window (America/Los_Angeles), reaching the limit of 4',
			},
		]);
		expect((await placedCalls(emulator.current)).countsByCustomer[C('100231')]).toBe(1);
	});
});

describe('blocked calls, seed shape', () => {
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
		expect(response.body.data.compliance.checksPassed).toHaveLength(4 - failed.length);
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
		expect(await lastEntry()).toMatchObject({
			outcome: 'blocked',
			placed: false,
			callId: null,
			status,
			contract: { response: expect.stringMatching(/^exempt: seed shape/) },
		});
		return response;
	}

	test('inactive customer: is-active fails', async () => {
		await expectBlocked(C('100239'), 200, '+17185550146', [{ ...CHECKS.isActive, reason: 'Customer is not active' }]);
	});

	test('cease and desist: cease-and-desist-exclusion fails', async () => {
		await expectBlocked(C('100241'), 200, '+14155550112', [
			{ ...CHECKS.ceaseAndDesist, reason: 'Customer has requested cease and desist' },
		]);
	});

	test('four calls today in the window: four-voice-call-per-day fails with the documented wording', async () => {
		await expectBlocked(C('100242'), 200, '+12125550133', [
			{
				...CHECKS.voiceCallsPerDay,
				reason:
					'Customer has had 4 voice calls today within respectful hours window (America/New_York), reaching the limit of 4',
			},
		]);
	});

	test('inactive and cease and desist: both fail, the other two pass', async () => {
		const response = await expectBlocked(C('100243'), 200, '+18085550150', [
			{ ...CHECKS.isActive, reason: 'Customer is not active' },
			{ ...CHECKS.ceaseAndDesist, reason: 'Customer has requested cease and desist' },
		]);
		expect(response.body.data.compliance.checksPassed.map((c) => c.id)).toEqual([
			'respectful-hours-check',
			'four-voice-call-per-day',
		]);
	});

	test('complianceFailureStatus 422 (any 4xx): same body, that status', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { complianceFailureStatus: 422 } });
		await expectBlocked(C('100241'), 422, '+14155550112', [
			{ ...CHECKS.ceaseAndDesist, reason: 'Customer has requested cease and desist' },
		]);
		await control(emulator.current, '/config', { method: 'PUT', body: { complianceFailureStatus: 409 } });
		expect((await createCall(emulator.current, C('100241'))).status).toBe(409);
		expect((await createCall(emulator.current, C('100232'))).status).toBe(200);
	});
});

describe('blocked calls, spec shape', () => {
	beforeEach(async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { complianceFailureShape: 'spec' } });
	});

	test('422 with only publicFacingMessage naming the rules and their reasons; checked against the provider', async () => {
		const response = await createCall(emulator.current, C('100243'));
		expectError(
			response,
			422,
			'Customer not eligible for call. Failed rules: Is Active (Customer is not active), Cease and Desist Exclusion (Customer has requested cease and desist)',
		);
		expect(await lastEntry()).toMatchObject({ outcome: 'blocked', contract: { response: 'valid' } });
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
	});

	test("the API document's own example, reasons with parentheses of their own", async () => {
		await control(emulator.current, '/config', {
			method: 'PUT',
			body: { respectfulHours: { start: '08:00', end: '20:50' }, preloadCustomers: false },
		});
		await control(emulator.current, '/reset', { method: 'POST' });
		// 100299's fixture profile: Asia/Tokyo (03:00 there at the demo clock), no notice sent.
		const created = await api(emulator.current, 'POST', '/customers', {
			body: {
				externalId: '100299',
				firstName: 'Kenji',
				lastName: 'Watanabe',
				email: 'kenji.watanabe@example.com',
				primaryPhone: '+12065550133',
				address: { zip: '98101' },
			},
		});
		expect(created.body.data.id).toBe(C('100299'));
		expectError(
			await createCall(emulator.current, C('100299')),
			422,
			'Customer not eligible for call. Failed rules: Respectful Hours Check (Customer local time is 03:00 (outside respectful hours 8am-8:50pm)), Model Validation Notice Delivered (No Model Validation Notice has been sent)',
		);
	});

	test('complianceFailureStatus does not apply to the spec shape', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { complianceFailureStatus: 409 } });
		expect((await createCall(emulator.current, C('100241'))).status).toBe(422);
	});
});

describe('respectful hours and the daily window across time zones, with the clock moved', () => {
	/** The reasons of the rules of a customer, by rule id. */
	async function reasons(customerId) {
		const { body } = await createCall(emulator.current, customerId, { body: { agentId: OTHER_AGENT } });
		const checks = [...body.data.compliance.checksPassed, ...body.data.compliance.checksFailed];
		return Object.fromEntries(checks.map((c) => [c.id, c.reason]));
	}

	test('outside the window, the respectful-hours rule fails', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-11-30T12:00:00Z' } });
		const { body } = await createCall(emulator.current, C('100232'));
		expect(body.data.compliance.checksFailed).toEqual([
			{ ...CHECKS.respectfulHours, reason: 'Customer local time is 07:00 (outside respectful hours 8am-9pm)' },
		]);
	});

	test('New York at 13:00 local counts 4; earlier that morning (12:00Z = 07:00 local) counts none', async () => {
		expect((await reasons(C('100242')))['four-voice-call-per-day']).toMatch(/had 4 voice calls today .*reaching/);
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-11-30T12:00:00Z' } });
		expect((await reasons(C('100242')))['four-voice-call-per-day']).toMatch(/had 0 voice calls today/);
	});

	test('Chicago: four calls on the evening of the 29th (local) are on the UTC 30th and do not count on the 30th', async () => {
		expect((await reasons(C('100233')))['four-voice-call-per-day']).toMatch(
			/had 0 voice calls today within respectful hours window \(America\/Chicago\)/,
		);
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-11-30T02:45:00Z' } });
		expect((await reasons(C('100233')))['four-voice-call-per-day']).toMatch(
			/had 4 voice calls today within respectful hours window \(America\/Chicago\), reaching/,
		);
	});

	test('Honolulu at exactly 08:00 local: inside the window; four calls earlier that morning are not', async () => {
		const found = await reasons(C('cus_3b7e90a1f4c2'));
		expect(found['respectful-hours-check']).toBe('Customer local time is 08:00 (within respectful hours 8am-9pm)');
		expect(found['four-voice-call-per-day']).toMatch(/had 0 voice calls today .*\(Pacific\/Honolulu\)/);
	});

	test('Denver: a call at exactly 08:00:00 local counts (the window includes its start)', async () => {
		expect((await reasons(C('cus_7b0e3d9f2c46')))['four-voice-call-per-day']).toMatch(
			/had 4 voice calls today .*\(America\/Denver\), reaching/,
		);
		await control(emulator.current, '/config', {
			method: 'PUT',
			body: { respectfulHours: { start: '08:01', end: '21:00' } },
		});
		expect((await reasons(C('cus_7b0e3d9f2c46')))['four-voice-call-per-day']).toMatch(
			/had 3 voice calls today .*within the limit of 4/,
		);
	});

	test('the next local day starts afresh', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-12-01T14:00:00Z' } });
		expect((await reasons(C('100242')))['four-voice-call-per-day']).toMatch(/had 0 voice calls today/);
	});

	test('calls placed through the emulator carry the emulator clock and count in the window', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-11-30T19:00:00Z' } }); // 14:00 in New York
		for (let i = 0; i < 4; i += 1) expect((await createCall(emulator.current, C('100232'))).body.success).toBe(true);
		const fifth = await createCall(emulator.current, C('100232'));
		expect(fifth.body.data.compliance.checksFailed[0].reason).toBe(
			'Customer has had 4 voice calls today within respectful hours window (America/New_York), reaching the limit of 4',
		);
		const { calls } = await placedCalls(emulator.current);
		expect(calls.map((c) => c.placedAt)).toEqual(Array(4).fill('2026-11-30T19:00:00.000Z'));
	});
});

describe('self-check against openapi.yaml', () => {
	test('an answer that would break it is replaced by a 500 and listed as an emulator violation', async () => {
		const own = await startEmulator({ webhooks: { deliver: false } });
		const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			own.state.customer(C('100232')).record.primaryPhone = 14155550100; // a number: breaks PhoneNumber
			const response = await createCall(own, C('100232'), { contract: false });
			expect(response.status).toBe(500);
			expect(response.body.publicFacingMessage).toContain(
				'data.toPhoneNumber must be an E.164 phone number, such as +12025551234',
			);
			const { violations } = await control(own, '/violations');
			expect(violations).toEqual([
				{
					seq: 1,
					direction: 'response',
					source: 'emulator',
					operation: 'POST /customers/{customerId}/calls',
					status: 200,
					errors: expect.arrayContaining(['data.toPhoneNumber must be an E.164 phone number, such as +12025551234']),
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
