/**
 * The Veritus Trigger in a real n8n server (`n8n start`), through its production webhook URL:
 * a signed event starts exactly one execution; a bad or stale signature gets 401 and starts none;
 * a redelivered event starts none, also when two copies arrive at the same moment and after n8n
 * restarts (the record is in the workflow's static data, in n8n's database); and Veritus gets its
 * 200 while a slow workflow (a 10-minute Wait) has not finished.
 *
 * Counting executions never waits for time to pass: each request's answer comes after n8n has
 * decided (the trigger answers 401 itself; n8n answers 200 only once it has created the execution),
 * and the test then sends a fresh "marker" event and waits for its execution, so any execution a
 * rejected or redelivered request might have started would be in the list by then.
 */
'use strict';

const crypto = require('crypto');
const path = require('path');
const { N8nInstance } = require('../../rig/n8n-instance');
const { N8nServer, freePort } = require('../../rig/n8n-server');
const { callCreated, callEnded, deliver, deliverTwiceAtOnce, signWebhook, uuid } = require('../helpers/webhook-events');

jest.setTimeout(600_000);

const SECRET = 'whsec-server-test-3b9e41';
const OWNER = {
	email: 'owner@veritus-trigger.test',
	firstName: 'Olive',
	lastName: 'Owner',
	password: 'Veritus-trigger-Passw0rd',
};

let n8n;
let server;
let workflow;
let webhookId;
let markers = 0;

/** Starts `n8n start` on the instance's user folder (again after a stop: same database). */
async function startServer() {
	server = new N8nServer({
		bin: n8n.host.bin,
		node: n8n.host.node,
		userFolder: n8n.userFolder,
		port: await freePort(),
		logFile: path.join(n8n.userFolder, 'n8n-server.log'),
		env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
	});
	await server.start();
}

/** The trigger's production URL on the running server. */
function productionUrl() {
	return `${server.baseUrl}/webhook/${webhookId}/webhook`;
}

/** POSTs a signed (or unsigned) request to the production URL. */
async function post(request) {
	return await deliver(productionUrl(), request);
}

/** Two copies of a request written in the same tick on two open connections. */
async function postTwiceAtOnce(request) {
	return await deliverTwiceAtOnce(productionUrl(), request);
}

/** The workflow's executions (newest first), from n8n's REST API. */
async function executions() {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
	const data = await server.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
	// One execution once: n8n 1.x can list a running execution twice (as running, and from its database).
	return [...new Map(data.results.map((execution) => [execution.id, execution])).values()];
}

/** Waits until the workflow has `count` finished executions; fails at the deadline with what it saw. */
async function waitForExecutions(count, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	let last = [];
	while (Date.now() < deadline) {
		last = await executions();
		if (last.length >= count && last.every((execution) => execution.status !== 'running' && execution.status !== 'new'))
			return last;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`expected ${count} finished executions, saw ${JSON.stringify(last.map((e) => [e.id, e.status]))}`);
}

/** The trigger's output item of an execution. */
async function triggerItem(executionId) {
	const execution = await server.rest('GET', `/rest/executions/${executionId}`);
	const flatted = require(require.resolve('flatted', { paths: [n8n.host.dir] }));
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	return data.resultData.runData['Veritus Trigger'][0].data.main[0][0].json;
}

/**
 * Sends a fresh event and waits for its execution: afterwards the list holds every execution the
 * requests before it could have started. Resolves with the executions, newest first.
 */
async function markAndCount(expectedTotal) {
	markers += 1;
	const marker = callCreated(900 + markers);
	const answer = await post(signWebhook({ secret: SECRET, body: marker }));
	expect(answer.status).toBe(200);
	const list = await waitForExecutions(expectedTotal);
	expect(list).toHaveLength(expectedTotal);
	expect((await triggerItem(list[0].id)).callId).toBe(marker.callCreated.id);
	return list;
}

/**
 * Creates and activates Veritus Trigger → `next` (a node object named in `connections`), with the
 * secret credential.
 * @returns {Promise<{ workflow: object, webhookId: string }>}
 */
