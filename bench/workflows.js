'use strict';

/**
 * The workflows the benchmark compares, built with equal inputs:
 *
 * - A, "Veritus": Start → Input (Code, N items) → Veritus (one call per item, Passed/Failed);
 * - B, "HTTP Request + If": Start → Input → HTTP Request (v4.2, POST with a bearer credential,
 *   batching options, "Never Error") → If on `data.compliance.passed`;
 * - a baseline: Start → Input only, to show what n8n itself costs for N items.
 *
 * A workflow may hold several branches (Start → Input k → …), e.g. one per concurrency of a sweep.
 * With execution order v1 n8n runs them one after the other, each to its end, so each node's
 * `executionTime` is its own. Every branch uses its own customers (`offset`), so no customer is
 * called twice in a run.
 */
const { AGENT_ID, BENCH_ID_PREFIX } = require('./emulator-child');

/** The Veritus node's parameters in a benchmark workflow: Call → Create from each row, two outputs, simplified items. */
function veritusParameters(overrides = {}) {
	return {
		resource: 'call',
		operation: 'create',
		customerId: '={{ $json.customer_id }}',
		agentId: '={{ $json.agent_id }}',
		outputLayout: 'split',
		simplify: true,
		options: {},
		...overrides,
	};
}

let counter = 0;
function nodeId() {
	counter += 1;
	return `00000000-0000-4000-9000-${String(counter).padStart(12, '0')}`;
}

function node(name, type, typeVersion, parameters, position, extra = {}) {
	return { id: nodeId(), name, type, typeVersion, position, parameters, ...extra };
}

/** Node names of branch `key` ('' for a workflow with one branch). */
function names(key) {
	const suffix = key ? ` ${key}` : '';
	return { input: `Input${suffix}`, veritus: `Veritus${suffix}`, http: `HTTP Request${suffix}`, if: `If${suffix}` };
}

/** A Code node that emits `count` items `{ customer_id, agent_id }` for benchmark customers <offset> … (benchCustomerId). */
function inputNode(name, count, offset, y) {
	return node(
		name,
		'n8n-nodes-base.code',
		2,
		{
			jsCode: [
				`const count = ${Number(count)};`,
				`const offset = ${Number(offset)};`,
				'const items = new Array(count);',
				`for (let i = 0; i < count; i++) items[i] = { json: { customer_id: '${BENCH_ID_PREFIX}' + String(offset + i).padStart(12, '0'), agent_id: '${AGENT_ID}' } };`,
				'return items;',
			].join('\n'),
		},
		[200, y],
	);
}

function link(to) {
	return [{ node: to, type: 'main', index: 0 }];
}

/**
 * A workflow from branches; `build(branch, names, y)` returns the nodes after the Input node and
 * their connections. The Start node fans out to every Input node, top to bottom.
 */
function workflow(id, name, branches, build) {
	const start = node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, [0, 0]);
	const nodes = [start];
	const connections = { Start: { main: [[]] } };
	branches.forEach((branch, index) => {
		const y = index * 300;
		const branchNames = names(branch.key ?? '');
		nodes.push(inputNode(branchNames.input, branch.items, branch.offset ?? 0, y));
		connections.Start.main[0].push({ node: branchNames.input, type: 'main', index: 0 });
		const built = build(branch, branchNames, y);
		nodes.push(...built.nodes);
		Object.assign(connections, built.connections);
	});
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** Ledger Size for a run of `items`: the default (10,000) unless the run's keys need more (a run must fit in the ledger). */
function ledgerSizeFor(items) {
	return Math.max(10000, 2 * items);
}

/**
 * Workflow A: the Veritus node per branch `{ key, items, offset, maxConcurrent, requestsPerSecond,
 * operation }` (requestsPerSecond 0: no cap; operation `create`, the default, or `createMany`).
 * Errors continue on the regular output (the Failed side), so an item lost to a 429 is counted
 * rather than stopping the run. Ledger Size is raised above the run's items when they need it.
 */
function veritusWorkflow(id, name, branches, credential) {
	return workflow(id, name, branches, (branch, n, y) => ({
		nodes: [
			node(
				n.veritus,
				'n8n-nodes-veritus.veritus',
				1,
				veritusParameters({
					...(branch.operation ? { operation: branch.operation } : {}),
					options: {
						maxConcurrent: branch.maxConcurrent,
						...(branch.requestsPerSecond > 0 ? { requestsPerSecond: branch.requestsPerSecond } : {}),
						...(ledgerSizeFor(branch.items) !== 10000 ? { ledgerSize: ledgerSizeFor(branch.items) } : {}),
					},
				}),
				[400, y],
				{ credentials: { veritusApi: credential }, onError: 'continueRegularOutput' },
			),
		],
		connections: { [n.input]: { main: [link(n.veritus)] } },
	}));
}

/**
 * Workflow B: HTTP Request + If per branch `{ key, items, offset, batchSize, batchInterval }`.
 * HTTP Request starts `batchSize` requests, waits `batchInterval` ms, starts the next batch, and so
 * on; it has no cap on requests in flight, and with an interval of 0 it starts every request at
 * once. "Never Error" keeps a 429 from failing the run (HTTP Request has no retry of its own other
 * than re-running the whole node); the If node then splits on `data.compliance.passed`.
 */
function httpWorkflow(id, name, branches, { baseUrl, credential }) {
	return workflow(id, name, branches, (branch, n, y) => ({
		nodes: [
			node(
				n.http,
				'n8n-nodes-base.httpRequest',
				4.2,
				{
					method: 'POST',
					url: `=${baseUrl}/customers/{{ encodeURIComponent($json.customer_id) }}/calls`,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpBearerAuth',
					sendBody: true,
					contentType: 'json',
					specifyBody: 'keypair',
					bodyParameters: { parameters: [{ name: 'agentId', value: '={{ $json.agent_id }}' }] },
					options: {
						batching: { batch: { batchSize: branch.batchSize, batchInterval: branch.batchInterval } },
						response: { response: { neverError: true } },
					},
				},
				[400, y],
				{ credentials: { httpBearerAuth: credential } },
			),
			node(
				n.if,
				'n8n-nodes-base.if',
				2.2,
				{
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
						conditions: [
							{
								id: 'c0a1b2c3-0000-4000-8000-000000000001',
								leftValue: '={{ $json.data?.compliance?.passed }}',
								rightValue: '',
								operator: { type: 'boolean', operation: 'true', singleValue: true },
							},
						],
						combinator: 'and',
					},
					looseTypeValidation: true,
					options: {},
				},
				[600, y],
			),
		],
		connections: { [n.input]: { main: [link(n.http)] }, [n.http]: { main: [link(n.if)] } },
	}));
}

/** Baseline: the Input node alone, to show n8n's own cost (start-up, the Code node, output). */
function baselineWorkflow(id, name, branches) {
	return workflow(id, name, branches, () => ({ nodes: [], connections: {} }));
}

module.exports = { veritusParameters, veritusWorkflow, httpWorkflow, baselineWorkflow, names, ledgerSizeFor };
