'use strict';

/**
 * The main job in a real n8n server (`n8n start`), as `npm run demo` runs it
 * (rig/campaign-server.js): the campaign workflow (examples/csv-call-campaign.workflow.json) turns
 * the sheet of account numbers into Veritus customers and calls them with the IDs Veritus
 * returned; the outcomes workflow (examples/call-outcomes.workflow.json), through its Veritus
 * Trigger's production URL, appends every call's outcome to outcomes.csv. The files are checked
 * against the emulator's records: customers, calls, compliance profiles, ended calls and the one
 * event it delivered twice. The printed summary is the one in the README.
 *
 * Then the campaign runs again against the same Veritus, with blocked calls answered in the seed
 * page's shape (HTTP 200 with `data.compliance`) instead of the API document's 422: every
 * customer already exists, its ID comes from the previous customers.csv, and nobody is called
 * twice.
 */
const fs = require('fs');
const path = require('path');
const { ensureN8n } = require('../../rig/n8n-host');
const { CampaignServer, summaryLines, DUPLICATED_ACCOUNT } = require('../../rig/campaign-server');
const { readCsv, CUSTOMERS_CSV, OUTCOME_COLUMNS } = require('../../rig/examples');
const { repoRoot } = require('../../rig/paths');
const { fixtureUuid } = require('../../emulator');

jest.setTimeout(600_000);

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

const sheet = readCsv(CUSTOMERS_CSV);
const accounts = sheet.map((row) => row.account_number);
const expectedPlaced = accounts.filter((account) => !(account in EXPECTED_BLOCKED));
const expectedBlocked = accounts.filter((account) => account in EXPECTED_BLOCKED);
const sheetRow = (account) => sheet.find((row) => row.account_number === account);

/** The summary block of README's "The two commands" (the fenced block that starts with "Customers in the sheet:"). */
function readmeSummary() {
	const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
	const block = readme.split('```').find((part) => part.trimStart().startsWith('Customers in the sheet:'));
	return block.trim().split('\n');
}

let run;
let results;
let waited;
let checked;
let firstExecution;

beforeAll(async () => {
	run = await CampaignServer.start({ host: ensureN8n() });
	firstExecution = await run.runCampaign();
	const placed = run.results().placed;
	waited = await run.waitForOutcomes(placed.map((row) => row.call_id));
	results = run.results();
	checked = await run.check({ sheet, results, waited });
});

afterAll(async () => {
	await run?.stop();
});

test('the campaign runs in the server as a manual execution and succeeds', () => {
	expect(firstExecution.status).toBe('success');
	expect(checked.problems).toEqual([]);
});

test('the sheet holds account numbers and contact fields, and no Veritus ID', () => {
	expect(Object.keys(sheet[0])).toEqual([
		'account_number',
		'first_name',
		'last_name',
		'email',
		'phone',
		'address_line1',
		'city',
		'state',
		'zip',
		'balance_due',
		'last_payment_date',
	]);
	for (const row of sheet)
		for (const value of Object.values(row)) expect(value).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
});

test('customers.csv maps every account number, in sheet order, to the customer Veritus created from its row', () => {
	expect(results.customers.map((row) => row.account_number)).toEqual(accounts);
	const veritus = [...run.emulator.state.customers.values()].map(({ record }) => record);
	expect(veritus).toHaveLength(sheet.length);
	for (const row of results.customers) {
		expect(row.status).toBe('created');
		expect(row.note).toBe('');
		const record = veritus.find((candidate) => candidate.externalId === row.account_number);
		// The fixture profile is keyed by external ID: the created customer gets the fixture's UUID.
		expect(row.veritus_customer_id).toBe(record.id);
		expect(record.id).toBe(fixtureUuid('customer', row.account_number));
		const source = sheetRow(row.account_number);
		expect(record).toMatchObject({
			firstName: source.first_name,
			lastName: source.last_name,
			email: source.email,
			primaryPhone: source.phone,
			address: { line1: source.address_line1, city: source.city, state: source.state, zip: source.zip },
		});
	}
	// Leading zeros survive the sheet: an account number and a ZIP code.
	expect(veritus.find((record) => record.externalId === '007215')).toBeDefined();
	expect(veritus.find((record) => record.externalId === 'cus_c41d8e27b9a0').address.zip).toBe('02210');
});

test('placed.csv is exactly the calls the emulator placed, with the webhook of the Veritus Trigger', () => {
	expect(results.placed.map((row) => row.account_number)).toEqual(expectedPlaced);
	const calls = run.emulator.state.calls;
	expect(calls).toHaveLength(expectedPlaced.length);
	for (const row of results.placed) {
		const call = calls.find((candidate) => candidate.id === row.call_id);
		expect(call).toBeDefined();
		expect(call.customerId).toBe(fixtureUuid('customer', row.account_number));
		expect(call.webhook).toEqual({ url: run.productionUrl, secretId: run.secretId });
		const source = sheetRow(row.account_number);
		expect(row).toMatchObject({
			veritus_customer_id: call.customerId,
			name: `${source.first_name} ${source.last_name}`,
			phone: source.phone,
			thread_id: call.threadId,
			from_phone: '+14155559876',
			request_id: call.requestId,
		});
	}
});

