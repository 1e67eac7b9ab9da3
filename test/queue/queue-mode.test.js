/**
 * The Veritus node in n8n's queue mode, for real: Postgres, Redis, one n8n main and two workers
 * (rig/queue-cluster.js), executions started through a production webhook, against the emulator.
 * Run with `npm run test:queue` (not part of `npm test`). Each test prints one `queue x) …` line
 * of figures.
 *
 * The cluster is started once for the file; the emulator is reset before each test. Test e) kills
 * a worker, so it runs last, and starts the worker again at its end.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const {
	node,
	customerId,
	batchBody,
	startQueueStack,
	rowsNode,
	veritusNode,
	connect,
	triggerBody,
	veritusOutcomes,
	accountRows,
	duplicateCalls,
	postAll,
	loadExecutions,
	workerShare,
	statusCounts,
	report,
	waitUntil,
} = require('./support');

jest.setTimeout(600_000);

/** Customers per ID prefix: batches (one webhook body, one execution each) × rows. */
const PLAN = {
	q: { batches: 100, rows: 100 }, // a) volume
	b: { batches: 10, rows: 20 }, // b) each body twice
	m: { batches: 6, rows: 120 }, // m) Create Many: each body twice (requests of 100 and 20)
	c: { batches: 1, rows: 20 }, // c) retry of a failed execution
	r: { batches: 1, rows: 10 }, // retry of a failed execution (helper of c)
	d: { batches: 10, rows: 50 }, // d) Retry On Fail
	f: { batches: 8, rows: 50 }, // f) shared rate limit
	e: { batches: 4, rows: 100 }, // e) SIGKILL
	s: { batches: 1, rows: 20 }, // e) the surviving worker's new execution
};

// Bull's lock on a job is renewed every 5 s and lapses 15 s after the last renewal; workers check
// for stalled jobs every 5 s (n8n's defaults: 10 s, 60 s and 30 s). So a killed worker's job is
// given up within about 20 s instead of 90 s, which keeps e) short. Nothing else depends on it.
const CLUSTER_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '15000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

const range = (count) => Array.from({ length: count }, (_, index) => index);
const seconds = (ms) => (ms / 1000).toFixed(1);

let stack;
let cluster;
let credential;

beforeAll(async () => {
	stack = await startQueueStack({ plan: PLAN, cluster: { workers: 2, workerConcurrency: 10, env: CLUSTER_ENV } });
	({ cluster, credential } = stack);
	report(
		`queue cluster: n8n ${cluster.n8n.version}, 1 main + ${cluster.workers.length} workers (concurrency 10), Postgres, Redis; started in ${seconds(cluster.startedInMs)} s`,
	);
}, 600_000);

afterAll(async () => {
	if (!stack) return;
	await stack.stop();
	// Torn down: no process of the cluster left, its temporary folders gone.
	expect(cluster.livePids()).toEqual([]);
	expect(fs.existsSync(cluster.root)).toBe(false);
	expect(fs.existsSync(cluster.postgres.dir)).toBe(false);
	expect(fs.existsSync(cluster.redis.dir)).toBe(false);
});

beforeEach(async () => {
	await stack.reset();
	await stack.configure();
});

/** Creates and activates Webhook → Rows (Split Out) → [extra nodes] → Veritus. */
async function veritusWorkflow(name, { veritus = {}, settings = {}, before = [] } = {}) {
	const nodes = [rowsNode(), ...before, veritusNode(credential, veritus, settings)];
	const chain = nodes.map((node) => node.name);
	const map = {};
	chain.slice(0, -1).forEach((from, index) => (map[from] = [[chain[index + 1]]]));
	return await cluster.createWebhookWorkflow({ name, nodes, connections: connect(map) });
}