async function triggerWorkflow(name, next, credential) {
	const id = crypto.randomUUID();
	const created = await server.createWorkflow({
		name,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Veritus Trigger',
				type: 'n8n-nodes-veritus.veritusTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: id,
				parameters: {},
				credentials: { veritusWebhookSecretApi: { id: credential.id, name: credential.name } },
			},
			{ id: crypto.randomUUID(), position: [220, 0], ...next },
		],
		connections: { 'Veritus Trigger': { main: [[{ node: next.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await server.activateWorkflow({ ...created, name });
	return { workflow: created, webhookId: id };
}

let credential;

beforeAll(async () => {
	n8n = new N8nInstance();
	await startServer();
	await server.setupOwner(OWNER);
	credential = await server.rest('POST', '/rest/credentials', {
		name: 'Veritus webhook secret',
		type: 'veritusWebhookSecretApi',
		data: { secret: SECRET },
	});
	({ workflow, webhookId } = await triggerWorkflow(
		'Veritus Trigger (server test)',
		{ name: 'Outcome', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		credential,
	));
});

afterAll(async () => {
	await server?.stop();
	n8n?.cleanup();
});

test('a signed call-ended event starts exactly one execution, with the simplified outcome', async () => {
	const event = callEnded(1);
	const answer = await post(signWebhook({ secret: SECRET, body: event }));
	expect(answer.status).toBe(200);
	const list = await waitForExecutions(1);
	expect(list).toHaveLength(1);
	expect(list[0].status).toBe('success');
	expect(list[0].mode).toBe('webhook');
	const item = await triggerItem(list[0].id);
	expect(item).toMatchObject({
		event: 'call-ended',
		callId: uuid(1),
		endedReason: 'customer-ended-call',
		durationSeconds: 83.42,
		outputVariables: { promiseToPay: true, promiseDate: '2026-12-04' },
		signatureVerified: true,
		redelivered: false,
	});
	expect(item.transcript).toContain('[1:05] Customer: I can pay on Friday.');
});

test('a bad signature and a stale timestamp get 401, start nothing, and are logged by reason', async () => {
	const wrong = await post(signWebhook({ secret: 'whsec-not-ours', body: callEnded(2) }));
	expect(wrong.status).toBe(401);
	expect(wrong.body).toMatchObject({ reason: 'signature-mismatch' });

	const staleRequest = signWebhook({
		secret: SECRET,
		body: callEnded(3),
		timestamp: Math.floor(Date.now() / 1000) - 600,
	});
	const stale = await post(staleRequest);
	expect(stale.status).toBe(401);
	expect(stale.body).toMatchObject({ reason: 'stale-timestamp' });

	const unsigned = await post({
		body: Buffer.from(JSON.stringify(callEnded(4))),
		headers: { 'content-type': 'application/json' },
	});
	expect(unsigned.status).toBe(401);
	expect(unsigned.body).toMatchObject({ reason: 'missing-signature' });

	const list = await markAndCount(2);
	const items = await Promise.all(list.map((execution) => triggerItem(execution.id)));
	expect(items.map((item) => item.callId)).not.toEqual(expect.arrayContaining([uuid(2), uuid(3), uuid(4)]));

	const rejections = server.logs().filter((entry) => /rejected a webhook request \(HTTP 401/.test(entry.message ?? ''));
	expect(rejections.map((entry) => entry.message.match(/no execution\): ([a-z-]+)/)?.[1])).toEqual([
		'signature-mismatch',
		'stale-timestamp',
		'missing-signature',
	]);
	expect(server.output).not.toContain(staleRequest.signature.replace(/^sha256=/, ''));
	expect(server.output).not.toContain(SECRET);
});

test('the same event delivered again starts no second execution', async () => {
	const answer = await post(
		signWebhook({ secret: SECRET, body: callEnded(1), timestamp: Math.floor(Date.now() / 1000) - 2 }),
	);
	expect(answer.status).toBe(200);
	expect(answer.body).toMatchObject({ started: false, reason: 'redelivered event' });
	await markAndCount(3);
});

test('two copies of one event at the same moment start exactly one execution', async () => {
	const answers = await postTwiceAtOnce(signWebhook({ secret: SECRET, body: callEnded(5) }));
	expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
	expect(answers.filter((answer) => /redelivered event/.test(answer.body))).toHaveLength(1);
	const list = await markAndCount(5);
	const items = await Promise.all(list.map((execution) => triggerItem(execution.id)));
	expect(items.filter((item) => item.callId === uuid(5))).toHaveLength(1);
});

test('Veritus gets its answer before a slow workflow has finished', async () => {
	const slow = await triggerWorkflow(
		'Veritus Trigger → Wait 10 minutes (server test)',
		{ name: 'Slow', type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { amount: 10, unit: 'minutes' } },
		credential,
	);
	const answer = await deliver(
		`${server.baseUrl}/webhook/${slow.webhookId}/webhook`,
		signWebhook({ secret: SECRET, body: callEnded(20) }),
	);
	expect(answer.status).toBe(200);
	const filter = encodeURIComponent(JSON.stringify({ workflowId: slow.workflow.id }));
	const listed = (await server.rest('GET', `/rest/executions?filter=${filter}`)).results;
	// n8n 1.x can list one execution twice while it moves to waiting (as running, and as waiting).
	const list = [...new Map(listed.map((execution) => [execution.id, execution])).values()];
	// The execution exists (n8n answers once it is created) and has not finished: it waits 10 minutes.
	expect(list).toHaveLength(1);
	expect(['new', 'running', 'waiting']).toContain(list[0].status);
});

test("after n8n restarts, a redelivery is still recognised (the record is in n8n's database)", async () => {
	await server.stop();
	await startServer();
	await server.login(OWNER);
	const answer = await post(signWebhook({ secret: SECRET, body: callEnded(1) }));
	expect(answer.status).toBe(200);
	expect(answer.body).toMatchObject({ started: false, reason: 'redelivered event' });
	await markAndCount(6);
});