test("blocked.csv holds the blocked customers with their fixture profiles' failed checks and reasons", () => {
	expect(results.blocked.map((row) => row.account_number)).toEqual(expectedBlocked);
	for (const row of results.blocked) {
		expect(row.failed_checks).toBe(EXPECTED_BLOCKED[row.account_number]);
		expect(row.veritus_customer_id).toBe(fixtureUuid('customer', row.account_number));
		const source = sheetRow(row.account_number);
		expect(row.name).toBe(`${source.first_name} ${source.last_name}`);
	}
	const reasonsOf = (account) => results.blocked.find((row) => row.account_number === account).reasons;
	expect(reasonsOf('100239')).toBe('Is Active: Customer is not active');
	expect(reasonsOf('100241')).toBe('Cease and Desist Exclusion: Customer has requested cease and desist');
	expect(reasonsOf('100242')).toMatch(
		/^Four Voice Call Per Day: Customer has had 4 voice calls today within respectful hours window \(America\/New_York\)/,
	);
	expect(reasonsOf('100243')).toBe(
		'Is Active: Customer is not active; Cease and Desist Exclusion: Customer has requested cease and desist',
	);
});

test('outcomes.csv has one row per placed call, with the outcome the emulator decided', () => {
	expect(run.outcomesHeader()).toBe(OUTCOME_COLUMNS.join(','));
	expect(results.outcomes).toHaveLength(expectedPlaced.length);
	for (const call of run.emulator.state.calls) {
		const rows = results.outcomes.filter((row) => row.call_id === call.id);
		expect(rows).toHaveLength(1);
		const { outcome } = call;
		expect(rows[0]).toMatchObject({
			customer_id: call.customerId,
			ended_reason: outcome.endedReason,
			duration_seconds: String(outcome.durationMs / 1000),
			ended_at: outcome.endedAt,
			to_phone: call.toPhoneNumber,
			output_variables: outcome.outputVariables === null ? '' : JSON.stringify(outcome.outputVariables),
		});
		expect(Number.isNaN(Date.parse(rows[0].received_at))).toBe(false);
	}
});

test('the call-ended delivered twice was answered 200 and dropped: one row, one execution, one log line', () => {
	const call = run.emulator.state.calls.find((c) => c.customerId === fixtureUuid('customer', DUPLICATED_ACCOUNT));
	const copies = waited.deliveries.filter((delivery) => delivery.callId === call.id);
	expect(copies.map((delivery) => [delivery.copy, delivery.status, delivery.httpStatus])).toEqual([
		[1, 'delivered', 200],
		[2, 'delivered', 200],
	]);
	expect(copies.every((delivery) => delivery.signed)).toBe(true);
	expect(checked.duplicate).toEqual({ account: DUPLICATED_ACCOUNT, deliveries: 2, rows: 1, executions: 1 });
	// n8n's log names the dropped redelivery (a retry of the emulator's after a slow answer would add one).
	expect(waited.droppedLogLines.filter((line) => line.includes(`call-ended:${call.id}`)).length).toBeGreaterThanOrEqual(
		1,
	);
	// One execution per ended call, each started by the production webhook; the call-created
	// events (not selected in the trigger's Events) started none.
	expect(waited.executions).toHaveLength(expectedPlaced.length);
	expect(waited.executions.every((execution) => execution.mode === 'webhook' && execution.status === 'success')).toBe(
		true,
	);
	const created = run.emulator.state.dispatcher.deliveries.filter((delivery) => delivery.type === 'call-created');
	expect(created).toHaveLength(expectedPlaced.length);
});

test('the demo\'s summary is the one README\'s "The two commands" shows', () => {
	const lines = summaryLines({
		sheet,
		results,
		duplicate: checked.duplicate,
		veritusCalls: run.emulator.state.calls.length,
	});
	expect(lines).toEqual(readmeSummary());
});

test('run again: the customers already exist, their IDs come from the previous customers.csv, nobody is called twice', async () => {
	const configured = await fetch(`${run.emulator.controlUrl}/config`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ complianceFailureShape: 'seed', complianceFailureStatus: 200 }),
	});
	expect(configured.status).toBe(200);
	const deliveriesBefore = run.emulator.state.dispatcher.deliveries.length;

	const second = await run.runCampaign();
	expect(second.status).toBe('success');
	const again = run.results();

	expect(again.customers.map((row) => [row.account_number, row.veritus_customer_id, row.status])).toEqual(
		results.customers.map((row) => [row.account_number, row.veritus_customer_id, 'already_exists']),
	);
	expect(again.customers[0].note).toBe("Customer with external ID '100231' already exists");
	// placed.csv and blocked.csv hold this run's rows only.
	expect(again.placed).toEqual([]);
	expect(again.blocked.map((row) => row.account_number)).toEqual(accounts);
	for (const row of again.blocked) {
		expect(row.failed_checks).toBe(EXPECTED_BLOCKED[row.account_number] ?? 'local:already-placed');
	}
	// No call was placed, so no event was sent and outcomes.csv is as it was (its header once).
	expect(run.emulator.state.calls).toHaveLength(expectedPlaced.length);
	expect(Math.max(...Object.values(run.emulator.state.countsByCustomer()))).toBe(1);
	expect(run.emulator.state.dispatcher.deliveries).toHaveLength(deliveriesBefore);
	expect(again.outcomes).toEqual(results.outcomes);
	expect(run.outcomesHeader()).toBe(OUTCOME_COLUMNS.join(','));
});