test('a) volume: 10,000 rows as 100 webhook executions of 100 rows, on two workers: none lost, no duplicate call', async () => {
	const workflow = await veritusWorkflow('queue a) volume', { veritus: { options: { maxConcurrent: 5 } } });
	const bodies = range(PLAN.q.batches).map((batch) => batchBody('q', batch, PLAN.q.rows));
	const started = Date.now();
	await postAll(cluster, workflow.webhookPath, bodies);
	const finished = await cluster.waitForExecutions(workflow.id, bodies.length, { timeoutMs: 480_000 });
	const elapsed = Date.now() - started;
	const executions = await loadExecutions(cluster, finished);
	const rows = accountRows(executions);
	const ledger = await stack.calls();
	const calls = duplicateCalls(ledger);
	const share = workerShare(
		cluster,
		finished.map((execution) => execution.id),
	);
	report(
		`queue a) volume: ${rows.rows} rows, ${finished.length} executions (${JSON.stringify(statusCounts(finished))}), ${rows.lost.length} lost, ` +
			`${calls.duplicates} duplicate calls (${calls.placed} placed), ${share.text}, ${seconds(elapsed)} s`,
	);

	expect(statusCounts(finished)).toEqual({ success: 100 });
	expect((await cluster.listExecutions(workflow.id)).length).toBe(100);
	// Each webhook body became exactly one execution.
	expect(executions.map((execution) => triggerBody(execution).batch).sort((a, b) => a - b)).toEqual(range(100));
	// Every row came out of the Veritus node once, as its own customer, on Passed.
	expect(rows.rows).toBe(10_000);
	expect(rows.lost).toEqual([]);
	expect(rows.mismatched).toEqual([]);
	expect(rows.doubled).toBe(0);
	expect(rows.passed).toBe(10_000);
	// One call per customer, and every customer of the volume test called.
	expect(calls.placed).toBe(10_000);
	expect(calls.duplicates).toBe(0);
	const volumeIds = new Set(
		range(PLAN.q.batches).flatMap((batch) => range(PLAN.q.rows).map((row) => customerId('q', batch, row))),
	);
	const volumeCounts = Object.entries(ledger.countsByCustomer).filter(([id]) => volumeIds.has(id));
	expect(volumeCounts).toHaveLength(10_000);
	expect(volumeCounts.every(([, count]) => count === 1)).toBe(true);
	// Both workers ran executions, and every execution is attributed to exactly one worker.
	expect(share.unknown).toBe(0);
	for (const { count } of share.counts) expect(count).toBeGreaterThan(0);
	expect(share.counts.reduce((sum, { count }) => sum + count, 0)).toBe(100);
});

test('b) duplicate events: 10 bodies, each delivered twice at the same moment → exactly one call per customer', async () => {
	const workflow = await veritusWorkflow('queue b) duplicate event');
	const bodies = range(PLAN.b.batches).map((batch) => batchBody('b', batch, PLAN.b.rows));
	const logLinesBefore = cluster.workers.map((worker) => worker.logs().length);
	const answers = (
		await Promise.all(bodies.map(async (body) => await cluster.postWebhookTwice(workflow.webhookPath, body)))
	).flat();
	expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
	const finished = await cluster.waitForExecutions(workflow.id, 2 * bodies.length, { timeoutMs: 180_000 });
	const executions = await loadExecutions(cluster, finished);
	const rows = accountRows(executions);
	const calls = duplicateCalls(await stack.calls());
	const share = workerShare(
		cluster,
		finished.map((execution) => execution.id),
	);
	const skipped = executions
		.flatMap((execution) => veritusOutcomes(execution).failed)
		.filter((item) => (item.json.failedCheckIds ?? []).includes('local:already-placed'));
	// How often one worker's write replaced the other's claim, and the claim was made again.
	const reclaims = cluster.workers
		.flatMap((worker, index) => worker.logs().slice(logLinesBefore[index]))
		.filter((entry) =>
			String(entry.message ?? '').includes("Veritus placement ledger: another execution's write replaced"),
		).length;
	const pairsOnTwoWorkers = bodies.filter((body) => {
		const ids = executions
			.filter((execution) => triggerBody(execution)?.batch === body.batch)
			.map((execution) => String(execution.id));
		return new Set(ids.map((id) => cluster.workerOf(id)?.name)).size === 2;
	}).length;
	report(
		`queue b) duplicate events: ${bodies.length} bodies each delivered twice at once → ${finished.length} executions (${JSON.stringify(statusCounts(finished))}), ${share.text}, ` +
			`${pairsOnTwoWorkers} pairs split across both workers; ${calls.placed} calls for ${bodies.length * PLAN.b.rows} customers, ${calls.duplicates} duplicate calls, ` +
			`${skipped.length} rows reported as already placed, ${rows.lost.length} lost; claims replaced by the other worker and made again: ${reclaims}`,
	);
	expect(finished).toHaveLength(2 * bodies.length);
	expect(rows.lost).toEqual([]);
	expect(rows.rows).toBe(2 * bodies.length * PLAN.b.rows);
	expect(calls.placed).toBe(bodies.length * PLAN.b.rows);
	expect(calls.duplicates).toBe(0);
	expect(calls.maxPerCustomer).toBe(1);
	// Every row of the execution that lost each race says why it was not sent.
	expect(rows.passed + skipped.length).toBe(2 * bodies.length * PLAN.b.rows);
	expect(statusCounts(finished)).toEqual({ success: 2 * bodies.length });
});

