/**
 * The Veritus Trigger in n8n's queue mode, for real: Postgres, Redis, one n8n main (which receives
 * every webhook) and two workers (which run the executions, the trigger's recording download
 * included). Run with `npm run test:queue` (not part of `npm test`).
 *
 * 20 signed call-ended events, each delivered twice at the same moment and then once more, plus a
 * bad and a stale signature: exactly one execution per event, spread over the workers, each with
 * its recording downloaded by the worker that ran it; the 401s start none.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const { startQueueCluster } = require('../../rig/queue-cluster');
const { loadExecutions, statusCounts, workerShare } = require('../../rig/queue-stack');
const { report } = require('./support');
const { callCreated, callEnded, deliver, deliverTwiceAtOnce, signWebhook, uuid } = require('../helpers/webhook-events');

jest.setTimeout(600_000);

const SECRET = 'whsec-queue-mode-8d21c4';
const EVENTS = 20;
const AUDIO = Buffer.from('ID3\u0004queue-mode-recording', 'latin1');
const range = (count) => Array.from({ length: count }, (_, index) => index);

let cluster;
let recordings;
let recordingBase;
let workflow;
let webhookId;
const recordingRequests = [];

/** A call-ended event for call `n` whose recording this test serves. */
function endedEvent(n) {
	const event = callEnded(n);
	return { ...event, callEnded: { ...event.callEnded, recordingUrl: `${recordingBase}/recording/${n}.mp3?sig=q` } };
}

const productionUrl = () => `${cluster.main.baseUrl}/webhook/${webhookId}/webhook`;
const signed = (body, options = {}) => signWebhook({ secret: SECRET, body, ...options });

beforeAll(async () => {
	recordings = http.createServer((request, response) => {
		recordingRequests.push(request.url);
		response.writeHead(200, { 'content-type': 'audio/mpeg' });
		response.end(AUDIO);
	});
	await new Promise((resolve) => recordings.listen(0, '127.0.0.1', resolve));
	recordingBase = `http://127.0.0.1:${recordings.address().port}`;

	cluster = await startQueueCluster({ workers: 2, workerConcurrency: 5, log: (line) => console.log(line) });
	const credential = await cluster.createCredential({
		name: 'Veritus webhook secret',
		type: 'veritusWebhookSecretApi',
		data: { secret: SECRET },
	});
	webhookId = crypto.randomUUID();
	const created = await cluster.main.createWorkflow({
		name: 'queue t) Veritus Trigger',
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Veritus Trigger',
				type: 'n8n-nodes-veritus.veritusTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { options: { downloadRecording: true } },
				credentials: { veritusWebhookSecretApi: credential },
			},
			{
				id: crypto.randomUUID(),
				name: 'Outcome',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { 'Veritus Trigger': { main: [[{ node: 'Outcome', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await cluster.main.activateWorkflow(created);
	workflow = created;
}, 600_000);

afterAll(async () => {
	if (cluster) await cluster.stop();
	if (recordings) await new Promise((resolve) => recordings.close(resolve));
	if (cluster) expect(fs.existsSync(cluster.root)).toBe(false);
});

test('t) 20 events, each delivered twice at once and then again, plus bad signatures: one execution per event, on both workers', async () => {
	// Each event twice at the same moment (all 20 pairs at once), then each once more.
	const pairs = await Promise.all(range(EVENTS).map((n) => deliverTwiceAtOnce(productionUrl(), signed(endedEvent(n)))));
	const again = await Promise.all(
		range(EVENTS).map((n) =>
			deliver(productionUrl(), signed(endedEvent(n), { timestamp: Math.floor(Date.now() / 1000) - 3 })),
		),
	);
	const wrong = await deliver(productionUrl(), signWebhook({ secret: 'whsec-not-ours', body: endedEvent(100) }));
	const stale = await deliver(
		productionUrl(),
		signed(endedEvent(101), { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
	);
	// A fresh event last: once its execution exists, every execution the requests above started does.
	const marker = callCreated(500);
	expect((await deliver(productionUrl(), signed(marker))).status).toBe(200);

	const finished = await cluster.waitForExecutions(workflow.id, EVENTS + 1, { timeoutMs: 300_000 });
	const executions = await loadExecutions(cluster, finished);
	const items = executions.map((execution) => execution.data.resultData.runData['Veritus Trigger'][0].data.main[0][0]);
	const share = workerShare(
		cluster,
		finished.map((execution) => execution.id),
	);
	const droppedAtOnce = pairs.filter((answers) => answers.filter((a) => /redelivered event/.test(a.body)).length === 1);
	report(
		`queue t) trigger: ${EVENTS} events × 3 deliveries (2 at once + 1 later) → ${finished.length - 1} executions ` +
			`(${JSON.stringify(statusCounts(finished))} incl. the marker), ${droppedAtOnce.length} of ${EVENTS} simultaneous pairs ` +
			`with one dropped, ${again.filter((a) => a.body?.reason === 'redelivered event').length} later copies dropped, ` +
			`${recordingRequests.length} recordings downloaded, ${share.text}`,
	);

	expect(pairs.flat().map((answer) => answer.status)).toEqual(Array(EVENTS * 2).fill(200));
	expect(droppedAtOnce).toHaveLength(EVENTS);
	expect(again.map((answer) => [answer.status, answer.body?.reason])).toEqual(
		Array(EVENTS).fill([200, 'redelivered event']),
	);
	expect([wrong.status, wrong.body?.reason]).toEqual([401, 'signature-mismatch']);
	expect([stale.status, stale.body?.reason]).toEqual([401, 'stale-timestamp']);

	// Exactly one execution per event, and nothing for the rejected ones.
	expect(await cluster.listExecutions(workflow.id)).toHaveLength(EVENTS + 1);
	expect(statusCounts(finished)).toEqual({ success: EVENTS + 1 });
	const callIds = items.map((item) => item.json.callId).sort();
	expect(callIds).toEqual([...range(EVENTS).map((n) => uuid(n)), marker.callCreated.id].sort());

	// The recordings were downloaded in the executions (by the workers), once per event.
	for (const item of items.filter((entry) => entry.json.event === 'call-ended')) {
		expect(item.json.recordingError).toBeUndefined();
		expect(item.binary.recording).toMatchObject({
			mimeType: 'audio/mpeg',
			fileName: `recording-${item.json.callId}.mp3`,
		});
	}
	expect(recordingRequests).toHaveLength(EVENTS);

	// Every execution ran on exactly one worker, and both workers ran some.
	expect(share.unknown).toBe(0);
	expect(share.counts.reduce((sum, { count }) => sum + count, 0)).toBe(EVENTS + 1);
	for (const { count } of share.counts) expect(count).toBeGreaterThan(0);
});
