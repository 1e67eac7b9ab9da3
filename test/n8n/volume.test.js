'use strict';

/**
 * Safe at volume, in a real n8n process: 1,000 items through the Veritus node against the
 * emulator with mixed faults (5% 429 with Retry-After, 2% 503, 1% reset after placing, 1%
 * timeout) and repeated customers. Checked: one output item per input item with the right
 * pairedItem, zero duplicate calls per customer (also with n8n's Retry On Fail switched on), and
 * every item whose outcome is unknown reported as such.
 */
const { startStack, connect, rowsNode, veritusNode, noOp, workflow, control, AGENT } = require('./support');
const { fixtureUuid } = require('../../emulator');

const CUSTOMERS = 960;
const REPEATS = 40;
const ITEMS = CUSTOMERS + REPEATS;

/** The external ID (account number) of volume customer `index`. */
const accountOf = (index) => `vol-${String(index).padStart(4, '0')}`;

/** 960 customers with no call history; every 25th is inactive, so Failed has compliance results. */
function fixtures() {
	const customers = Array.from({ length: CUSTOMERS }, (_, index) => ({
		externalId: accountOf(index),
		firstName: 'Volume',
		lastName: `Customer ${index}`,
		email: `volume.${index}@example.com`,
		primaryPhone: `+1202555${String(index).padStart(4, '0')}`,
		address: { state: 'DC', zip: '20001' },
		profile: { timeZone: 'America/New_York', active: index % 25 !== 7, ceaseAndDesist: false, callsPlaced: [] },
	}));
	return { agents: [{ id: AGENT, name: 'Collections agent', fromPhoneNumber: '+14155559876' }], customers };
}

/** 1,000 rows: every customer once (by its Veritus ID), and 40 of them again later in the sheet. */
function rows() {
	const list = Array.from({ length: CUSTOMERS }, (_, index) => ({
		customer_id: fixtureUuid('customer', accountOf(index)),
		agent_id: AGENT,
	}));
	for (let repeat = 0; repeat < REPEATS; repeat++) list.splice(100 + repeat * 20, 0, { ...list[repeat * 23] });
	return list;
}

const FAULTS = [
	{ type: 'status', status: 429, retryAfter: 1, rate: 0.05 },
	{ type: 'status', status: 503, rate: 0.02 },
	{ type: 'reset-after', rate: 0.01 },
	{ type: 'timeout', ms: 9000, rate: 0.01 },
];

// The timeout leaves a wide margin over a normal answer on a busy machine, and the timeout fault a
// wide margin over the timeout, so only the injected faults time out.
const OPTIONS = { maxConcurrent: 8, timeout: 3000, maxAttempts: 6, maxRetryWait: 120000 };

let stack;
beforeAll(async () => {
	stack = await startStack({ emulator: { fixtures: fixtures(), faults: FAULTS, seed: 20261130 } });
});
afterAll(async () => {
	await stack?.stop();
});

/** Fault types after which the call may exist although the client saw no answer. */
const UNKNOWN_OUTCOME_FAULTS = new Set(['fault:status', 'fault:reset-after', 'fault:timeout']);

async function runVolume(settings) {
	await fetch(`${stack.emulator.controlUrl}/reset`, { method: 'POST' });
	const input = rows();
	const wf = workflow(
		`volume ${JSON.stringify(settings)}`,
		[
			rowsNode('Rows', input),
			veritusNode(stack.credential, { options: OPTIONS }, { onError: 'continueErrorOutput', ...settings }),
			noOp('On passed'),
			noOp('On failed'),
			noOp('On error'),
		],
		connect({ Rows: [['Veritus']], Veritus: [['On passed'], ['On failed'], ['On error']] }),
	);
	await stack.n8n.importWorkflow(wf);
	const result = await stack.n8n.execute(wf.id);
	const { requests } = await control(stack.emulator, '/requests');
	const { calls } = await control(stack.emulator, '/calls');
	return { input, result, requests, calls };
}

