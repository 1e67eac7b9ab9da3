'use strict';

const { useEmulator, api, createCall, control, placedCalls, fixtures, C, UNKNOWN_ID } = require('./helpers');
const { fixtureUuid } = require('../random');

const emulator = useEmulator({ seed: 41, complianceFailureShape: 'seed' });

const SMS = {
	direction: 'inbound',
	timestamp: '2026-11-30T12:30:00-05:00',
	from: '+12125550187',
	to: '+14155559876',
	body: 'Can I pay next week?',
};
const EMAIL = {
	direction: 'inbound',
	timestamp: '2026-11-30T17:30:00Z',
	from: 'james.whitaker@example.com',
	to: ['accounts@example.com'],
	subject: 'My account',
	htmlBody: '<p>I do not owe this. I dispute it.</p>',
};

/** POST to a customer's interactions route. */
function interactions(customerId, route, body) {
	return api(emulator.current, 'POST', `/customers/${customerId}/interactions/${route}`, { body });
}

/** POST …/drip-campaigns. */
function enroll(customerId, body) {
	return api(emulator.current, 'POST', `/customers/${customerId}/drip-campaigns`, { body });
}

describe('Enroll in Drip Campaign (our answer: the document gives none)', () => {
	test('every rule passes: in-progress now; an SMS and a call happen at once', async () => {
		const { status, body } = await enroll(C('100232'), { campaignName: 'early-stage-collections' });
		expect(status).toBe(200);
		expect(body.data).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			customerId: C('100232'),
			campaignName: 'early-stage-collections',
			status: 'in-progress',
			startsAt: '2026-11-30T18:00:00.000Z',
			compliance: expect.objectContaining({ passed: true }),
			createdAt: '2026-11-30T18:00:00.000Z',
		});
		const { calls } = await placedCalls(emulator.current);
		expect(calls.map((c) => [c.customerId, c.source, c.dripCampaignId, c.agentId])).toEqual([
			[C('100232'), 'drip-campaign', body.data.id, fixtures.agents[0].id],
		]);
		const { interactions: stored } = await control(emulator.current, '/interactions');
		expect(stored.map((i) => [i.channel, i.direction, i.source, i.content.to])).toEqual([
			['sms', 'outbound', 'drip-campaign', '+12125550187'],
		]);
	});

	test('only time-bound rules fail: scheduled for the start of the next compliant window, nothing sent', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-11-30T11:00:00Z' } }); // 06:00 in New York
		const early = await enroll(C('100232'), { campaignName: 'payment-reminders' });
		expect(early.body.data).toMatchObject({ status: 'scheduled', startsAt: '2026-11-30T13:00:00.000Z' });
		await control(emulator.current, '/config', { method: 'PUT', body: { clock: '2026-11-30T18:00:00Z' } });
		const limit = await enroll(C('100242'), { campaignName: 'payment-reminders' }); // 4 calls today already
		expect(limit.body.data).toMatchObject({ status: 'scheduled', startsAt: '2026-12-01T13:00:00.000Z' });
		expect((await placedCalls(emulator.current)).calls).toEqual([]);
	});

	test('a rule time cannot cure: 422 naming the rules', async () => {
		const response = await enroll(C('100241'), { campaignName: 'payment-reminders' });
		expect([response.status, response.body.publicFacingMessage]).toEqual([
			422,
			'Customer not eligible for drip campaign. Failed rules: Cease and Desist Exclusion (Customer has requested cease and desist)',
		]);
		expect((await control(emulator.current, '/drip-campaigns')).enrollments).toEqual([]);
	});

	test('one enrolment per customer and campaign at a time: 409; after Cancel, again', async () => {
		const first = await enroll(C('100236'), { campaignName: 'payment-reminders' });
		const again = await enroll(C('100236'), { campaignName: 'payment-reminders' });
		expect([again.status, again.body.publicFacingMessage]).toEqual([
			409,
			"Customer is already enrolled in drip campaign 'payment-reminders'",
		]);
		expect((await enroll(C('100236'), { campaignName: 'early-stage-collections' })).status).toBe(200);
		await api(emulator.current, 'DELETE', `/customers/${C('100236')}/drip-campaigns/${first.body.data.id}`);
		expect((await enroll(C('100236'), { campaignName: 'payment-reminders' })).status).toBe(200);
	});

	test.each([
		[{ campaignName: 'spring-sale' }, 'campaignName spring-sale names no drip campaign of this organisation'],
		[{}, 'campaignName is required'],
		[{ campaignName: 'payment-reminders', webhook: {} }, 'webhook.url is required'],
		[
			{ campaignName: 'payment-reminders', webhook: { url: 'https://example.com/h', secretId: UNKNOWN_ID } },
			'webhook.secretId names no webhook secret of this organisation',
		],
	])('%j: 400 naming the field', async (body, problem) => {
		const response = await enroll(C('100236'), body);
		expect([response.status, response.body.publicFacingMessage]).toEqual([400, `Invalid request data: ${problem}`]);
	});

	test('an unknown customer: 404', async () => {
		expect((await enroll(UNKNOWN_ID, { campaignName: 'payment-reminders' })).status).toBe(404);
	});
});