test('m) Create Many, duplicate events: 6 bodies of 120 rows, each delivered twice at the same moment → exactly one call per customer', async () => {
	const workflow = await veritusWorkflow('queue m) Create Many duplicate event', {
		veritus: { operation: 'createMany', options: { maxConcurrent: 2 } },
	});
	const bodies = range(PLAN.m.batches).map((batch) => batchBody('m', batch, PLAN.m.rows));
	const answers = (
		await Promise.all(bodies.map(async (body) => await cluster.postWebhookTwice(workflow.webhookPath, body)))
	).flat();
	expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
	const finished = await cluster.waitForExecutions(workflow.id, 2 * bodies.length, { timeoutMs: 240_000 });
	const executions = await loadExecutions(cluster, finished);
	const rows = accountRows(executions);
	const calls = duplicateCalls(await stack.calls());
	const bulk = (await stack.requests()).filter((request) => request.operation === 'createCallsBulk');
	const share = workerShare(
		cluster,
		finished.map((execution) => execution.id),
	);
	const skipped = executions
		.flatMap((execution) => veritusOutcomes(execution).failed)
		.filter((item) => (item.json.failedCheckIds ?? []).includes('local:already-placed'));
	const pairsOnTwoWorkers = bodies.filter((body) => {
		const ids = executions
			.filter((execution) => triggerBody(execution)?.batch === body.batch)
			.map((execution) => String(execution.id));
		return new Set(ids.map((id) => cluster.workerOf(id)?.name)).size === 2;
	}).length;
	const customersSent = bulk.flatMap((request) => request.body.customerIds);
	report(
		`queue m) Create Many duplicate events: ${bodies.length} bodies of ${PLAN.m.rows} rows each delivered twice at once → ${finished.length} executions (${JSON.stringify(statusCounts(finished))}), ${share.text}, ` +
			`${pairsOnTwoWorkers} pairs split across both workers; ${bulk.length} bulk requests (sizes ${bulk.map((request) => request.body.customerIds.length).join(' ')}), ` +
			`${calls.placed} calls for ${bodies.length * PLAN.m.rows} customers, ${calls.duplicates} duplicate calls, ${skipped.length} rows reported as already placed, ${rows.lost.length} lost`,
	);
	expect(finished).toHaveLength(2 * bodies.length);
	expect(statusCounts(finished)).toEqual({ success: 2 * bodies.length });
	expect(rows.lost).toEqual([]);
	expect(rows.mismatched).toEqual([]);
	expect(rows.doubled).toBe(0);
	expect(rows.rows).toBe(2 * bodies.length * PLAN.m.rows);
	// One call per customer, and no customer in two requests: the race was settled before any request.
	expect(calls.placed).toBe(bodies.length * PLAN.m.rows);
	expect(calls.duplicates).toBe(0);
	expect(calls.maxPerCustomer).toBe(1);
	expect(new Set(customersSent).size).toBe(customersSent.length);
	expect(bulk.every((request) => request.body.customerIds.length <= 100)).toBe(true);
	// Every row of the execution that lost each race says why it was not sent.
	expect(rows.passed + skipped.length).toBe(2 * bodies.length * PLAN.m.rows);
});

