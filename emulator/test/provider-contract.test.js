'use strict';

/**
 * Every operation of the provider's document, driven through the emulator: each answer is
 * checked against the facts-only extract (and the emulator's own check agrees: no violation is
 * recorded), and each webhook event it sends too. Requests that are bad on purpose are the only
 * request violations.
 */

const {
	useEmulator,
	api,
	control,
	webhookReceiver,
	expectProviderContract,
	provider,
	C,
	AGENT,
	SECRET_ID,
	UNKNOWN_ID,
} = require('./helpers');

const emulator = useEmulator({ seed: 11, webhooks: { deliver: true, callDurationMs: 20, retryBaseMs: 10 } });

const NEW_CUSTOMER = {
	externalId: 'ACC-9001',
	firstName: 'Rosa',
	middleName: 'Maria',
	lastName: 'Delgado',
	email: 'rosa.delgado@example.com',
	primaryPhone: '+12025550190',
	secondaryPhone: '+12025550191',
	ssnLastFour: '4321',
	dateOfBirth: '1980-02-29',
	address: { line1: '1 Main St', city: 'Washington', state: 'DC', zip: '20001-1234' },
	collections: { totalBalance: 1250.5, principalBalance: 1000, chargeOffDate: '2025-01-15', extensions: null },
};
const SMS = {
	direction: 'inbound',
	timestamp: '2026-11-30T17:30:00Z',
	from: '+12125550187',
	to: '+14155559876',
	body: 'Hi',
};
const EMAIL = {
	direction: 'outbound',
	timestamp: '2026-11-30T17:30:00.000Z',
	from: 'accounts@example.com',
	to: ['james.whitaker@example.com'],
	cc: [],
	subject: 'Your account',
	plainTextBody: 'Hello',
	messageId: 'abc123@mail.example.com',
};

/**
 * Calls an operation and checks the answer against the provider extract.
 * @returns {Promise<import('./helpers').ApiResponse>}
 */
async function call(method, template, params, init) {
	const path = template.replace(/\{(\w+)\}/g, (_, name) => params[name]);
	const response = await api(emulator.current, method, path, init);
	if (provider.operation(method, template).facts.responsesDocumented) {
		expectProviderContract(method, template, response.status, response.body);
	}
	return response;
}

/** The request log's provider verdicts, in order. */
async function verdicts() {
	return (await control(emulator.current, '/requests')).requests.map((r) => [
		r.operation,
		r.status,
		r.contract.response,
	]);
}

