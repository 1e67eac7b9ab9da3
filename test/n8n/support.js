'use strict';

/**
 * Shared set-up for the real-n8n tests: one emulator + one n8n user folder per test file, and
 * small builders for workflows that feed the Veritus node with rows.
 */
const { N8nInstance } = require('../../rig/n8n-instance');

// Each test starts real n8n processes; on a busy 2-core machine one run can take a minute.
jest.setTimeout(600_000);
// DEMO_CLOCK: the clock the fixture's customers are designed around (see emulator/fixtures/README.md).
const { startEmulator, DEMO_CLOCK, fixtureUuid } = require('../../emulator');

/** The Veritus customer ID (a UUID) of a fixture account number such as `100231`. */
const veritusId = (accountNumber) => fixtureUuid('customer', accountNumber);
/** The fixtures' collections agent. */
const AGENT = 'b4176fbb-cfd4-50c0-ab9d-855d00336b30';
/** A well-formed customer ID that names no customer (404). */
const UNKNOWN_CUSTOMER = '00000000-0000-4000-8000-000000000000';
const { veritusParameters } = require('../helpers/veritus-parameters');

/** Starts an emulator and a fresh n8n user folder with the package installed and a credential. */
async function startStack({
	token = 'tok_n8n_test_7c1e',
	emulator: emulatorOptions = {},
	credentialId = 'veritusTestCred1',
} = {}) {
	const emulator = await startEmulator({ token, clock: DEMO_CLOCK, ...emulatorOptions });
	const n8n = new N8nInstance();
	const credential = { id: credentialId, name: 'Veritus API (emulator)' };
	await n8n.importCredentials([
		{ ...credential, type: 'veritusApi', data: { apiToken: token, baseUrl: emulator.baseUrl } },
	]);
	return {
		emulator,
		n8n,
		credential,
		token,
		async stop() {
			n8n.cleanup();
			await emulator.close();
		},
	};
}

let nodeCounter = 0;
/** A node object for a workflow; ids are unique within the process. */
function node(name, type, typeVersion, parameters, extra = {}) {
	nodeCounter += 1;
	return {
		id: `00000000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`,
		name,
		type,
		typeVersion,
		position: [nodeCounter * 200, 0],
		parameters,
		...extra,
	};
}

/** `{ from: [[to…], [to…]] }` → n8n connections for the main outputs. */
function connect(map) {
	const connections = {};
	for (const [from, outputs] of Object.entries(map)) {
		connections[from] = { main: outputs.map((targets) => targets.map((to) => ({ node: to, type: 'main', index: 0 }))) };
	}
	return connections;
}

/** A Code node that emits `rows` as items (the rows are embedded as JSON). */
function rowsNode(name, rows) {
	return node(name, 'n8n-nodes-base.code', 2, {
		jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));`,
	});
}

/** The Veritus node with sensible defaults; `parameters` and `settings` override them. */
function veritusNode(credential, parameters = {}, settings = {}) {
	return node('Veritus', 'n8n-nodes-veritus.veritus', 1, veritusParameters(parameters), {
		credentials: { veritusApi: credential },
		...settings,
	});
}

/** A pass-through node to observe what reaches a branch. */
function noOp(name) {
	return node(name, 'n8n-nodes-base.noOp', 1, {});
}

/** A Set node that writes `fields` ({ name: expression }) and keeps nothing else. */
function setNode(name, fields) {
	return node(name, 'n8n-nodes-base.set', 3.4, {
		mode: 'manual',
		assignments: {
			assignments: Object.entries(fields).map(([field, value], index) => ({
				id: `${name}-${index}`,
				name: field,
				value,
				type: 'string',
			})),
		},
		includeOtherFields: false,
		options: {},
	});
}

let workflowCounter = 0;
/** A workflow object with a unique id, starting at a manual trigger named "Start". */
function workflow(name, nodes, connections) {
	workflowCounter += 1;
	const start = node('Start', 'n8n-nodes-base.manualTrigger', 1, {});
	return {
		id: `VeritusTest${String(process.pid % 10000).padStart(4, '0')}${String(workflowCounter).padStart(3, '0')}`,
		name,
		active: false,
		nodes: [start, ...nodes],
		connections: { Start: { main: [[{ node: nodes[0].name, type: 'main', index: 0 }]] }, ...connections },
		settings: { executionOrder: 'v1' },
	};
}

/** Output `index` of `nodeName` in a run, as plain `{ json, pairedItem }` items. */
function output(run, nodeName, index = 0) {
	return N8nInstance.outputItems(run, nodeName, index);
}

/**
 * The Tool Executor's `query` parameter that calls tool `toolName` with `parameters`, in the form
 * the host's n8n reads: n8n 2.x reads `{ <tool name>: <parameters> }`, n8n 1.x passes the whole
 * query to the tool as its parameters.
 *
 * @param host `n8n.host` of an N8nInstance (its `version` is the n8n version).
 */
function toolExecutorQuery(host, toolName, parameters) {
	const major = Number(String(host.version).split('.')[0]);
	return JSON.stringify(major >= 2 ? { [toolName]: parameters } : parameters);
}

/** Fetches JSON from the emulator's control API. */
async function control(emulator, path) {
	const response = await fetch(`${emulator.controlUrl}${path}`);
	return await response.json();
}

module.exports = {
	veritusId,
	AGENT,
	UNKNOWN_CUSTOMER,
	startStack,
	node,
	connect,
	rowsNode,
	veritusNode,
	noOp,
	setNode,
	workflow,
	output,
	control,
	toolExecutorQuery,
};
