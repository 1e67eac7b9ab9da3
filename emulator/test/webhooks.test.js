'use strict';

const crypto = require('node:crypto');
const { signWebhook, startEmulator, WEBHOOK_EVENT_TYPES } = require('..');
const {
	useEmulator,
	api,
	createCall,
	control,
	webhookReceiver,
	provider,
	fixtures,
	C,
	AGENT,
	SECRET_ID,
	SECRET_VALUE,
} = require('./helpers');

const emulator = useEmulator({ seed: 51, webhooks: { deliver: true, callDurationMs: 30, retryBaseMs: 5 } });

/** @type {Awaited<ReturnType<typeof webhookReceiver>>} */
let receiver;
beforeEach(async () => {
	receiver = await webhookReceiver();
});
afterEach(async () => {
	await receiver.close();
});

/** Waits (long-polling the control endpoint) until `count` deliveries matching the query have settled. */
async function settled(query, count) {
	const answer = await control(emulator.current, `/deliveries?waitMs=20000&count=${count}&${query}`);
	expect(answer.timedOut).toBe(false);
	return answer.deliveries;
}

/** Places a call to 100232 with a webhook to the receiver. */
async function placeWithWebhook(webhook = { url: receiver.url, secretId: SECRET_ID }) {
	const { body } = await createCall(emulator.current, C('100232'), { body: { agentId: AGENT, webhook } });
	return body.data;
}

describe('signWebhook', () => {
	const body = '{"type":"call-ended","id":"f47ac10b-58cc-4372-a567-0e02b2c3d479"}';
	const expected = crypto.createHmac('sha256', 'whsec').update(`1764525600.${body}`).digest();

	test('HMAC-SHA256 of `{timestamp}.{raw body}`, in each encoding', () => {
		expect(signWebhook({ secret: 'whsec', timestamp: 1764525600, body })).toBe(expected.toString('hex'));
		expect(
			signWebhook({ secret: 'whsec', timestamp: '1764525600', body: Buffer.from(body), encoding: 'sha256-hex' }),
		).toBe(`sha256=${expected.toString('hex')}`);
		expect(signWebhook({ secret: 'whsec', timestamp: 1764525600, body, encoding: 'base64' })).toBe(
			expected.toString('base64'),
		);
	});

	test('one byte of the body, the timestamp or the secret changes it; an unknown encoding throws', () => {
		const base = signWebhook({ secret: 'whsec', timestamp: 1764525600, body });
		expect(signWebhook({ secret: 'whsec', timestamp: 1764525600, body: `${body} ` })).not.toBe(base);
		expect(signWebhook({ secret: 'whsec', timestamp: 1764525601, body })).not.toBe(base);
		expect(signWebhook({ secret: 'whsec2', timestamp: 1764525600, body })).not.toBe(base);
		expect(() => signWebhook({ secret: 'whsec', timestamp: 1, body, encoding: 'hex-upper' })).toThrow(
			'Unknown signature encoding "hex-upper"',
		);
	});
});