describe('Cancel Drip Campaign', () => {
	test("cancels with the reason; a second cancel answers the same; another customer's or unknown: 404", async () => {
		const { body } = await enroll(C('100232'), { campaignName: 'payment-reminders' });
		const path = `/customers/${C('100232')}/drip-campaigns/${body.data.id.toUpperCase()}`;
		const canceled = await api(emulator.current, 'DELETE', path, { body: { reason: 'customer-converted' } });
		expect(canceled.status).toBe(200);
		expect(canceled.body.data).toEqual({
			...body.data,
			status: 'canceled',
			reason: 'customer-converted',
			canceledAt: '2026-11-30T18:00:00.000Z',
		});
		const twice = await api(emulator.current, 'DELETE', path);
		expect(twice.body.data).toEqual(canceled.body.data);
		const other = await api(emulator.current, 'DELETE', `/customers/${C('100236')}/drip-campaigns/${body.data.id}`);
		expect([other.status, other.body.publicFacingMessage]).toEqual([404, 'Drip campaign not found']);
		const bad = await api(emulator.current, 'DELETE', path, { body: { reason: 'bored' } });
		expect(bad.body.publicFacingMessage).toBe(
			'Invalid request data: reason must be customer-converted or customer-engaged',
		);
	});

	test('without a reason, the reason is null', async () => {
		const { body } = await enroll(C('100232'), { campaignName: 'payment-reminders' });
		const canceled = await api(emulator.current, 'DELETE', `/customers/${C('100232')}/drip-campaigns/${body.data.id}`);
		expect(canceled.body.data).toMatchObject({ status: 'canceled', reason: null });
	});
});

