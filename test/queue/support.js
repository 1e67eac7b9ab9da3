/**
 * Shared set-up for the queue-mode tests (`npm run test:queue`): the Veritus API emulator in this
 * process with generated customers, an n8n queue-mode cluster (rig/queue-cluster.js) with a
 * Veritus credential pointing at the emulator, and builders for webhook-triggered workflows that
 * turn the posted body's `rows` into items and feed them to the Veritus node.
 */
const crypto = require('crypto');
const fs = require('fs');
const { startEmulator } = require('../../emulator');
const { startQueueCluster } = require('../../rig/queue-cluster');
const { veritusParameters } = require('../helpers/veritus-parameters');

/** The emulator's fixed clock: 13:00 in New York, inside the respectful-hours window. */
const CLOCK = '2026-11-30T18:00:00Z';
const TOKEN = 'tok_queue_mode_3f9a';
const AGENT_ID = 'agent-queue-01';

/** Settings every test starts from: no latency, no faults, no rate limit. */
const CLEAN_CONFIG = { latencyMs: 0, faults: [], rateLimit: null };

/** The customer ID of row `row` of batch `batch` of a test whose customers start with `prefix`. */
function customerId(prefix, batch, row) {
	return `${prefix}-${String(batch).padStart(3, '0')}-${String(row).padStart(3, '0')}`;
}

/**
 * Emulator fixtures with one customer per (prefix, batch, row) of `plan`, all passing the three
 * compliance checks at {@link CLOCK} (active, no cease-and-desist, no earlier calls), and one agent.
 * @param {Record<string, { batches: number, rows: number }>} plan customers per ID prefix
 */
function queueFixtures(plan) {
	const customers = [];
	let index = 0;
	for (const [prefix, { batches, rows }] of Object.entries(plan)) {
		for (let batch = 0; batch < batches; batch++) {
			for (let row = 0; row < rows; row++) {
				customers.push({
					id: customerId(prefix, batch, row),
					name: `Queue Customer ${index}`,
					phoneNumber: `+1646${String(1000000 + index).padStart(7, '0')}`,
					timeZone: 'America/New_York',
					active: true,
					ceaseAndDesist: false,
					callsPlaced: [],
				});
				index++;
			}
		}
	}
	return { agents: [{ id: AGENT_ID, name: 'Queue agent', fromPhoneNumber: '+14155559876' }], customers };
}

/** The webhook body of one batch: `{ batch, rows: [{ customer_id, agent_id }] }`. */
function batchBody(prefix, batch, rows) {
	return { batch, rows: Array.from({ length: rows }, (_, row) => ({ customer_id: customerId(prefix, batch, row), agent_id: AGENT_ID })) };
}

/**
 * Starts the emulator (in this process) and a queue cluster, and creates the Veritus credential.
 * @param {object} options
 * @param {Record<string, { batches: number, rows: number }>} options.plan customers to generate
 * @param {object} [options.cluster] options for startQueueCluster
 * @returns {Promise<QueueStack>} `{ emulator, cluster, credential, configure(config), reset(),
 *   calls(), requests(), stop() }`
 */
