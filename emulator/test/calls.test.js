'use strict';

const { useEmulator, api, createCall, control, placedCalls, C, AGENT, OTHER_AGENT, UNKNOWN_ID } = require('./helpers');
const { fixtureUuid } = require('../random');

const emulator = useEmulator({ seed: 31 });

/** POST /calls/bulk. */
function bulk(body) {
	return api(emulator.current, 'POST', '/calls/bulk', { body });
}

describe('Create Calls in Bulk', () => {
	test("partial success in request order, `successful` in the summary, each blocked customer's rules in its error", async () => {
		const customerIds = [C('100243'), C('100232'), UNKNOWN_ID, C('100242').toUpperCase(), C('100236')];
		const { status, body } = await bulk({ agentId: OTHER_AGENT, customerIds });
		expect(status).toBe(200);
		expect(body.success).toBe(true);
		expect(body.data.summary).toEqual({ total: 5, successful: 2, failed: 3 });
		expect(body.data.results.map((r) => r.customerId)).toEqual(customerIds);
		expect(body.data.results[0]).toEqual({
			customerId: C('100243'),
			success: false,
			error:
				'Customer not eligible for call. 2 failed rule(s): 1. Is Active [Customer is not active], 2. Cease and Desist Exclusion [Customer has requested cease and desist]',
		});
		expect(body.data.results[1]).toEqual({
			customerId: C('100232'),
			success: true,
			data: {
				id: expect.any(String),
				threadId: expect.any(String),
				toPhoneNumber: '+12125550187',
				fromPhoneNumber: '+13125550148',
				compliance: expect.objectContaining({ passed: true, checksFailed: [] }),
				createdAt: '2026-11-30T18:00:00.000Z',
			},
		});
		expect(body.data.results[2]).toEqual({ customerId: UNKNOWN_ID, success: false, error: 'Customer not found' });
		expect(body.data.results[3].error).toBe(
			'Customer not eligible for call. 1 failed rule(s): 1. Four Voice Call Per Day [Customer has had 4 voice calls today within respectful hours window (America/New_York), reaching the limit of 4]',
		);
		const { calls } = await placedCalls(emulator.current);
		expect(calls.map((c) => [c.customerId, c.source, c.agentId])).toEqual([
			[C('100232'), 'bulk', OTHER_AGENT],
			[C('100236'), 'bulk', OTHER_AGENT],
		]);
		const [entry] = (await control(emulator.current, '/requests')).requests;
		expect(entry).toMatchObject({ operation: 'createCallsBulk', placed: true, callIds: calls.map((c) => c.id) });
	});

	test('bulk always reports compliance in the per-result error, whatever the Create Call shape', async () => {
		await control(emulator.current, '/config', {
			method: 'PUT',
			body: { complianceFailureShape: 'seed', complianceFailureStatus: 422 },
		});
		const { status, body } = await bulk({ agentId: AGENT, customerIds: [C('100241')] });
		expect(status).toBe(200);
		expect(body.data.results[0].error).toMatch(/^Customer not eligible for call\. 1 failed rule\(s\): 1\. Cease/);
	});

	test('a customer placed earlier in the same request counts towards its daily limit', async () => {
		// 100231 has 3 calls today; its fourth is in this request, so a later request is blocked.
		expect((await bulk({ agentId: AGENT, customerIds: [C('100231')] })).body.data.summary.successful).toBe(1);
		expect((await bulk({ agentId: AGENT, customerIds: [C('100231')] })).body.data.results[0].error).toMatch(
			/reaching the limit of 4/,
		);
	});

	test("duplicates (in any case): 400 in the document's words, nothing placed", async () => {
		const response = await bulk({ agentId: AGENT, customerIds: [C('100232'), C('100236'), C('100232').toUpperCase()] });
		expect([response.status, response.body.publicFacingMessage]).toEqual([
			400,
			'customerIds must not contain duplicates',
		]);
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
	});

	test.each([
		[{ agentId: AGENT, customerIds: [] }, 'customerIds must be a list of 1 to 100 customer IDs'],
		[
			{ agentId: AGENT, customerIds: Array.from({ length: 101 }, (_, i) => fixtureUuid('customer', `x${i}`)) },
			'customerIds must be a list of 1 to 100 customer IDs',
		],
		[
			{ agentId: AGENT, customerIds: ['100231'] },
			'customerIds[0] must be a UUID, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a',
		],
		[
			{ agentId: 'agent-collections-01', customerIds: [C('100231')] },
			'agentId must be a UUID, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a',
		],
		[{ agentId: UNKNOWN_ID, customerIds: [C('100231')] }, `agentId ${UNKNOWN_ID} names no agent of this organisation`],
		[{ customerIds: [C('100231')] }, 'agentId is required'],
	])('%#: 400 naming the field', async (body, problem) => {
		const response = await bulk(body);
		expect([response.status, response.body.publicFacingMessage]).toEqual([400, `Invalid request data: ${problem}`]);
		await control(emulator.current, '/violations', { method: 'DELETE' });
	});

	test('100 customers is the most, and a webhook without a URL means none', async () => {
		const { status, body } = await bulk({
			agentId: AGENT,
			customerIds: Array.from({ length: 100 }, (_, i) => fixtureUuid('customer', `x${i}`)),
			webhook: { url: null },
		});
		expect([status, body.data.summary]).toEqual([200, { total: 100, successful: 0, failed: 100 }]);
	});
});