describe('SMS', () => {
	test('Import stores the SMS in a new thread, or in the thread named (made when new)', async () => {
		const first = await interactions(C('100232'), 'sms/import', SMS);
		expect(first.body.data).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			threadId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			channel: 'sms',
			direction: 'inbound',
			customerId: C('100232'),
			timestamp: '2026-11-30T17:30:00.000Z',
			createdAt: '2026-11-30T18:00:00.000Z',
		});
		const reply = await interactions(C('100232'), 'sms/import', { ...SMS, threadId: first.body.data.threadId });
		expect(reply.body.data.threadId).toBe(first.body.data.threadId);
		const named = fixtureUuid('thread', 'crm-42');
		expect((await interactions(C('100232'), 'sms/import', { ...SMS, threadId: named })).body.data.threadId).toBe(named);
		const foreign = await interactions(C('100236'), 'sms/import', { ...SMS, threadId: named });
		expect(foreign.body.publicFacingMessage).toBe(
			`Invalid request data: threadId ${named} is a thread of another customer`,
		);
	});

	test.each([
		[{ from: '2125550187' }, 'from must be an E.164 phone number, such as +12025551234'],
		[{ body: '' }, 'body must be a non-empty string'],
		[{ direction: 'sideways' }, 'direction must be inbound or outbound'],
		[
			{ timestamp: '30/11/2026' },
			'timestamp must be an ISO 8601 date and time with a time zone, such as 2026-11-30T18:00:00Z',
		],
		[{ segments: 0 }, 'segments must be a whole number of 1 or more'],
	])('Import %j: 400 naming the field', async (change, problem) => {
		const response = await interactions(C('100232'), 'sms/import', { ...SMS, ...change });
		expect([response.status, response.body.publicFacingMessage]).toEqual([400, `Invalid request data: ${problem}`]);
	});

	test('Import Many: each on its own, a failure names its index; 1 to 100', async () => {
		const { body } = await interactions(C('100232'), 'sms/import/bulk', {
			interactions: [SMS, { ...SMS, to: 'nope' }, SMS],
		});
		expect(body.data.summary).toEqual({ total: 3, succeeded: 2, failed: 1 });
		expect(body.data.results.map((r) => (r.success ? 'ok' : [r.index, r.error]))).toEqual([
			'ok',
			[1, 'Invalid request data: to must be an E.164 phone number, such as +12025551234'],
			'ok',
		]);
		const many = await interactions(C('100232'), 'sms/import/bulk', { interactions: Array(101).fill(SMS) });
		expect(many.body.publicFacingMessage).toBe(
			'Invalid request data: interactions must be a list of 1 to 100 interactions',
		);
		expect((await interactions(UNKNOWN_ID, 'sms/import/bulk', { interactions: [SMS] })).status).toBe(404);
		await control(emulator.current, '/violations', { method: 'DELETE' });
	});

	test('Generate: with persist (the default) it needs `to` and stores an outbound SMS; without, it only writes', async () => {
		const missing = await interactions(C('100232'), 'sms/generate', { from: '+14155559876' });
		expect([missing.status, missing.body.publicFacingMessage]).toEqual([
			422,
			"The 'to' field is required when persist is true",
		]);
		const stored = await interactions(C('100232'), 'sms/generate', { from: '+14155559876', to: '+12125550187' });
		expect(stored.body.data).toEqual({
			message:
				'Hi James, this is your account team about account 100232. Call us at +14155559876 to talk about your payment options. Reply STOP to opt out.',
			threadId: expect.any(String),
		});
		const draft = await interactions(C('100232'), 'sms/generate', { from: '+14155559876', persist: false });
		expect(draft.body.data).toEqual({ message: stored.body.data.message });
		const { interactions: all } = await control(emulator.current, '/interactions');
		expect(all.map((i) => [i.direction, i.source, i.threadId])).toEqual([
			['outbound', 'generate', stored.body.data.threadId],
		]);
	});
});

describe('Email', () => {
	test("Generate writes HTML and plain text; persist stores it to the customer's address", async () => {
		const { body } = await interactions(C('100232'), 'email/generate', {});
		expect(body.data.plainTextBody).toMatch(/^Dear James Whitaker,\n\nWe are writing about your account 100232\./);
		expect(body.data.htmlBody).toMatch(/^<p>Dear James Whitaker,<\/p><p>We are writing/);
		const [stored] = (await control(emulator.current, '/interactions')).interactions;
		expect([stored.channel, stored.threadId, stored.content.to]).toEqual([
			'email',
			body.data.threadId,
			['james.whitaker@example.com'],
		]);
		const draft = await interactions(C('100232'), 'email/generate', { persist: false });
		expect(draft.body.data).not.toHaveProperty('threadId');
	});

	test('Import needs a plain or HTML body; messageId comes back', async () => {
		const ok = await interactions(C('100232'), 'email/import', { ...EMAIL, messageId: 'm-1@example.com' });
		expect(ok.body.data).toMatchObject({ channel: 'email', messageId: 'm-1@example.com', direction: 'inbound' });
		const none = await interactions(C('100232'), 'email/import', { ...EMAIL, htmlBody: '  ' });
		expect(none.body.publicFacingMessage).toBe('Invalid request data: plainTextBody or htmlBody is required');
		const badTo = await interactions(C('100232'), 'email/import', { ...EMAIL, to: ['not-an-address'] });
		expect(badTo.body.publicFacingMessage).toBe(
			'Invalid request data: to[0] must be an email address, such as jane.doe@example.com',
		);
		const noTo = await interactions(C('100232'), 'email/import', { ...EMAIL, to: [] });
		expect(noTo.body.publicFacingMessage).toBe('Invalid request data: to must be a list of 1 or more email addresses');
		await control(emulator.current, '/violations', { method: 'DELETE' });
	});

	test('Import Many: each on its own, a failure names its index', async () => {
		const { body } = await interactions(C('100232'), 'email/import/bulk', {
			interactions: [{ ...EMAIL, htmlBody: undefined, plainTextBody: undefined }, EMAIL],
		});
		expect(body.data.summary).toEqual({ total: 2, succeeded: 1, failed: 1 });
		expect(body.data.results[0]).toEqual({
			success: false,
			index: 0,
			error: 'Invalid request data: plainTextBody or htmlBody is required',
		});
	});
});