describe('a call placed with a webhook', () => {
	test('sends a signed call-created at once and a signed call-ended after the simulated duration', async () => {
		const call = await placeWithWebhook();
		const deliveries = await settled(`callId=${call.id}`, 2);
		expect(deliveries.map((d) => [d.type, d.status, d.httpStatus, d.signed, d.attempts.length, d.copy])).toEqual([
			['call-created', 'delivered', 200, true, 1, 1],
			['call-ended', 'delivered', 200, true, 1, 1],
		]);
		expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['call-created', 'call-ended']);
		for (const { headers, body } of receiver.received) {
			const timestamp = headers['x-webhook-timestamp'];
			// Unix seconds on the machine's real clock, not the emulator's fixed one.
			expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
			expect(headers['x-webhook-signature']).toBe(signWebhook({ secret: SECRET_VALUE, timestamp, body }));
			expect(headers['content-type']).toBe('application/json');
		}
	});

	test('the events carry the call, and call-ended its outcome, transcript and a recording that downloads', async () => {
		const call = await placeWithWebhook();
		await settled(`callId=${call.id}`, 2);
		const [created, ended] = receiver.received.map((r) => JSON.parse(r.body));
		expect(created).toEqual({
			type: 'call-created',
			id: call.id,
			name: 'Collections agent',
			customerId: C('100232'),
			status: 'in-progress',
			createdAt: '2026-11-30T18:00:00.000Z',
			callCreated: {
				id: call.id,
				threadId: call.threadId,
				toPhoneNumber: '+12125550187',
				fromPhoneNumber: '+14155559876',
				createdAt: '2026-11-30T18:00:00.000Z',
			},
		});
		expect(ended).toMatchObject({ type: 'call-ended', id: call.id, status: 'completed', customerId: C('100232') });
		const { callEnded } = ended;
		expect(callEnded).toMatchObject({
			id: call.id,
			threadId: call.threadId,
			direction: 'outbound',
			createdAt: '2026-11-30T18:00:00.000Z',
			inputVariables: { customerFirstName: 'James', customerLastName: 'Whitaker', externalId: '100232' },
		});
		expect(callEnded.endedAt).toBe(new Date(Date.parse(callEnded.createdAt) + callEnded.durationMs).toISOString());
		for (const message of callEnded.messages) {
			expect(Date.parse(message.endedAt) - Date.parse(message.startedAt)).toBe(message.duration);
			expect(message.secondsFromStart).toBeCloseTo(
				(Date.parse(message.startedAt) - Date.parse(callEnded.createdAt)) / 1000,
				1,
			);
		}
		const { calls } = await control(emulator.current, '/calls');
		expect(callEnded.endedReason).toBe(calls[0].outcome.endedReason);
		expect(callEnded.outputVariables).toEqual(calls[0].outcome.outputVariables);
		const recording = await fetch(callEnded.recordingUrl);
		expect([recording.status, recording.headers.get('content-type')]).toEqual([200, 'audio/wav']);
		for (const event of [created, ended]) expect(provider.checkWebhook(event)).toEqual({ valid: true, errors: [] });
	});

	test('without a secretId the events go unsigned, without the two headers', async () => {
		const call = await placeWithWebhook({ url: receiver.url });
		const deliveries = await settled(`callId=${call.id}`, 2);
		expect(deliveries.map((d) => d.signed)).toEqual([false, false]);
		for (const { headers } of receiver.received) {
			expect(headers['x-webhook-signature']).toBeUndefined();
			expect(headers['x-webhook-timestamp']).toBeUndefined();
		}
	});

	test('the encoding and a timestamp skew are configurable', async () => {
		await control(emulator.current, '/config', {
			method: 'PUT',
			body: { webhooks: { encoding: 'sha256-hex', timestampSkewSeconds: -600 } },
		});
		const call = await placeWithWebhook();
		await settled(`callId=${call.id}&type=call-created`, 1);
		const [{ headers, body }] = receiver.received;
		const timestamp = headers['x-webhook-timestamp'];
		expect(Math.abs(Number(timestamp) - (Date.now() / 1000 - 600))).toBeLessThan(60);
		expect(headers['x-webhook-signature']).toBe(
			signWebhook({ secret: SECRET_VALUE, timestamp, body, encoding: 'sha256-hex' }),
		);
	});

	test('Create Many sends the events of each call it placed', async () => {
		const { body } = await api(emulator.current, 'POST', '/calls/bulk', {
			body: { agentId: AGENT, customerIds: [C('100232'), C('100239'), C('100236')], webhook: { url: receiver.url } },
		});
		const placed = body.data.results.filter((r) => r.success).map((r) => r.data.id);
		expect(placed).toHaveLength(2);
		const deliveries = await settled('type=call-ended', 2);
		expect(deliveries.map((d) => d.callId).sort()).toEqual([...placed].sort());
	});

	test('a drip campaign sends drip-campaign.sms, .call-created and .call-ended', async () => {
		const { body } = await api(emulator.current, 'POST', `/customers/${C('100236')}/drip-campaigns`, {
			body: { campaignName: 'early-stage-collections', webhook: { url: receiver.url, secretId: SECRET_ID } },
		});
		const deliveries = await settled(`dripCampaignId=${body.data.id}`, 3);
		expect(deliveries.map((d) => [d.type, d.status, d.signed])).toEqual([
			['drip-campaign.sms', 'delivered', true],
			['drip-campaign.call-created', 'delivered', true],
			['drip-campaign.call-ended', 'delivered', true],
		]);
		const events = receiver.received.map((r) => JSON.parse(r.body));
		expect(events.map((e) => [e.type, e.id, e.name])).toEqual([
			['drip-campaign.sms', body.data.id, 'early-stage-collections'],
			['drip-campaign.call-created', body.data.id, 'early-stage-collections'],
			['drip-campaign.call-ended', body.data.id, 'early-stage-collections'],
		]);
		const customer = fixtures.customers.find((c) => c.externalId === '100236');
		expect(events[0].sms).toMatchObject({
			toPhoneNumber: customer.primaryPhone,
			fromPhoneNumber: fixtures.agents[0].fromPhoneNumber,
			message: expect.stringMatching(/^Hi Terrence, this is your account team about account 100236\./),
		});
	});
});

