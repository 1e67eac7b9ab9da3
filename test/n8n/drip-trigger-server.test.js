'use strict';

/**
 * Enrolling with the Veritus Trigger's production URL as the webhook, end to end in a real n8n
 * server (`n8n start`) and the emulator, which calls back like Veritus:
 *
 *     POST /webhook/enrol-drip ──▶ [Webhook → Veritus: Drip Campaign → Enroll]
 *                                          │ webhook: { url: the trigger's production URL, secretId }
 *                                          ▼
 *                                      emulator ── drip-campaign.sms, .call-created, .call-ended ──▶
 *                                                   (signed, each delivered twice)
 *     [Veritus Trigger → NoOp] ◀───────────────────────────────────────────────────────────────────
 *
 * The drip campaign's three events reach the trigger signed, each starts exactly one execution (the
 * emulator delivers every event a second time, and the trigger recognises the copy), and each
 * execution carries the enrolment's drip campaign ID. Nothing waits for time to pass: the test waits
 * for the emulator's record of the deliveries, each answered by n8n only once its execution existed.
 */
const crypto = require('crypto');
const path = require('path');
const { N8nInstance } = require('../../rig/n8n-instance');
const { N8nServer, freePort } = require('../../rig/n8n-server');
const { startEmulator, DEMO_CLOCK, fixtureUuid } = require('../../emulator');

jest.setTimeout(600_000);

const TOKEN = 'tok_drip_trigger_2b7d';
/** The fixtures' first webhook secret: its ID goes into the enrolment, its value into the trigger's credential. */
const SECRET_ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const SECRET_VALUE = 'veritus-emulator-webhook-secret-1';
const CAMPAIGN = 'early-stage-collections';
const CUSTOMER = fixtureUuid('customer', '100231');
const DRIP_EVENTS = ['drip-campaign.sms', 'drip-campaign.call-created', 'drip-campaign.call-ended'];
const OWNER = {
	email: 'owner@veritus-drip.test',
	firstName: 'Olive',
	lastName: 'Owner',
	password: 'Veritus-drip-Passw0rd',
};

let emulator;
let n8n;
let server;
let triggerWorkflow;
let enrolWorkflow;
let triggerUrl;

/** Creates a workflow over the REST API and activates it; resolves with the created workflow. */
async function activeWorkflow(name, nodes, connections) {
	const created = await server.createWorkflow({
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	});
	await server.activateWorkflow({ ...created, name });
	return created;
}

/** The finished executions of a workflow (newest first); waits until `count` have finished. */
async function finishedExecutions(workflowId, count, timeoutMs = 120_000) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const deadline = Date.now() + timeoutMs;
	let last = [];
	while (Date.now() < deadline) {
		last = (await server.rest('GET', `/rest/executions?filter=${filter}&limit=100`)).results;
		if (last.length >= count && last.every((execution) => !['new', 'running'].includes(execution.status))) return last;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`expected ${count} finished executions, saw ${JSON.stringify(last.map((e) => [e.id, e.status]))}`);
}

/** The run data of one execution. */
async function runData(executionId) {
	const execution = await server.rest('GET', `/rest/executions/${executionId}`);
	const flatted = require(require.resolve('flatted', { paths: [n8n.host.dir] }));
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	return data.resultData.runData;
}

/** Waits for the emulator's deliveries matching `query` (at least `count` settled). */
async function deliveries(query, count) {
	const params = new URLSearchParams({ ...query, count: String(count), waitMs: '60000' });
	const answer = await (await fetch(`${emulator.controlUrl}/deliveries?${params}`)).json();
	if (answer.timedOut) throw new Error(`the emulator saw ${answer.deliveries.length} of ${count} deliveries`);
	return answer.deliveries;
}