test('c) retry a failed execution (Stop Workflow, 503 on row 8): placed rows are not dialled again, the rest is placed, the unknown row after a release', async () => {
	await stack.configure({ faults: [{ type: 'status', status: 503, customerId: customerId('c', 0, 8), times: 1 }] });
	// One workflow, so one placement ledger: the campaign webhook, and a second webhook that
	// releases a key (Placement Ledger → Release) once someone has checked Veritus.
	const releasePath = `release-${crypto.randomUUID()}`;
	const release = node(
		'Release webhook',
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path: releasePath, responseMode: 'onReceived', options: {} },
		{ webhookId: crypto.randomUUID() },
	);
	const releaseKey = node('Release key', 'n8n-nodes-veritus.veritus', 1, {
		resource: 'placementLedger',
		operation: 'release',
		placementKey: '={{ $json.body.key }}',
	});
	const nodes = [rowsNode(), veritusNode(credential, { options: { maxConcurrent: 1 } }), release, releaseKey];
	const workflow = await cluster.createWebhookWorkflow({
		name: 'queue c) retry',
		nodes,
		connections: connect({ Rows: [['Veritus']], 'Release webhook': [['Release key']] }),
	});
	const body = batchBody('c', 0, PLAN.c.rows);
	await postAll(cluster, workflow.webhookPath, [body]);
	const [failed] = await cluster.waitForExecutions(workflow.id, 1, { timeoutMs: 120_000 });
	expect(failed.status).toBe('error');
	const failure = (await cluster.getExecution(failed.id)).data.resultData.error;
	const placedFirst = (await stack.calls()).calls;
	expect(placedFirst.map((call) => call.customerId)).toEqual(range(8).map((row) => customerId('c', 0, row)));
	// The error lists the calls placed before the run stopped: customer, call ID and request ID.
	expect(failure.message).toContain('[item 8] The Veritus API failed (HTTP 503)');
	expect(failure.description).toContain('Calls already placed in this run (8):');
	for (const call of placedFirst)
		expect(failure.description).toContain(`customer ${call.customerId}, call ${call.id}, request ${call.requestId}`);

	const retried = await cluster.retryExecution(failed.id);
	expect(retried).toMatchObject({ mode: 'retry', retryOf: String(failed.id), status: 'success' });
	const retryOutcome = veritusOutcomes(await cluster.getExecution(retried.id));
	const skippedIds = retryOutcome.failed
		.filter((item) => (item.json.failedCheckIds ?? []).includes('local:already-placed'))
		.map((item) => item.json.customerId);
	expect(skippedIds).toEqual(range(9).map((row) => customerId('c', 0, row)));
	expect(retryOutcome.passed.map((item) => item.json.customerId)).toEqual(
		range(PLAN.c.rows - 9).map((row) => customerId('c', 0, row + 9)),
	);
	expect(duplicateCalls(await stack.calls()).duplicates).toBe(0);

	// After checking Veritus (no call for row 8), release its key; the next Retry places it.
	const row8 = retryOutcome.failed.find((item) => item.json.customerId === customerId('c', 0, 8));
	expect(row8.json.failedReasons).toContain('Placement Ledger → Release');
	await postAll(cluster, releasePath, [{ key: row8.json.idempotencyKey }]);
	await cluster.waitForExecutions(workflow.id, 3, { timeoutMs: 60_000 });
	const again = await cluster.retryExecution(failed.id);
	const lastOutcome = veritusOutcomes(await cluster.getExecution(again.id));
	const finalCalls = await stack.calls();
	report(
		`queue c) retry of a failed execution: run 1 placed ${placedFirst.length} calls and stopped on row 8 (503; its error lists the placed calls); ` +
			`Retry placed ${retryOutcome.passed.length} and skipped ${skippedIds.length} as already placed or attempted; after releasing row 8's key a second Retry placed ${lastOutcome.passed.length}; ` +
			`${finalCalls.calls.length} calls for ${PLAN.c.rows} customers, ${duplicateCalls(finalCalls).duplicates} duplicates`,
	);
	expect(lastOutcome.passed.map((item) => item.json.customerId)).toEqual([customerId('c', 0, 8)]);
	expect(finalCalls.calls).toHaveLength(PLAN.c.rows);
	expect(duplicateCalls(finalCalls).duplicates).toBe(0);
});