describe('delivery', () => {
	test('a non-2xx answer is retried, with back-off, until one succeeds', async () => {
		await receiver.close();
		receiver = await webhookReceiver({ statuses: [500, 503] });
		const call = await placeWithWebhook();
		const [created] = await settled(`callId=${call.id}&type=call-created`, 1);
		expect(created.status).toBe('delivered');
		expect(created.attempts.map((a) => a.httpStatus)).toEqual([500, 503, 200]);
		// The same body every time; the signature follows each attempt's timestamp.
		const bodies = receiver.received.slice(0, 3).map((r) => r.body);
		expect(new Set(bodies).size).toBe(1);
	});

	test('after maxAttempts the delivery fails; an unreachable URL fails with the reason', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { webhooks: { maxAttempts: 2 } } });
		await receiver.close();
		receiver = await webhookReceiver({ statuses: [500, 500, 500, 500] });
		const call = await placeWithWebhook();
		const [created] = await settled(`callId=${call.id}&type=call-created`, 1);
		expect([created.status, created.attempts.map((a) => a.httpStatus)]).toEqual(['failed', [500, 500]]);

		const closed = await webhookReceiver();
		await closed.close();
		const lost = await placeWithWebhook({ url: closed.url });
		const [unreachable] = await settled(`callId=${lost.id}&type=call-created`, 1);
		expect(unreachable.status).toBe('failed');
		expect(unreachable.attempts.map((a) => [a.httpStatus, a.error])).toEqual([
			[null, expect.stringContaining('ECONNREFUSED')],
			[null, expect.stringContaining('ECONNREFUSED')],
		]);
	});

	test('on request each event is delivered twice, the copy after the first', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { webhooks: { duplicate: true } } });
		const call = await placeWithWebhook();
		const deliveries = await settled(`callId=${call.id}`, 4);
		expect(deliveries.map((d) => [d.type, d.copy])).toEqual([
			['call-created', 1],
			['call-created', 2],
			['call-ended', 1],
			['call-ended', 2],
		]);
		expect(receiver.received[0].body).toBe(receiver.received[1].body);
	});

	test('a duplicate rule delivers only the matching events twice, at most `times` of them', async () => {
		await control(emulator.current, '/config', {
			method: 'PUT',
			body: { webhooks: { duplicate: { type: 'call-ended', customerId: C('100232').toUpperCase(), times: 1 } } },
		});
		const first = await placeWithWebhook();
		const second = await placeWithWebhook();
		const deliveries = [...(await settled(`callId=${first.id}`, 3)), ...(await settled(`callId=${second.id}`, 2))];
		expect(deliveries.map((d) => [d.callId, d.type, d.copy])).toEqual([
			[first.id, 'call-created', 1],
			[first.id, 'call-ended', 1],
			[first.id, 'call-ended', 2],
			[second.id, 'call-created', 1],
			[second.id, 'call-ended', 1],
		]);
		const bad = await fetch(`${emulator.current.controlUrl}/config`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ webhooks: { duplicate: { type: 'call-ended', times: 0 } } }),
		});
		expect(bad.status).toBe(400);
	});

	test('on request call-ended comes before call-created', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { webhooks: { outOfOrder: true } } });
		const call = await placeWithWebhook();
		await settled(`callId=${call.id}`, 2);
		expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['call-ended', 'call-created']);
	});

	test('with delivery off the events are listed as skipped and nothing is sent', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { webhooks: { deliver: false } } });
		const call = await placeWithWebhook();
		const deliveries = await settled(`callId=${call.id}`, 2);
		expect(deliveries.map((d) => [d.type, d.status, d.attempts])).toEqual([
			['call-created', 'skipped', []],
			['call-ended', 'skipped', []],
		]);
		expect(receiver.received).toEqual([]);
	});

	test('the wait answers when its time is up, saying so', async () => {
		const answer = await control(emulator.current, '/deliveries?waitMs=10&type=call-ended');
		expect(answer).toEqual({ deliveries: [], timedOut: true });
		const bad = await fetch(`${emulator.current.controlUrl}/deliveries?waitMs=600000`);
		expect(bad.status).toBe(400);
	});

	test('a webhook secret given as an option signs like a fixture one; a bad option is refused', async () => {
		const secretId = '11111111-2222-4333-8444-555555555555';
		const own = await startEmulator({ webhookSecrets: { [secretId.toUpperCase()]: 'from-the-option' } });
		try {
			await createCall(own, C('100232'), { body: { agentId: AGENT, webhook: { url: receiver.url, secretId } } });
			const answer = await control(own, '/deliveries?waitMs=20000&type=call-created');
			expect(answer.deliveries.map((d) => [d.status, d.signed])).toEqual([['delivered', true]]);
			const [{ headers, body }] = receiver.received;
			const timestamp = headers['x-webhook-timestamp'];
			expect(headers['x-webhook-signature']).toBe(signWebhook({ secret: 'from-the-option', timestamp, body }));
		} finally {
			await own.close();
		}
		await expect(startEmulator({ webhookSecrets: { 'secret-1': 'x' } })).rejects.toThrow(
			'Invalid webhookSecrets: "secret-1" is not a UUID',
		);
	});

	test('closing the emulator cancels what is still to be sent', async () => {
		const own = await startEmulator({ webhooks: { callDurationMs: 600000 } });
		await createCall(own, C('100232'), { body: { agentId: AGENT, webhook: { url: receiver.url } } });
		await own.close();
		const ended = own.state.dispatcher.deliveries.find((d) => d.type === 'call-ended');
		expect(ended.status).toBe('canceled');
	});
});

describe('determinism', () => {
	test("the same seed and requests give the same events (the recording URL's expiry aside)", async () => {
		/** Places three calls and returns their ended events without the recording URL. */
		async function run() {
			await control(emulator.current, '/reset', { method: 'POST' });
			const ids = [];
			for (const externalId of ['100232', '100236', '100237']) {
				const { body } = await createCall(emulator.current, C(externalId), {
					body: { agentId: AGENT, webhook: { url: receiver.url } },
				});
				ids.push(body.data.id);
			}
			const deliveries = await settled('type=call-ended', 3);
			return deliveries.map((d) => ({ ...d.event, callEnded: { ...d.event.callEnded, recordingUrl: undefined } }));
		}
		const first = await run();
		const again = await run();
		expect(again).toEqual(first);
		expect(first.map((e) => e.callEnded.endedReason)).toEqual(again.map((e) => e.callEnded.endedReason));
	});

	test('event types', () => {
		expect(WEBHOOK_EVENT_TYPES).toEqual([
			'call-created',
			'call-ended',
			'drip-campaign.call-created',
			'drip-campaign.call-ended',
			'drip-campaign.sms',
		]);
	});
});
