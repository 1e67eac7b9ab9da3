'use strict';

/**
 * The example workflow (examples/csv-call-campaign.workflow.json) in the real n8n CLI against the
 * emulator with a fixed clock: the exact placed and blocked rows, with the compliance failure sent
 * as HTTP 200 and as HTTP 422.
 */
const path = require('path');
const { startStack, veritusId } = require('./support');
const { loadCampaignWorkflow, placeCustomersCsv, readCsv, CUSTOMERS_CSV } = require('../../rig/examples');

/** The fixture's designed outcome at the fixed clock (emulator/fixtures/README.md). */
const EXPECTED_BLOCKED = {
	100239: 'is-active',
	cus_6f4e2a8c1d93: 'is-active',
	100240: 'is-active',
	100241: 'cease-and-desist-exclusion',
	cus_2c8d4f6a0e15: 'cease-and-desist-exclusion',
	100242: 'four-voice-call-per-day',
	cus_7b0e3d9f2c46: 'four-voice-call-per-day',
	100243: 'is-active, cease-and-desist-exclusion',
};

const inputRows = readCsv(CUSTOMERS_CSV);
const expectedPlaced = inputRows.map((row) => row.customer_id).filter((id) => !(id in EXPECTED_BLOCKED));
const expectedBlocked = inputRows.map((row) => row.customer_id).filter((id) => id in EXPECTED_BLOCKED);

describe.each([200, 422])('example CSV campaign in real n8n (compliance failure as HTTP %i)', (status) => {
	let stack;
	let result;
	let placed;
	let blocked;

	beforeAll(async () => {
		stack = await startStack({ emulator: { complianceFailureStatus: status }, credentialId: 'veritusDemoCred1' });
		placeCustomersCsv(stack.n8n.filesDir);
		const workflow = loadCampaignWorkflow(stack.n8n.filesDir);
		// The example refers to its credential by this name; the stack imported it under another.
		workflow.nodes.find((n) => n.name === 'Veritus').credentials.veritusApi = stack.credential;
		await stack.n8n.importWorkflow(workflow);
		result = await stack.n8n.execute(workflow.id);
		placed = readCsv(path.join(stack.n8n.filesDir, 'placed.csv'));
		blocked = readCsv(path.join(stack.n8n.filesDir, 'blocked.csv'));
	});

	afterAll(async () => {
		await stack?.stop();
	});

	test('the workflow succeeds', () => {
		expect(result.error).toBeUndefined();
		expect(result.ok).toBe(true);
	});

	test('placed.csv holds exactly the customers that passed, in CSV order, with call details', () => {
		expect(placed.map((row) => row.customer_id)).toEqual(expectedPlaced);
		expect(placed).toHaveLength(16);
		for (const row of placed) {
			const source = inputRows.find((input) => input.customer_id === row.customer_id);
			expect(row.name).toBe(`${source.first_name} ${source.last_name}`);
			expect(row.phone).toBe(source.phone);
			expect(row.call_id).toMatch(/^[0-9a-f-]{36}$/);
			expect(row.thread_id).toMatch(/^[0-9a-f-]{36}$/);
			expect(row.from_phone).toBe('+14155559876');
			expect(row.veritus_customer_id).toBe(source.veritus_customer_id);
		}
	});

	test('blocked.csv holds the blocked customers with their failed checks and reasons', () => {
		expect(blocked.map((row) => row.customer_id)).toEqual(expectedBlocked);
		for (const row of blocked) {
			expect(row.failed_checks).toBe(EXPECTED_BLOCKED[row.customer_id]);
			const source = inputRows.find((input) => input.customer_id === row.customer_id);
			expect(row.name).toBe(`${source.first_name} ${source.last_name}`);
		}
		const reasonsOf = (id) => blocked.find((row) => row.customer_id === id).reasons;
		expect(reasonsOf('100239')).toBe('Is Active: Customer is not active');
		expect(reasonsOf('100241')).toBe('Cease and Desist Exclusion: Customer has requested cease and desist');
		expect(reasonsOf('100242')).toMatch(
			/^Four Voice Call Per Day: Customer has had 4 voice calls today within respectful hours window \(America\/New_York\)/,
		);
		expect(reasonsOf('100243')).toBe(
			'Is Active: Customer is not active; Cease and Desist Exclusion: Customer has requested cease and desist',
		);
	});

	test('the emulator placed exactly one call per passed customer and none for blocked ones', () => {
		const calledIds = stack.emulator.state.calls.map((call) => call.customerId).sort();
		expect(calledIds).toEqual(expectedPlaced.map(veritusId).sort());
	});
});