describe('Get Signed URL and the recording', () => {
	/** Places a call to 100232 and returns its ID. */
	async function placeOne() {
		return (await createCall(emulator.current, C('100232'))).body.data.id;
	}

	test('a signed URL of a WAV recording the emulator serves', async () => {
		const callId = await placeOne();
		const { status, body } = await api(emulator.current, 'POST', '/calls/get-signed-url', {
			body: { callId: callId.toUpperCase() },
		});
		expect(status).toBe(200);
		expect(body.data).toEqual({
			callId,
			signedUrl: expect.stringMatching(
				new RegExp(`^${emulator.current.origin}/recordings/${callId}\\.wav\\?expires=\\d+&signature=[0-9a-f]{64}$`),
			),
		});
		const expires = Number(new URL(body.data.signedUrl).searchParams.get('expires'));
		expect(expires - Date.now()).toBeGreaterThan(29 * 60 * 1000);
		expect(expires - Date.now()).toBeLessThanOrEqual(30 * 60 * 1000);
		const recording = await fetch(body.data.signedUrl);
		expect([recording.status, recording.headers.get('content-type')]).toEqual([200, 'audio/wav']);
		const bytes = Buffer.from(await recording.arrayBuffer());
		expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
		expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
		expect(bytes.readUInt32LE(24)).toBe(8000); // sample rate
		expect(bytes.length).toBe(44 + 8000);
	});

	test('an expired URL or an altered one: 403; an unknown call: 404', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { webhooks: { recordingTtlMs: 0 } } });
		const callId = await placeOne();
		const { body } = await api(emulator.current, 'POST', '/calls/get-signed-url', { body: { callId } });
		const url = new URL(body.data.signedUrl);
		// Valid until `expires` (inclusive): wait until the clock has passed it.
		while (Date.now() <= Number(url.searchParams.get('expires'))) await new Promise((r) => setImmediate(r));
		const expired = await fetch(url);
		expect([expired.status, await expired.json()]).toEqual([403, { error: 'The signed URL has expired' }]);
		url.searchParams.set('expires', String(Date.now() + 60000));
		const altered = await fetch(url);
		expect([altered.status, await altered.json()]).toEqual([403, { error: 'The signed URL is not valid' }]);
		const unknown = await fetch(`${emulator.current.origin}/recordings/${UNKNOWN_ID}.wav`);
		expect(unknown.status).toBe(404);
	});

	test('publicUrl sets the origin of recording URLs (n8n in a container)', async () => {
		await control(emulator.current, '/config', {
			method: 'PUT',
			body: { publicUrl: 'http://host.docker.internal:4010' },
		});
		const callId = await placeOne();
		const { body } = await api(emulator.current, 'POST', '/calls/get-signed-url', { body: { callId } });
		expect(body.data.signedUrl.startsWith(`http://host.docker.internal:4010/recordings/${callId}.wav?`)).toBe(true);
	});

	test('an unknown call: 404 Call not found', async () => {
		const response = await api(emulator.current, 'POST', '/calls/get-signed-url', { body: { callId: UNKNOWN_ID } });
		expect([response.status, response.body.publicFacingMessage]).toEqual([404, 'Call not found']);
	});
});