test('rig for c): retrying a failed execution as the Retry button does creates a new execution with retryOf set, run by a worker', async () => {
	// The first request is refused with a 429 and the node may try each item once, so the first
	// run fails on its first item before anything is placed (one item at a time); the retry then
	// sends every row.
	await stack.configure({ faults: [{ type: 'status', status: 429, retryAfter: 1, times: 1 }] });
	const workflow = await veritusWorkflow('queue c) building block', {
		veritus: { options: { maxConcurrent: 1, maxAttempts: 1 } },
	});
	const body = batchBody('r', 0, PLAN.r.rows);
	await postAll(cluster, workflow.webhookPath, [body]);
	const [failed] = await cluster.waitForExecutions(workflow.id, 1, { timeoutMs: 120_000 });
	expect(failed.status).toBe('error');
	expect((await stack.calls()).calls).toHaveLength(0);
	const failure = await cluster.getExecution(failed.id);
	expect(failure.data.resultData.error.message).toMatch(/429/);

	const answer = await cluster.retryExecution(failed.id);
	expect(answer.retryOf).toBe(String(failed.id));
	expect(answer.mode).toBe('retry');
	expect(answer.status).toBe('success');
	expect(String(answer.id)).not.toBe(String(failed.id));

	const listed = await cluster.waitForExecutions(workflow.id, 2, { timeoutMs: 60_000 });
	const retried = listed.find((execution) => String(execution.id) === String(answer.id));
	const original = listed.find((execution) => String(execution.id) === String(failed.id));
	expect(retried).toMatchObject({ mode: 'retry', status: 'success', retryOf: String(failed.id) });
	expect(String(original.retrySuccessId)).toBe(String(answer.id));
	const rows = accountRows([await cluster.getExecution(answer.id)]);
	const calls = duplicateCalls(await stack.calls());
	const firstWorker = cluster.workerOf(failed.id);
	const retryWorker = cluster.workerOf(answer.id);
	report(
		`queue c) rig: execution ${failed.id} failed in ${firstWorker?.name}; POST /rest/executions/${failed.id}/retry → execution ${answer.id} ` +
			`(mode retry, retryOf ${answer.retryOf}) ${answer.status} in ${retryWorker?.name}; ${calls.placed} calls for ${rows.rows} rows, ${calls.duplicates} duplicates`,
	);
	expect(firstWorker).toBeDefined();
	expect(retryWorker).toBeDefined();
	expect(rows.lost).toEqual([]);
	expect(rows.passed).toBe(PLAN.r.rows);
	expect(calls.placed).toBe(PLAN.r.rows);
	expect(calls.duplicates).toBe(0);
});

test('d) Retry On Fail inside a worker, with faults: n8n re-runs the node, no call is placed twice', async () => {
	// 429s fail an item at once (Max Attempts 1) with "safe to resend", so n8n's Retry On Fail
	// re-runs the node and the node resends those; 503s and connections reset after placing are
	// unknown outcomes the node must never resend.
	await stack.configure({
		faults: [
			{ type: 'status', status: 429, retryAfter: 1, rate: 0.04 },
			{ type: 'status', status: 503, rate: 0.01 },
			{ type: 'reset-after', rate: 0.01 },
		],
	});
	const workflow = await veritusWorkflow('queue d) retry on fail', {
		veritus: { options: { maxConcurrent: 5, maxAttempts: 1, timeout: 10_000 } },
		settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
	});
	const bodies = range(PLAN.d.batches).map((batch) => batchBody('d', batch, PLAN.d.rows));
	const started = Date.now();
	await postAll(cluster, workflow.webhookPath, bodies);
	const finished = await cluster.waitForExecutions(workflow.id, bodies.length, { timeoutMs: 240_000 });
	const elapsed = Date.now() - started;
	const calls = duplicateCalls(await stack.calls());
	const requests = await stack.requests();
	const perCustomer = new Map();
	for (const request of requests)
		perCustomer.set(request.customerId, [...(perCustomer.get(request.customerId) ?? []), request]);
	const resent = [...perCustomer.values()].filter((list) => list.length > 1);
	const unsafeResends = resent.filter((list) =>
		list.slice(0, -1).some((request) => request.status !== 429 || request.placed),
	);
	const faults = requests.filter((request) => request.outcome.startsWith('fault:'));
	const share = workerShare(
		cluster,
		finished.map((execution) => execution.id),
	);
	report(
		`queue d) Retry On Fail in a worker: ${PLAN.d.batches * PLAN.d.rows} rows, ${finished.length} executions (${JSON.stringify(statusCounts(finished))}), ` +
			`${requests.length} requests (${faults.length} faulted), ${calls.placed} calls placed, ${calls.duplicates} duplicate calls, ` +
			`${resent.length} items resent by n8n's retries (after a 429 only: ${resent.length - unsafeResends.length}), ${share.text}, ${seconds(elapsed)} s`,
	);
	expect(finished).toHaveLength(PLAN.d.batches);
	expect(calls.duplicates).toBe(0);
	expect(calls.maxPerCustomer).toBe(1);
	// n8n did re-run the node inside the workers (items whose 429 made the node fail were sent
	// again), and only items that certainly had not been placed were sent again.
	expect(resent.length).toBeGreaterThan(0);
	expect(unsafeResends).toEqual([]);
	expect(share.unknown).toBe(0);
});

