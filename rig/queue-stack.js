/**
 * A queue-mode stack for the tests and the benchmark: the Veritus API emulator in this process with
 * generated customers, an n8n queue-mode cluster (rig/queue-cluster.js) with a Veritus credential
 * pointing at the emulator, builders for webhook-triggered workflows that turn the posted body's
 * `rows` into items, and small readers of what the emulator and n8n recorded.
 */
'use strict';

const crypto = require('crypto');
const { startEmulator, DEMO_CLOCK, fixtureUuid } = require('../emulator');
const { startQueueCluster } = require('./queue-cluster');

/** The emulator's fixed clock: 13:00 in New York, inside the respectful-hours window. */
const CLOCK = DEMO_CLOCK;
const TOKEN = 'tok_queue_mode_3f9a';
/** The one agent of the queue-mode fixtures (Veritus agent IDs are UUIDs). */
const AGENT_ID = fixtureUuid('agent', 'agent-queue-01');

/** Settings every test starts from: no latency, no faults, no rate limit. */
const CLEAN_CONFIG = { latencyMs: 0, faults: [], rateLimit: null };

/** The account number (external ID) of row `row` of batch `batch` of a test whose customers start with `prefix`. */
function accountNumber(prefix, batch, row) {
	return `${prefix}-${String(batch).padStart(3, '0')}-${String(row).padStart(3, '0')}`;
}

/** The Veritus customer ID (a UUID) of row `row` of batch `batch` of a test whose customers start with `prefix`. */
function customerId(prefix, batch, row) {
	return fixtureUuid('customer', accountNumber(prefix, batch, row));
}

/**
 * Emulator fixtures with one customer per (prefix, batch, row) of `plan`, all passing every
 * compliance rule at {@link CLOCK} (active, no cease-and-desist, no earlier calls, 13:00 local),
 * and one agent. Each customer's ID is `customerId(prefix, batch, row)`.
 * @param {Record<string, { batches: number, rows: number }>} plan customers per ID prefix
 */
function queueFixtures(plan) {
	const customers = [];
	let index = 0;
	for (const [prefix, { batches, rows }] of Object.entries(plan)) {
		for (let batch = 0; batch < batches; batch++) {
			for (let row = 0; row < rows; row++) {
				customers.push({
					externalId: accountNumber(prefix, batch, row),
					firstName: 'Queue',
					lastName: `Customer ${index}`,
					email: `queue.${index}@example.com`,
					primaryPhone: `+1646${String(1000000 + index).padStart(7, '0')}`,
					address: { state: 'NY', zip: '10001' },
					profile: { timeZone: 'America/New_York', active: true, ceaseAndDesist: false, callsPlaced: [] },
				});
				index++;
			}
		}
	}
	return { agents: [{ id: AGENT_ID, name: 'Queue agent', fromPhoneNumber: '+14155559876' }], customers };
}

/** The webhook body of one batch: `{ batch, rows: [{ customer_id, agent_id }] }`. */
function batchBody(prefix, batch, rows) {
	return {
		batch,
		rows: Array.from({ length: rows }, (_, row) => ({
			customer_id: customerId(prefix, batch, row),
			agent_id: AGENT_ID,
		})),
	};
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
		const credential = await cluster.createCredential({
			name: 'Veritus API (emulator)',
			type: 'veritusApi',
			data: { apiToken: TOKEN, baseUrl: emulator.baseUrl },
		});
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
	return node(name, 'n8n-nodes-base.splitOut', 1, {
		fieldToSplitOut: 'body.rows',
		include: 'noOtherFields',
		options: {},
	});
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

/** Calls per customer from the emulator's `/calls`: `{ placed, customers, duplicates, maxPerCustomer }`. */
function duplicateCalls({ calls }) {
	const perCustomer = new Map();
	for (const call of calls) perCustomer.set(call.customerId, (perCustomer.get(call.customerId) ?? 0) + 1);
	let duplicates = 0;
	for (const count of perCustomer.values()) duplicates += count - 1;
	return {
		placed: calls.length,
		customers: perCustomer.size,
		duplicates,
		maxPerCustomer: Math.max(0, ...perCustomer.values()),
	};
}

/** POSTs every body to the webhook, at most `parallel` at once; throws unless each answer is 200. */
async function postAll(cluster, webhookPath, bodies, { parallel = 10 } = {}) {
	let next = 0;
	const answers = new Array(bodies.length);
	const poster = async () => {
		while (next < bodies.length) {
			const index = next++;
			answers[index] = await cluster.postWebhook(webhookPath, bodies[index]);
			if (answers[index].status !== 200)
				throw new Error(`webhook answered ${answers[index].status}: ${JSON.stringify(answers[index].body)}`);
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
	const text =
		counts.map(({ name, count }, index) => `${name} ${count}${index === 0 ? ' executions' : ''}`).join(' / ') +
		(unknown ? ` / unattributed ${unknown}` : '');
	return { counts, unknown, text };
}

/** Counts of executions per status, as `{ success: 9, error: 1 }`. */
function statusCounts(executions) {
	const counts = {};
	for (const execution of executions) counts[execution.status] = (counts[execution.status] ?? 0) + 1;
	return counts;
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
	codeNode,
	connect,
	duplicateCalls,
	postAll,
	loadExecutions,
	workerShare,
	statusCounts,
	waitUntil,
};