test('every operation, successes and the errors the document lists, validates against the extract', async () => {
	const receiver = await webhookReceiver();
	const hook = { url: receiver.url, secretId: SECRET_ID };
	try {
		const customer = await call('POST', '/customers', {}, { body: NEW_CUSTOMER });
		expect(customer.status).toBe(200);
		const id = customer.body.data.id;
		expect((await call('POST', '/customers', {}, { body: NEW_CUSTOMER })).status).toBe(409);
		expect((await call('POST', '/customers', {}, { body: {}, token: 'wrong' })).status).toBe(401);

		const bulk = await call(
			'POST',
			'/customers/bulk',
			{},
			{
				body: { customers: [{ ...NEW_CUSTOMER, externalId: 'ACC-9002' }, NEW_CUSTOMER] },
			},
		);
		expect(bulk.body.data.summary).toEqual({ total: 2, succeeded: 1, failed: 1 });

		const updated = await call(
			'PATCH',
			'/customers/{customerId}',
			{ customerId: id },
			{
				body: { secondaryPhone: null, address: { line2: null, zip: '20002' } },
			},
		);
		expect(updated.body.data.secondaryPhone).toBeNull();
		expect(
			(await call('PATCH', '/customers/{customerId}', { customerId: UNKNOWN_ID }, { body: { firstName: 'X' } })).status,
		).toBe(404);

		const placed = await call(
			'POST',
			'/customers/{customerId}/calls',
			{ customerId: C('100232') },
			{
				body: { agentId: AGENT, webhook: hook },
			},
		);
		expect(placed.body.success).toBe(true);
		expect(
			(await call('POST', '/customers/{customerId}/calls', { customerId: UNKNOWN_ID }, { body: { agentId: AGENT } }))
				.status,
		).toBe(404);
		await control(emulator.current, '/config', { method: 'PUT', body: { complianceFailureShape: 'spec' } });
		expect(
			(await call('POST', '/customers/{customerId}/calls', { customerId: C('100239') }, { body: { agentId: AGENT } }))
				.status,
		).toBe(422);

		const calls = await call(
			'POST',
			'/calls/bulk',
			{},
			{
				body: { agentId: AGENT, customerIds: [C('100236'), C('100241'), UNKNOWN_ID], webhook: hook },
			},
		);
		expect(calls.body.data.summary).toEqual({ total: 3, successful: 1, failed: 2 });
		expect((await call('POST', '/calls/bulk', {}, { body: { agentId: AGENT, customerIds: [id, id] } })).status).toBe(
			400,
		);

		const url = await call('POST', '/calls/get-signed-url', {}, { body: { callId: placed.body.data.id } });
		expect(url.body.data.callId).toBe(placed.body.data.id);
		expect((await call('POST', '/calls/get-signed-url', {}, { body: { callId: UNKNOWN_ID } })).status).toBe(404);

		const enrolled = await call(
			'POST',
			'/customers/{customerId}/drip-campaigns',
			{ customerId: C('100237') },
			{
				body: { campaignName: 'early-stage-collections', webhook: hook },
			},
		);
		expect(enrolled.body.data.status).toBe('in-progress');
		const canceled = await call(
			'DELETE',
			'/customers/{customerId}/drip-campaigns/{dripCampaignId}',
			{
				customerId: C('100237'),
				dripCampaignId: enrolled.body.data.id,
			},
			{ body: { reason: 'customer-engaged' } },
		);
		expect(canceled.body.data.status).toBe('canceled');
		expect(
			(
				await call('DELETE', '/customers/{customerId}/drip-campaigns/{dripCampaignId}', {
					customerId: C('100237'),
					dripCampaignId: UNKNOWN_ID,
				})
			).status,
		).toBe(404);

		const interactions = '/customers/{customerId}/interactions';
		const sms = await call('POST', `${interactions}/sms/import`, { customerId: C('100232') }, { body: SMS });
		expect((await call('POST', `${interactions}/sms/import`, { customerId: UNKNOWN_ID }, { body: SMS })).status).toBe(
			404,
		);
		const smsBulk = await call(
			'POST',
			`${interactions}/sms/import/bulk`,
			{ customerId: C('100232') },
			{
				body: {
					interactions: [
						{ ...SMS, threadId: sms.body.data.threadId },
						{ ...SMS, segments: 2 },
					],
				},
			},
		);
		expect(smsBulk.body.data.summary).toEqual({ total: 2, succeeded: 2, failed: 0 });
		expect(
			(
				await call(
					'POST',
					`${interactions}/sms/generate`,
					{ customerId: C('100232') },
					{ body: { from: '+14155559876', to: '+12125550187' } },
				)
			).status,
		).toBe(200);
		expect(
			(
				await call(
					'POST',
					`${interactions}/sms/generate`,
					{ customerId: C('100232') },
					{ body: { from: '+14155559876' } },
				)
			).status,
		).toBe(422);
		expect(
			(await call('POST', `${interactions}/email/generate`, { customerId: C('100232') }, { body: { persist: false } }))
				.status,
		).toBe(200);
		const email = await call('POST', `${interactions}/email/import`, { customerId: C('100232') }, { body: EMAIL });
		expect(email.body.data.messageId).toBe(EMAIL.messageId);
		const emailBulk = await call(
			'POST',
			`${interactions}/email/import/bulk`,
			{ customerId: C('100232') },
			{
				body: { interactions: [EMAIL, { ...EMAIL, plainTextBody: '' }] },
			},
		);
		expect(emailBulk.body.data.summary).toEqual({ total: 2, succeeded: 1, failed: 1 });

		expect(
			(await call('POST', '/interactions/{interactionId}/analyze', { interactionId: sms.body.data.id })).status,
		).toBe(200);
		expect(
			(await call('POST', '/interactions/{interactionId}/analyze', { interactionId: UNKNOWN_ID }, { body: {} })).status,
		).toBe(404);
		const clients = await call('GET', '/clients', {});
		expect(clients.body.data).toHaveLength(3);

		// Every answer was checked by the emulator too; only Enroll's is exempt (the document has none).
		const answered = await verdicts();
		expect(answered.filter(([, , verdict]) => verdict !== 'valid')).toEqual([
			['enrollDripCampaign', 200, 'exempt: the document lists no response for this operation'],
		]);
		expect(new Set(answered.map(([operation]) => operation)).size).toBe(16);

		// The webhook events: created and ended of each placed call, and the drip campaign's three.
		const deliveries = await control(emulator.current, '/deliveries?waitMs=20000&count=7');
		expect(deliveries.timedOut).toBe(false);
		expect(deliveries.deliveries.map((d) => d.type).sort()).toEqual([
			'call-created',
			'call-created',
			'call-ended',
			'call-ended',
			'drip-campaign.call-created',
			'drip-campaign.call-ended',
			'drip-campaign.sms',
		]);
		expect(deliveries.deliveries.every((d) => d.status === 'delivered')).toBe(true);
		for (const { body } of receiver.received) {
			const event = JSON.parse(body);
			expect({ type: event.type, ...provider.checkWebhook(event) }).toEqual({
				type: event.type,
				valid: true,
				errors: [],
			});
		}

		// The one request that breaks the document is the one sent with an empty body (and a wrong
		// token): every other request, those answered with an error included, keeps its schemas.
		const { violations } = await control(emulator.current, '/violations');
		expect(violations.map((v) => [v.direction, v.operation, v.errors.length])).toEqual([
			['request', 'POST /customers', 6],
		]);
		await control(emulator.current, '/violations', { method: 'DELETE' });
	} finally {
		await receiver.close();
	}
});

test('requests that break the document are the only request violations', async () => {
	await api(emulator.current, 'POST', '/customers', { body: { ...NEW_CUSTOMER, ssnLastFour: '123' } });
	await api(emulator.current, 'POST', '/calls/bulk', { body: { agentId: 'agent-1', customerIds: [] } });
	await api(emulator.current, 'POST', `/customers/${C('100232')}/interactions/email/import`, {
		body: { ...EMAIL, to: [] },
	});
	const { violations } = await control(emulator.current, '/violations');
	expect(violations.map((v) => [v.direction, v.operation, v.errors])).toEqual([
		['request', 'POST /customers', ['body/ssnLastFour must NOT have fewer than 4 characters']],
		[
			'request',
			'POST /calls/bulk',
			['body/agentId must match format "uuid"', 'body/customerIds must NOT have fewer than 1 items'],
		],
		['request', 'POST /customers/{customerId}/interactions/email/import', ['body/to must NOT have fewer than 1 items']],
	]);
	await control(emulator.current, '/violations', { method: 'DELETE' });
});