beforeAll(async () => {
	n8n = new N8nInstance();
	server = new N8nServer({
		bin: n8n.host.bin,
		node: n8n.host.node,
		userFolder: n8n.userFolder,
		port: await freePort(),
		logFile: path.join(n8n.userFolder, 'n8n-server.log'),
	});
	await server.start();
	await server.setupOwner(OWNER);
	emulator = await startEmulator({
		token: TOKEN,
		clock: DEMO_CLOCK,
		webhooks: { deliver: true, duplicate: true, callDurationMs: 200 },
	});

	const secretCredential = await server.rest('POST', '/rest/credentials', {
		name: 'Veritus webhook secret',
		type: 'veritusWebhookSecretApi',
		data: { secret: SECRET_VALUE },
	});
	const apiCredential = await server.rest('POST', '/rest/credentials', {
		name: 'Veritus API (emulator)',
		type: 'veritusApi',
		data: { apiToken: TOKEN, baseUrl: emulator.baseUrl },
	});

	const triggerWebhookId = crypto.randomUUID();
	triggerWorkflow = await activeWorkflow(
		'Veritus Trigger (drip campaign events)',
		[
			{
				id: crypto.randomUUID(),
				name: 'Veritus Trigger',
				type: 'n8n-nodes-veritus.veritusTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: triggerWebhookId,
				parameters: {},
				credentials: { veritusWebhookSecretApi: { id: secretCredential.id, name: secretCredential.name } },
			},
			{
				id: crypto.randomUUID(),
				name: 'Event',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		{ 'Veritus Trigger': { main: [[{ node: 'Event', type: 'main', index: 0 }]] } },
	);
	triggerUrl = `${server.baseUrl}/webhook/${triggerWebhookId}/webhook`;

	enrolWorkflow = await activeWorkflow(
		'Enroll in a drip campaign, updates to the Veritus Trigger',
		[
			{
				id: crypto.randomUUID(),
				name: 'New debtor',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: { httpMethod: 'POST', path: 'enrol-drip', options: {} },
			},
			{
				id: crypto.randomUUID(),
				name: 'Enroll',
				type: 'n8n-nodes-veritus.veritus',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'dripCampaign',
					operation: 'enroll',
					customerId: '={{ $json.body.customerId }}',
					campaignName: '={{ $json.body.campaign }}',
					webhook: { url: triggerUrl, secretId: SECRET_ID },
					options: { ledgerSettleTime: 50 },
				},
				credentials: { veritusApi: { id: apiCredential.id, name: apiCredential.name } },
			},
		],
		{ 'New debtor': { main: [[{ node: 'Enroll', type: 'main', index: 0 }]] } },
	);
});

afterAll(async () => {
	await server?.stop();
	await emulator?.close();
	n8n?.cleanup();
});

test("an enrolment with the trigger's production URL starts one trigger execution per drip campaign event", async () => {
	const started = await fetch(`${server.baseUrl}/webhook/enrol-drip`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ customerId: CUSTOMER, campaign: CAMPAIGN }),
	});
	expect(started.status).toBe(200);

	// The enrolment workflow ran once: the customer enrolled, starting now.
	const [enrolExecution] = await finishedExecutions(enrolWorkflow.id, 1);
	expect(enrolExecution.status).toBe('success');
	const enrolRun = await runData(enrolExecution.id);
	const [enrolled] = enrolRun.Enroll[0].data.main[0].map((item) => item.json);
	expect(enrolled).toMatchObject({ customerId: CUSTOMER, enrolled: true, dripCampaignStatus: 'in-progress' });
	const dripCampaignId = enrolled.dripCampaignId;
	const { enrollments } = await (await fetch(`${emulator.controlUrl}/drip-campaigns`)).json();
	expect(enrollments.map((entry) => [entry.id, entry.webhook])).toEqual([
		[dripCampaignId, { url: triggerUrl, secretId: SECRET_ID }],
	]);

	// Three events, each delivered twice, every delivery signed and answered 200 by n8n.
	const sent = await deliveries({ dripCampaignId, status: 'delivered' }, 6);
	expect(sent.map((delivery) => delivery.type).sort()).toEqual([...DRIP_EVENTS, ...DRIP_EVENTS].sort());
	for (const delivery of sent) {
		expect(delivery).toMatchObject({ url: triggerUrl, signed: true, httpStatus: 200 });
	}

	// n8n answers 200 only once an execution exists (or the copy was recognised): exactly three.
	const executions = await finishedExecutions(triggerWorkflow.id, 3);
	expect(executions).toHaveLength(3);
	const items = [];
	for (const execution of executions) {
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		const run = await runData(execution.id);
		items.push(run['Veritus Trigger'][0].data.main[0][0].json);
	}
	expect(items.map((item) => item.event).sort()).toEqual([...DRIP_EVENTS].sort());
	for (const item of items) {
		expect(item).toMatchObject({
			customerId: CUSTOMER,
			dripCampaignId,
			dripCampaignName: CAMPAIGN,
			signatureVerified: true,
			redelivered: false,
		});
	}
	const byEvent = Object.fromEntries(items.map((item) => [item.event, item]));
	const [call] = (await (await fetch(`${emulator.controlUrl}/calls`)).json()).calls;
	expect(byEvent['drip-campaign.call-created'].callId).toBe(call.id);
	expect(byEvent['drip-campaign.call-ended'].callId).toBe(call.id);
	expect(byEvent['drip-campaign.call-ended'].endedReason).toEqual(expect.any(String));
	expect(byEvent['drip-campaign.sms'].smsMessage).toContain('Reply STOP to opt out.');

	// The copies were answered "redelivered", without an execution; the secret never reached the log.
	expect(sent.filter((delivery) => delivery.copy === 2)).toHaveLength(3);
	expect(server.output).not.toContain(SECRET_VALUE);
	const { violations } = await (await fetch(`${emulator.controlUrl}/violations`)).json();
	expect(violations).toEqual([]);
});