describe('Analyze Interaction', () => {
	test('an inbound SMS: its output variables; idempotent; Apply Outcomes tags the customer', async () => {
		const sms = await interactions(C('100232'), 'sms/import', {
			...SMS,
			body: 'I can pay on Friday. Call me back later.',
		});
		const path = `/interactions/${sms.body.data.id}/analyze`;
		const first = await api(emulator.current, 'POST', path);
		expect(first.body.data).toEqual({
			interactionId: sms.body.data.id,
			channel: 'sms',
			outputVariables: {
				'promise-to-pay': true,
				dispute: false,
				'stop-requests': false,
				'human-follow-up-requested': false,
				'callback-requested': true,
			},
		});
		expect((await api(emulator.current, 'POST', path, { body: { applyOutcomes: false } })).body.data).toEqual(
			first.body.data,
		);
		const customer = (await control(emulator.current, '/customers')).customers.find((c) => c.id === C('100232'));
		expect(customer.tags).toEqual(['promise-to-pay', 'callback']);
	});

	test('a stop request, applied, sets cease and desist: the next call is blocked', async () => {
		const sms = await interactions(C('100236'), 'sms/import', { ...SMS, body: 'STOP' });
		const without = await api(emulator.current, 'POST', `/interactions/${sms.body.data.id}/analyze`, {
			body: { applyOutcomes: false },
		});
		expect(without.body.data.outputVariables['stop-requests']).toBe(true);
		expect((await createCall(emulator.current, C('100236'))).body.success).toBe(true);
		await api(emulator.current, 'POST', `/interactions/${sms.body.data.id}/analyze`);
		const blocked = await createCall(emulator.current, C('100236'));
		expect(blocked.body.data.compliance.checksFailed.map((c) => c.id)).toEqual(['cease-and-desist-exclusion']);
	});

	test('an email is analyzed as email; a call as voice, or skipped when nobody talked to the agent', async () => {
		const email = await interactions(C('100232'), 'email/import', EMAIL);
		const analyzed = await api(emulator.current, 'POST', `/interactions/${email.body.data.id}/analyze`);
		expect(analyzed.body.data).toMatchObject({ channel: 'email', outputVariables: { dispute: true } });
		// Place calls until one had a conversation and one did not (the outcomes follow the seed).
		const answers = [];
		for (const externalId of ['100232', '100233', '100234', '100235', '100236', '100237', '100238', '007215']) {
			const { body } = await createCall(emulator.current, C(externalId));
			answers.push(await api(emulator.current, 'POST', `/interactions/${body.data.id}/analyze`));
		}
		const { calls } = await placedCalls(emulator.current);
		answers.forEach((answer, i) => {
			if (calls[i].outcome.outputVariables === null) {
				expect([answer.status, answer.body.publicFacingMessage]).toEqual([400, 'Analysis was skipped.']);
			} else {
				expect(answer.body.data).toEqual({
					interactionId: calls[i].id,
					channel: 'voice',
					outputVariables: calls[i].outcome.outputVariables,
				});
			}
		});
		expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 400]));
	});

	test('an unknown interaction: 404 Interaction not found', async () => {
		const response = await api(emulator.current, 'POST', `/interactions/${UNKNOWN_ID}/analyze`);
		expect([response.status, response.body.publicFacingMessage]).toEqual([404, 'Interaction not found']);
	});
});

describe('List Clients', () => {
	test('every client of the fixtures, not paginated', async () => {
		const { status, body } = await api(emulator.current, 'GET', '/clients');
		expect(status).toBe(200);
		expect(body.data).toEqual(fixtures.clients.map(({ id, name }) => ({ id, name })));
	});
});
