/**
 * The example audit workflow (examples/compliance-audit-log.workflow.json) in the real n8n CLI
 * against the emulator: it reads the customers.csv the campaign writes (account number → Veritus
 * customer ID; here made from the example sheet and the emulator's customers), and every outcome,
 * placed, blocked or error, is appended to audit-log.jsonl with the node's audit record; a second
 * run appends again, and the placement ledger keeps it from calling anyone twice.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { startStack, veritusId } = require('./support');
const { loadAuditWorkflow, readCsv, readJsonLines, useCredential, CUSTOMERS_CSV } = require('../../rig/examples');

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const FIELDS = [
	'outcome',
	'account_number',
	'customer_id',
	'call_id',
	'request_id',
	'failed_checks',
	'reasons',
	'call_may_have_been_placed',
	'sent_at',
	'responded_at',
	'attempts',
	'http_status',
	'execution_id',
	'workflow_id',
	'node_name',
	'idempotency_key',
	'next_allowed_at',
	'recorded_at',
];
/** The customer whose request answers 503 in the first run (outcome unknown: an error row). */
const FAILING_CUSTOMER = veritusId('100233');

describe('example audit log in real n8n', () => {
	let stack;
	let workflow;
	let first;
	let second;
	let log;
	/** customers.csv as the campaign writes it, for the example sheet: the emulator has these customers. */
	const inputRows = readCsv(CUSTOMERS_CSV).map((row) => ({
		account_number: row.account_number,
		veritus_customer_id: veritusId(row.account_number),
		status: 'created',
		first_name: row.first_name,
		last_name: row.last_name,
		note: '',
	}));

	beforeAll(async () => {
		stack = await startStack({
			credentialId: 'veritusDemoCred1',
			emulator: { faults: [{ type: 'status', status: 503, customerId: FAILING_CUSTOMER, times: 1 }] },
		});
		const header = Object.keys(inputRows[0]).join(',');
		const lines = inputRows.map((row) => Object.values(row).join(','));
		// With a byte-order mark, as n8n's Convert to File writes a CSV.
		fs.writeFileSync(path.join(stack.n8n.filesDir, 'customers.csv'), `\ufeff${[header, ...lines].join('\n')}\n`);
		workflow = useCredential(loadAuditWorkflow({ resultsFolder: stack.n8n.filesDir }), 'veritusApi', stack.credential);
		await stack.n8n.importWorkflow(workflow);
		first = await stack.n8n.execute(workflow.id);
		second = await stack.n8n.execute(workflow.id);
		log = readJsonLines(path.join(stack.n8n.filesDir, 'audit-log.jsonl'));
	});

	afterAll(async () => {
		await stack?.stop();
	});

	test('both runs succeed and append one record per CSV row each', () => {
		expect(first.ok).toBe(true);
		expect(second.ok).toBe(true);
		expect(log).toHaveLength(2 * inputRows.length);
		const executions = [...new Set(log.map((record) => record.execution_id))];
		expect(executions).toHaveLength(2);
		for (const execution of executions) {
			const records = log.filter((record) => record.execution_id === execution);
			expect(records.map((record) => record.customer_id)).toEqual(inputRows.map((row) => row.veritus_customer_id));
			expect(records.map((record) => record.account_number)).toEqual(inputRows.map((row) => row.account_number));
		}
	});

	test('every record carries the audit fields', () => {
		for (const record of log) {
			expect(Object.keys(record).sort()).toEqual([...FIELDS].sort());
			expect(record.workflow_id).toBe(workflow.id);
			expect(record.node_name).toBe('Veritus');
			expect(record.recorded_at).toMatch(ISO_UTC);
			expect(record.idempotency_key).toMatch(new RegExp(`^${record.customer_id}\\|\\d{4}-\\d{2}-\\d{2}$`));
		}
	});

	test('run 1: 15 placed, 8 blocked by Veritus, 1 error whose call may have been placed', () => {
		const run1 = log.slice(0, inputRows.length);
		const count = (outcome) => run1.filter((record) => record.outcome === outcome).length;
		expect([count('placed'), count('blocked'), count('error')]).toEqual([15, 8, 1]);
		for (const record of run1.filter((r) => r.outcome === 'placed')) {
			expect(record.call_id).toMatch(/^[0-9a-f-]{36}$/);
			expect(record.sent_at).toMatch(ISO_UTC);
			expect(record.responded_at).toMatch(ISO_UTC);
			expect(record.attempts).toBe(1);
			expect(record.http_status).toBe(200);
		}
		const error = run1.find((record) => record.outcome === 'error');
		expect(error.customer_id).toBe(FAILING_CUSTOMER);
		expect(error.http_status).toBe(503);
		expect(error.call_may_have_been_placed).toBe(true);
		expect(error.reasons).toContain('The call may have been placed');
	});

	test('run 2: the placed rows and the unknown one are skipped by the ledger, the blocked ones are asked again', () => {
		const run2 = log.slice(inputRows.length);
		expect(run2.filter((record) => record.outcome === 'placed')).toEqual([]);
		const skipped = run2.filter((record) => record.failed_checks === 'local:already-placed');
		expect(skipped).toHaveLength(16);
		for (const record of skipped) {
			expect(record.attempts).toBe(0);
			expect(record.sent_at).toBeNull();
		}
		// Every customer was called at most once over both runs.
		const counts = Object.values(stack.emulator.state.countsByCustomer());
		expect(Math.max(...counts)).toBe(1);
		expect(stack.emulator.state.calls).toHaveLength(15);
	});
});