async function startQueueStack({ plan, cluster: clusterOptions = {} }) {
	const emulator = await startEmulator({ token: TOKEN, clock: CLOCK, seed: 20261201, fixtures: queueFixtures(plan) });
	let cluster;
	try {
		cluster = await startQueueCluster({ log: (line) => console.log(line), ...clusterOptions });
		const credential = await cluster.createCredential({ name: 'Veritus API (emulator)', type: 'veritusApi', data: { apiToken: TOKEN, baseUrl: emulator.baseUrl } });
		const control = async (route, method = 'GET', body) => {
			const response = await fetch(`${emulator.controlUrl}${route}`, {
				method,
				headers: body === undefined ? {} : { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			if (!response.ok) throw new Error(`${method} ${route} → HTTP ${response.status}: ${await response.text()}`);
			return await response.json();
		};
		return {
			emulator,
			cluster,
			credential,
			control,
			/** Sets the emulator's latency, faults and rate limit (anything not given is cleared). */
			async configure(config = {}) {
				return await control('/config', 'PUT', { ...CLEAN_CONFIG, ...config });
			},
			/** Clears the emulator's calls and request log and restores the fixtures. */
			async reset() {
				await control('/reset', 'POST');
			},
			/** `{ calls, countsByCustomer }` of the emulator. */
			async calls() {
				return await control('/calls');
			},
			/** The emulator's request log. */
			async requests() {
				return (await control('/requests')).requests;
			},
			async stop() {
				await cluster.stop({ keepLogsIn: process.env.QUEUE_KEEP_LOGS || undefined });
				await emulator.close();
			},
		};
	} catch (error) {
		await cluster?.stop();
		await emulator.close();
		throw error;
	}
}

/** A node object for a REST-created workflow. */
function node(name, type, typeVersion, parameters, extra = {}) {
	return { id: crypto.randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

/** Split Out: one item per element of the webhook body's `rows`. */
function rowsNode(name = 'Rows') {
	return node(name, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.rows', include: 'noOtherFields', options: {} });
}

/** The Veritus node (Call → Create, split outputs, simplified) with `parameters` and node `settings` on top. */
function veritusNode(credential, parameters = {}, settings = {}) {
	return node('Veritus', 'n8n-nodes-veritus.veritus', 1, veritusParameters(parameters), { credentials: { veritusApi: credential }, ...settings });
}

/** A Code node running `jsCode` once for all items. */
function codeNode(name, jsCode) {
	return node(name, 'n8n-nodes-base.code', 2, { jsCode });
}

/** `{ from: [[to…], [to…]] }` → n8n connections for the main outputs. */
function connect(map) {
	const connections = {};
	for (const [from, outputs] of Object.entries(map)) {
		connections[from] = { main: outputs.map((targets) => targets.map((to) => ({ node: to, type: 'main', index: 0 }))) };
	}
	return connections;
}

/**
 * The webhook body that started an execution (from its run data once the Webhook node has run,
 * else from the node execution stack n8n stores for a queued execution).
 */
function triggerBody(execution) {
	const fromRun = execution.data?.resultData?.runData?.Webhook?.[0]?.data?.main?.[0]?.[0]?.json?.body;
	if (fromRun) return fromRun;
	for (const entry of execution.data?.executionData?.nodeExecutionStack ?? []) {
		const body = entry.data?.main?.[0]?.[0]?.json?.body;
		if (body) return body;
	}
	return undefined;
}

/**
 * What the Veritus node put out in an execution (its last run): items of the Passed and Failed
 * outputs, each with the customer ID of its input row. Error items (On Error "Continue") are on
 * Failed with `json.error`.
 * @returns {{ ran: boolean, passed: object[], failed: object[], errors: object[] }}
 */
function veritusOutcomes(execution) {
	const runs = execution.data?.resultData?.runData?.Veritus;
	if (!runs?.length) return { ran: false, passed: [], failed: [], errors: [] };
	const [passed = [], failed = []] = runs[runs.length - 1].data?.main ?? [];
	return { ran: true, passed, failed: failed.filter((item) => !item.json.error), errors: failed.filter((item) => item.json.error) };
}

/**
 * Which rows of each execution came out of the Veritus node: every input row must appear once on
 * Passed or Failed (an error item counts: it names its row). Rows are matched by index
 * (`pairedItem`) to the execution's own webhook body.
 * @param {object[]} executions executions with data (`cluster.getExecution`)
 * @param {Map<string, object>} [bodies] webhook bodies by execution ID, for executions whose data
 *   n8n replaced (a failed job keeps only its error)
 * @returns {{ rows: number, accounted: number, lost: Array<{ executionId, customerId }>, mismatched: object[],
 *   doubled: number, passed: number, failed: number, errors: number }} `mismatched`: Passed or
 *   Failed items whose customer is not their row's; `doubled`: rows that came out more than once
 */
function accountRows(executions, bodies = new Map()) {
	const result = { rows: 0, accounted: 0, lost: [], mismatched: [], doubled: 0, passed: 0, failed: 0, errors: 0 };
	for (const execution of executions) {
		const body = triggerBody(execution) ?? bodies.get(String(execution.id));
		const rows = body?.rows ?? [];
		result.rows += rows.length;
		const { passed, failed, errors } = veritusOutcomes(execution);
		result.passed += passed.length;
		result.failed += failed.length;
		result.errors += errors.length;
		const seen = new Map();
		for (const item of [...passed, ...failed, ...errors]) {
			const index = item.pairedItem?.item;
			seen.set(index, (seen.get(index) ?? 0) + 1);
			const id = rows[index]?.customer_id;
			// A Passed or Failed item names its own customer; it must be its row's.
			if (!item.json.error && item.json.customerId !== id) result.mismatched.push({ executionId: execution.id, row: id, item: item.json.customerId });
		}
		rows.forEach((row, index) => {
			const count = seen.get(index) ?? 0;
			if (count === 0) result.lost.push({ executionId: execution.id, customerId: row.customer_id });
			else result.accounted++;
			if (count > 1) result.doubled += count - 1;
		});
	}
	return result;
}

/** Calls per customer from the emulator's `/calls`: `{ placed, customers, duplicates, maxPerCustomer }`. */
function duplicateCalls({ calls }) {
	const perCustomer = new Map();
	for (const call of calls) perCustomer.set(call.customerId, (perCustomer.get(call.customerId) ?? 0) + 1);
	let duplicates = 0;
	for (const count of perCustomer.values()) duplicates += count - 1;
	return { placed: calls.length, customers: perCustomer.size, duplicates, maxPerCustomer: Math.max(0, ...perCustomer.values()) };
}

/** POSTs every body to the webhook, at most `parallel` at once; throws unless each answer is 200. */
async function postAll(cluster, webhookPath, bodies, { parallel = 10 } = {}) {
	let next = 0;
	const answers = new Array(bodies.length);
	const poster = async () => {
		while (next < bodies.length) {
			const index = next++;
			answers[index] = await cluster.postWebhook(webhookPath, bodies[index]);
			if (answers[index].status !== 200) throw new Error(`webhook answered ${answers[index].status}: ${JSON.stringify(answers[index].body)}`);
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, bodies.length) }, poster));
	return answers;
}

/** Loads every execution with its data, at most `parallel` REST calls at once. */
async function loadExecutions(cluster, summaries, { parallel = 6 } = {}) {
	const loaded = new Array(summaries.length);
	let next = 0;
	const loader = async () => {
		while (next < summaries.length) {
			const index = next++;
			loaded[index] = await cluster.getExecution(summaries[index].id);
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, summaries.length) }, loader));
	return loaded;
}

/** How many of `executionIds` each worker ran, as text: `worker A 52 executions / worker B 48`. */
function workerShare(cluster, executionIds) {
	const byWorker = new Map(cluster.workers.map((worker) => [worker, 0]));
	const runBy = cluster.executionWorkers();
	let unknown = 0;
	for (const id of executionIds) {
		const workers = runBy.get(String(id));
		if (!workers?.length) unknown++;
		for (const worker of workers ?? []) byWorker.set(worker, byWorker.get(worker) + 1);
	}
	const counts = [...byWorker].map(([worker, count]) => ({ name: worker.name, count }));
	const text = counts.map(({ name, count }, index) => `${name} ${count}${index === 0 ? ' executions' : ''}`).join(' / ') + (unknown ? ` / unattributed ${unknown}` : '');
	return { counts, unknown, text };
}

/** Counts of executions per status, as `{ success: 9, error: 1 }`. */
function statusCounts(executions) {
	const counts = {};
	for (const execution of executions) counts[execution.status] = (counts[execution.status] ?? 0) + 1;
	return counts;
}

/**
 * Prints one figures line of a test and appends it to the file named by QUEUE_REPORT_FILE (the
 * runner prints them all again at the end).
 */
function report(line) {
	console.log(line);
	if (process.env.QUEUE_REPORT_FILE) fs.appendFileSync(process.env.QUEUE_REPORT_FILE, `${line}\n`);
}

/** Polls `check()` until it returns a truthy value; throws `what` at the deadline. */
async function waitUntil(what, check, { timeoutMs = 60_000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

module.exports = {
	AGENT_ID,
	CLOCK,
	customerId,
	queueFixtures,
	batchBody,
	startQueueStack,
	node,
	rowsNode,
	veritusNode,
	codeNode,
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
};