test('f) a rate limit shared by the cluster: two workers, several executions each at once, every row through', async () => {
	const R = 20;
	await stack.configure({ rateLimit: { requestsPerSecond: R } });
	const workflow = await veritusWorkflow('queue f) shared rate limit', {
		// Enough retry budget for every row to get through the shared limit: up to 20 tries and 5
		// minutes of waiting per item; an item that still fails would be a clear error item on Failed.
		veritus: { options: { maxConcurrent: 2, maxAttempts: 20, maxRetryWait: 300_000, timeout: 30_000 } },
		settings: { onError: 'continueRegularOutput' },
	});
	const bodies = range(PLAN.f.batches).map((batch) => batchBody('f', batch, PLAN.f.rows));
	const started = Date.now();
	await postAll(cluster, workflow.webhookPath, bodies, { parallel: bodies.length });
	const finished = await cluster.waitForExecutions(workflow.id, bodies.length, { timeoutMs: 300_000 });
	const elapsed = Date.now() - started;
	const executions = await loadExecutions(cluster, finished);
	const rows = accountRows(executions);
	const calls = duplicateCalls(await stack.calls());
	const requests = await stack.requests();
	const limited = requests.filter((request) => request.status === 429).length;
	const placedTimes = requests.filter((request) => request.placed).map((request) => Date.parse(request.at));
	const firstRequest = Math.min(...requests.map((request) => Date.parse(request.at)));
	const windowS = (Math.max(...placedTimes) - firstRequest) / 1000;
	const throughput = placedTimes.length / windowS;
	const share = workerShare(
		cluster,
		finished.map((execution) => execution.id),
	);
	const overlap = maxOverlapPerWorker(finished.map((execution) => String(execution.id)));
	report(
		`queue f) shared rate limit R = ${R} req/s: ${rows.rows} rows, ${finished.length} executions, ${rows.lost.length} lost ` +
			`(${rows.passed} passed, ${rows.failed} failed, ${rows.errors} error items), ${calls.duplicates} duplicate calls, ` +
			`${requests.length} requests (${limited} answered 429), ${placedTimes.length} calls in ${windowS.toFixed(1)} s = ${throughput.toFixed(1)} calls/s = ${(throughput / R).toFixed(2)} R; ` +
			`${share.text} (at once: ${overlap.map((entry) => `${entry.name} up to ${entry.max}`).join(', ')}), ${seconds(elapsed)} s`,
	);
	expect(finished).toHaveLength(PLAN.f.batches);
	expect(rows.rows).toBe(PLAN.f.batches * PLAN.f.rows);
	expect(rows.lost).toEqual([]);
	expect(rows.mismatched).toEqual([]);
	expect(rows.passed + rows.failed + rows.errors).toBe(rows.rows);
	expect(calls.duplicates).toBe(0);
	expect(limited).toBeGreaterThan(0);
	// The limit held for the whole cluster: no more calls than the bucket allows over the window
	// (R per second, plus the R it holds when full at the start).
	expect(placedTimes.length).toBeLessThanOrEqual(Math.ceil(R * windowS + R) + 1);
	// Both workers ran executions, each several at once.
	for (const { count } of share.counts) expect(count).toBeGreaterThan(0);
	for (const entry of overlap) expect(entry.max).toBeGreaterThan(1);
});

/**
 * The most executions of `ids` each worker ran at the same time, from its own "Worker started /
 * finished execution" log lines and their timestamps.
 */
function maxOverlapPerWorker(ids) {
	const wanted = new Set(ids);
	return cluster.workers.map((worker) => {
		const events = [];
		for (const entry of worker.logs()) {
			const match = /^Worker (started|finished) execution (\S+) /.exec(entry.message ?? '');
			if (!match || !wanted.has(match[2])) continue;
			events.push({ at: Date.parse(entry.metadata?.timestamp), delta: match[1] === 'started' ? 1 : -1 });
		}
		events.sort((a, b) => a.at - b.at || a.delta - b.delta);
		let now = 0;
		let max = 0;
		for (const event of events) {
			now += event.delta;
			max = Math.max(max, now);
		}
		return { name: worker.name, max };
	});
}