function checkRun({ input, result, requests, calls }) {
	expect(result.ok).toBe(true);
	const runs = result.run.data.resultData.runData.Veritus;
	const last = runs[runs.length - 1].data.main;
	const [passed, failed, errors] = last;

	// Exactly one output item per input item, each paired with its own row.
	const seen = new Map();
	for (const [outputName, items] of [
		['passed', passed],
		['failed', failed],
		['error', errors],
	]) {
		for (const item of items) {
			const index = item.pairedItem.item;
			expect(seen.has(index)).toBe(false);
			seen.set(index, { outputName, json: item.json });
		}
	}
	expect(seen.size).toBe(ITEMS);
	expect([...seen.keys()].sort((a, b) => a - b)).toEqual(input.map((_, index) => index));
	for (const [index, { outputName, json }] of seen) {
		if (outputName === 'error') {
			expect(json.error).toMatch(new RegExp(`^\\[item ${index}\\] `));
		} else {
			expect(json.customerId).toBe(input[index].customer_id);
			expect(json.error).toBeUndefined();
		}
	}

	// Zero duplicate calls: the emulator placed at most one call per customer.
	const perCustomer = new Map();
	for (const call of calls) perCustomer.set(call.customerId, (perCustomer.get(call.customerId) ?? 0) + 1);
	expect(Math.max(...perCustomer.values())).toBe(1);

	// Repeated rows were never sent: they went to Failed with the local check.
	const repeated = failed.filter((item) => item.json.failedCheckIds?.[0] === 'local:repeated-customer-in-run');
	expect(repeated).toHaveLength(REPEATS);

	// Every item whose request ended in an unknown-outcome fault is reported as "may have been
	// placed", and every such report has a fault behind it.
	const lastRequestOf = new Map();
	for (const request of requests) lastRequestOf.set(request.customerId, request);
	const unknownCustomers = new Set(
		[...lastRequestOf.values()]
			.filter((request) => UNKNOWN_OUTCOME_FAULTS.has(request.outcome) && request.status !== 429)
			.map((request) => request.customerId),
	);
	const reportedUnknown = new Set(
		errors
			.filter((item) => /The call may have been placed/.test(item.json.error))
			.map((item) => {
				const customerId = input[item.pairedItem.item].customer_id;
				expect(item.json.error).toContain(`check customer ${customerId} in Veritus`);
				return customerId;
			}),
	);
	expect(reportedUnknown).toEqual(unknownCustomers);
	expect(unknownCustomers.size).toBeGreaterThan(0);

	// Nothing ambiguous was retried: a customer with an unknown-outcome fault got no later request.
	for (const customerId of unknownCustomers) {
		const forCustomer = requests.filter((request) => request.customerId === customerId);
		expect(UNKNOWN_OUTCOME_FAULTS.has(forCustomer[forCustomer.length - 1].outcome)).toBe(true);
		expect(
			forCustomer.filter((request) => UNKNOWN_OUTCOME_FAULTS.has(request.outcome) && request.status !== 429),
		).toHaveLength(1);
	}
	// 429s were retried and did not lose items.
	expect(requests.some((request) => request.status === 429)).toBe(true);
	return { passed, failed, errors };
}

test('1,000 items with mixed faults: every item accounted for, no duplicate call', async () => {
	const run = await runVolume({});
	const { passed, failed } = checkRun(run);
	expect(passed.length).toBeGreaterThan(800);
	expect(failed.filter((item) => item.json.failedCheckIds?.[0] === 'is-active').length).toBeGreaterThan(30);
});

test('the same run with Retry On Fail switched on: still no duplicate call', async () => {
	const run = await runVolume({ retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });
	checkRun(run);
});

test('Retry On Fail with Stop Workflow: n8n re-runs the node, no item is sent twice', async () => {
	await fetch(`${stack.emulator.controlUrl}/reset`, { method: 'POST' });
	const input = rows().slice(0, 300);
	const wf = workflow(
		'volume retry stop',
		[
			rowsNode('Rows', input),
			veritusNode(stack.credential, { options: OPTIONS }, { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 }),
		],
		connect({ Rows: [['Veritus']] }),
	);
	await stack.n8n.importWorkflow(wf);
	const result = await stack.n8n.execute(wf.id);
	const { requests } = await control(stack.emulator, '/requests');
	const { calls } = await control(stack.emulator, '/calls');
	expect(result.ok).toBe(false);
	expect(result.error.message).toMatch(/^\[item \d+\] /);
	const perCustomer = new Map();
	for (const call of calls) perCustomer.set(call.customerId, (perCustomer.get(call.customerId) ?? 0) + 1);
	expect(Math.max(...perCustomer.values())).toBe(1);
	// A request other than a retried 429 is never repeated for the same customer.
	const sends = new Map();
	for (const request of requests) {
		if (request.status === 429) continue;
		sends.set(request.customerId, (sends.get(request.customerId) ?? 0) + 1);
	}
	expect(Math.max(...sends.values())).toBe(1);
});