test('e) a worker killed with SIGKILL mid-execution: calls, duplicates, lost items and what n8n does are measured and reported', async () => {
	// 500 ms per request and 5 at a time: each 100-row execution takes about 10 s, so executions
	// are in flight when the worker dies.
	await stack.configure({ latencyMs: 500 });
	const workflow = await veritusWorkflow('queue e) sigkill', { veritus: { options: { maxConcurrent: 5 } } });
	await postAll(
		cluster,
		workflow.webhookPath,
		range(PLAN.e.batches).map((batch) => batchBody('e', batch, PLAN.e.rows)),
		{ parallel: PLAN.e.batches },
	);

	// The victim: the first worker with an execution of this workflow for which the emulator has
	// seen 15 requests.
	const batchOf = new Map();
	const { victim, victimExecution } = await waitUntil(
		'a worker with an execution in flight',
		async () => {
			const requests = await stack.requests();
			const ours = new Set((await cluster.listExecutions(workflow.id)).map((execution) => String(execution.id)));
			for (const worker of cluster.workers) {
				for (const id of worker.startedExecutionIds().filter((started) => ours.has(started))) {
					if (!batchOf.has(id)) batchOf.set(id, triggerBody(await cluster.getExecution(id))?.batch);
					const batchIds = new Set(range(PLAN.e.rows).map((row) => customerId('e', batchOf.get(id), row)));
					if (requests.filter((request) => batchIds.has(request.customerId)).length >= 15)
						return { victim: worker, victimExecution: id };
				}
			}
			return undefined;
		},
		{ timeoutMs: 120_000 },
	);
	const survivor = cluster.workers.find((worker) => worker !== victim);
	const ours = new Set((await cluster.listExecutions(workflow.id)).map((execution) => String(execution.id)));
	const inFlight = victim
		.startedExecutionIds()
		.filter((id) => ours.has(id) && !victim.finishedExecutionIds().includes(id));
	// Remember which rows each killed execution had: n8n replaces its data when it fails it.
	const bodies = new Map();
	for (const id of inFlight) bodies.set(id, triggerBody(await cluster.getExecution(id)));
	const requestsAtKill = (await stack.requests()).length;
	const killedAt = Date.now();
	const exit = await victim.kill('SIGKILL');
	expect(exit.signal).toBe('SIGKILL');
	const jobs = inFlight.map((id) => cluster.jobOf(id));

	// Bull gives the killed worker's jobs up once their lock lapses, without a re-run (n8n sets
	// maxStalledCount 0); the main process then fails their executions.
	await waitUntil(
		'Bull to give up the killed jobs',
		async () => {
			const active = await cluster.bullJobIds('active');
			return jobs.every((job) => !active.includes(job));
		},
		{ timeoutMs: 120_000, intervalMs: 500 },
	);
	const stalledAfterMs = Date.now() - killedAt;
	const finished = await cluster.waitForExecutions(workflow.id, PLAN.e.batches, { timeoutMs: 180_000 });
	const settledAfterMs = Date.now() - killedAt;
	const executions = await loadExecutions(cluster, finished);
	const killed = executions.filter((execution) => inFlight.includes(String(execution.id)));
	const killedStatus = statusCounts(killed);
	const killedErrors = [
		...new Set(killed.map((execution) => execution.data?.resultData?.error?.message ?? '(no error recorded)')),
	];
	const rows = accountRows(executions, bodies);
	const ledger = await stack.calls();
	const calls = duplicateCalls(ledger);
	const killedCustomers = new Set([...bodies.values()].flatMap((body) => body.rows.map((row) => row.customer_id)));
	const placedUnreported = ledger.calls.filter((call) => killedCustomers.has(call.customerId)).length;
	const runBy = cluster.executionWorkers();
	const rerun = inFlight.filter((id) => (runBy.get(id) ?? []).length > 1).length;

	// What the Retry button does with such an execution.
	const retry = await cluster.main.request('POST', `/rest/executions/${inFlight[0]}/retry`);
	let retryOutcome = `Retry refused (HTTP ${retry.status}: "${String(retry.body?.message ?? JSON.stringify(retry.body)).slice(0, 100)}")`;
	if (retry.status === 200) {
		const again = await cluster.getExecution(retry.body.data.id);
		const error = again.data?.resultData?.error?.message;
		retryOutcome = `Retry ran it again as execution ${again.id}: ${again.status}${error ? ` ("${error.slice(0, 100)}")` : ''}, Veritus ran: ${veritusOutcomes(again).ran}`;
	}
	const afterRetry = duplicateCalls(await stack.calls());

	// The same rows delivered again, as a user does after a crash: the placement ledger keeps the
	// calls already placed from being placed twice. The rows the killed worker had claimed but never
	// sent are skipped too, until someone checks Veritus and releases them.
	const beforeRedelivery = new Set(
		(await cluster.listExecutions(workflow.id)).map((execution) => String(execution.id)),
	);
	await postAll(cluster, workflow.webhookPath, [...bodies.values()]);
	const redelivered = (
		await cluster.waitForExecutions(workflow.id, beforeRedelivery.size + bodies.size, { timeoutMs: 180_000 })
	).filter((execution) => !beforeRedelivery.has(String(execution.id)));
	const redeliveredOutcomes = (await loadExecutions(cluster, redelivered)).map((execution) =>
		veritusOutcomes(execution),
	);
	const redeliveredPlaced = redeliveredOutcomes.reduce((sum, outcome) => sum + outcome.passed.length, 0);
	const stranded = redeliveredOutcomes
		.flatMap((outcome) => outcome.failed)
		.filter((item) => (item.json.failedCheckIds ?? []).includes('local:already-placed'))
		.filter((item) => !ledger.calls.some((call) => call.customerId === item.json.customerId)).length;
	const afterRedelivery = duplicateCalls(await stack.calls());

	// The surviving worker still completes a new execution.
	await stack.configure();
	const before = new Set((await cluster.listExecutions(workflow.id)).map((execution) => String(execution.id)));
	await postAll(cluster, workflow.webhookPath, [batchBody('s', 0, PLAN.s.rows)]);
	const fresh = await waitUntil(
		'the new execution to finish',
		async () =>
			(await cluster.listExecutions(workflow.id)).find(
				(execution) =>
					!before.has(String(execution.id)) && ['success', 'error', 'crashed', 'canceled'].includes(execution.status),
			),
		{ timeoutMs: 120_000, intervalMs: 500 },
	);
	const freshRows = accountRows([await cluster.getExecution(fresh.id)]);
	const freshWorker = cluster.workerOf(fresh.id);

	report(
		`queue e) SIGKILL of ${victim.name} with ${inFlight.length} execution(s) in flight (${inFlight.join(', ')}; ${requestsAtKill} requests seen by then): ` +
			`${rows.rows} rows in ${PLAN.e.batches} executions, ${calls.placed} calls placed, ${calls.duplicates} duplicate calls, ` +
			`${rows.lost.length} items lost (no output; ${placedUnreported} of them had their call placed, ${rows.lost.length - placedUnreported} were never sent), ` +
			`${rows.passed} reported passed; Bull gave the job(s) up ${seconds(stalledAfterMs)} s after the kill and nothing re-ran them (${rerun} re-runs); ` +
			`n8n set the killed execution(s) to ${JSON.stringify(killedStatus)} (${seconds(settledAfterMs)} s after the kill): "${killedErrors.join('" / "')}"; ` +
			`${retryOutcome}, duplicate calls then ${afterRetry.duplicates}; ` +
			`the killed executions' rows delivered again: ${redeliveredPlaced} placed, ${stranded} skipped though never placed (claimed by the killed run: release them after checking Veritus), ${afterRedelivery.duplicates} duplicate calls; ` +
			`${survivor.name} then ran a new execution: ${fresh.status}, ${freshRows.passed}/${PLAN.s.rows} rows passed`,
	);

	// Measured, not judged: the figures exist and are consistent; the survivor still works.
	expect(inFlight.length).toBeGreaterThan(0);
	expect(inFlight).toContain(victimExecution);
	expect(rows.rows).toBe(PLAN.e.batches * PLAN.e.rows);
	expect(rows.accounted + rows.lost.length).toBe(rows.rows);
	expect(placedUnreported).toBeLessThanOrEqual(rows.lost.length);
	expect(Number.isInteger(calls.placed) && Number.isInteger(calls.duplicates)).toBe(true);
	expect(finished).toHaveLength(PLAN.e.batches);
	expect(fresh.status).toBe('success');
	expect(freshWorker).toBe(survivor);
	expect(freshRows.passed).toBe(PLAN.s.rows);
	// With the placement ledger, delivering the rows again never places a call twice.
	expect(afterRedelivery.duplicates).toBe(0);

	// Leave the cluster whole again.
	await cluster.restartWorker(victim.index);
	expect(victim.exited).toBeNull();
});
