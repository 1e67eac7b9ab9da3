'use strict';

/**
 * Customer → Create Many, Customer → Update and Client → List in a real n8n process (CLI) against
 * the emulator: a sheet of account numbers becomes Veritus customers (Created, Already Exists, the
 * error output for a bad row), the created ones are updated with the IDs Veritus returned (a field
 * changed, one cleared), and the clients are listed. Then runs with bad SSN last four and dates of
 * birth, at n8n's debug log level: neither value appears in n8n's log lines, nor in any error or
 * execution hint of the run.
 */
const { startStack, node, connect, rowsNode, noOp, workflow, output, control } = require('./support');

/** The rows of a sheet: account numbers and contact fields, no Veritus ID. */
const ROWS = [
	{
		account: '100231',
		first: 'Maria',
		last: 'Gonzalez',
		email: 'maria@example.com',
		phone: '+12135550142',
		zip: '90013',
	},
	{
		account: 'N8N-1',
		first: 'Ana',
		last: 'Silva',
		email: 'ana@example.com',
		phone: '+12025550101',
		phone2: '+12025550199',
		zip: '20001',
		ssn: '5521',
		dob: '1979-04-02',
		balance: '1200.50',
	},
	{
		account: 'N8N-2',
		first: 'Ben',
		last: 'Ode',
		email: 'ben@example.com',
		phone: '+12025550102',
		phone2: '+12025550198',
		zip: '20001-1234',
	},
	{ account: 'N8N-BAD', first: 'Cy', last: 'Bad', email: 'cy@example.com', phone: '+12025550103', zip: '123' },
];

/** Customer → Create Many parameters mapping the sheet's columns. */
const CREATE_MANY = {
	resource: 'customer',
	operation: 'createMany',
	externalId: '={{ $json.account }}',
	firstName: '={{ $json.first }}',
	lastName: '={{ $json.last }}',
	email: '={{ $json.email }}',
	primaryPhone: '={{ $json.phone }}',
	zip: '={{ $json.zip }}',
	additionalFields: {
		secondaryPhone: '={{ $json.phone2 }}',
		ssnLastFour: '={{ $json.ssn }}',
		dateOfBirth: '={{ $json.dob }}',
	},
	collections: { totalBalance: '={{ $json.balance }}' },
	outputLayout: 'split',
	options: { chunkSize: 2 },
};

let stack;
beforeAll(async () => {
	stack = await startStack();
});
afterAll(async () => {
	await stack?.stop();
});

/** A Veritus node with `parameters` and the stack's credential. */
function veritus(name, parameters, settings = {}) {
	return node(name, 'n8n-nodes-veritus.veritus', 1, parameters, {
		credentials: { veritusApi: stack.credential },
		...settings,
	});
}

async function runWorkflow(wf, env) {
	await stack.n8n.importWorkflow(wf);
	return await stack.n8n.execute(wf.id, { env });
}

test('Create Many → Update with the IDs Veritus returned, and Client → List, in real n8n', async () => {
	const wf = workflow(
		'customers from a sheet',
		[
			rowsNode('Sheet', ROWS),
			veritus('Create customers', CREATE_MANY, { onError: 'continueErrorOutput' }),
			veritus('Update customers', {
				resource: 'customer',
				operation: 'update',
				customerId: '={{ $json.id }}',
				updateFields: { firstName: '={{ $json.firstName + " Updated" }}' },
				fieldsToClear: ['secondaryPhone'],
			}),
			noOp('Updated'),
			noOp('Already in Veritus'),
			noOp('Bad rows'),
			veritus('List clients', { resource: 'client', operation: 'list' }),
			noOp('Clients'),
		],
		{
			Start: {
				main: [
					[
						{ node: 'Sheet', type: 'main', index: 0 },
						{ node: 'List clients', type: 'main', index: 0 },
					],
				],
			},
			...connect({
				Sheet: [['Create customers']],
				'Create customers': [['Update customers'], ['Already in Veritus'], ['Bad rows']],
				'Update customers': [['Updated']],
				'List clients': [['Clients']],
			}),
		},
	);
	const result = await runWorkflow(wf);
	expect(result.ok).toBe(true);

	// Create Many: Created, Already Exists and the error output, each item paired with its row.
	const created = output(result.run, 'Create customers', 0);
	expect(created.map((item) => [item.pairedItem, item.json.externalId, item.json.alreadyExists])).toEqual([
		[{ item: 1 }, 'N8N-1', false],
		[{ item: 2 }, 'N8N-2', false],
	]);
	expect(created[0].json).toMatchObject({
		secondaryPhone: '+12025550199',
		collections: { totalBalance: 1200.5 },
		address: { zip: '20001' },
	});
	expect(output(result.run, 'Already in Veritus').map((item) => item.json)).toEqual([
		{
			alreadyExists: true,
			externalId: '100231',
			id: null,
			message: "Customer with external ID '100231' already exists",
		},
	]);
	const bad = output(result.run, 'Bad rows');
	expect(bad).toHaveLength(1);
	expect(bad[0].json.error).toBe('[item 3] ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), got "123"');

	// Update: the IDs Veritus returned, a field changed and one cleared.
	const updated = output(result.run, 'Updated');
	expect(updated.map((item) => [item.json.id, item.json.firstName, item.json.secondaryPhone])).toEqual([
		[created[0].json.id, 'Ana Updated', null],
		[created[1].json.id, 'Ben Updated', null],
	]);
	const requests = (await control(stack.emulator, '/requests')).requests;
	const bodies = (operation) => requests.filter((request) => request.operation === operation).map((r) => r.body);
	// Chunks are sent concurrently too: compare them in a fixed order.
	const chunks = bodies('createCustomersBulk').map((body) => body.customers.map((customer) => customer.externalId));
	expect(chunks.sort((a, b) => b.length - a.length)).toEqual([['100231', 'N8N-1'], ['N8N-2']]);
	// Updates run concurrently, so their arrival order at the emulator is not the items' order.
	const byName = (a, b) => a.firstName.localeCompare(b.firstName);
	expect(bodies('updateCustomer').sort(byName)).toEqual([
		{ firstName: 'Ana Updated', secondaryPhone: null },
		{ firstName: 'Ben Updated', secondaryPhone: null },
	]);
	const stored = (await control(stack.emulator, '/customers')).customers
		.filter((c) => c.externalId.startsWith('N8N-'))
		.sort((a, b) => a.externalId.localeCompare(b.externalId)); // created by concurrent chunks, in either order
	expect(stored.map((customer) => [customer.externalId, customer.firstName, customer.secondaryPhone])).toEqual([
		['N8N-1', 'Ana Updated', null],
		['N8N-2', 'Ben Updated', null],
	]);

	// Client → List: one item per client.
	expect(output(result.run, 'Clients').map((item) => item.json.name)).toEqual([
		'Northwind Lending',
		'Harbor Auto Finance',
		'Summit Card Services',
	]);
	expect(bodies('listClients')).toHaveLength(1);
	expect(await control(stack.emulator, '/violations')).toEqual({ violations: [] });
});

/** Bad SSN last four and dates of birth, and a collections customer missing its date of birth. */
const SENSITIVE = ['84a2', '84210', '1966-02-30', '02/14/1966', '8421', '1966-02-14'];
const BAD_ROWS = [
	{ ...ROWS[1], account: 'S-1', ssn: '84a2', dob: '1966-02-14' },
	{ ...ROWS[1], account: 'S-2', ssn: '84210', dob: '1966-02-14' },
	{ ...ROWS[1], account: 'S-3', ssn: '8421', dob: '1966-02-30' },
	{ ...ROWS[1], account: 'S-4', ssn: '8421', dob: '02/14/1966' },
	{ ...ROWS[1], account: 'S-5', ssn: '8421', dob: '' },
];

/**
 * What n8n logged, without the run data `--rawOutput` prints (which holds the input rows: the
 * user's own data): every log line but the one whose message is the run.
 */
function logText(result) {
	const text = `${result.stdout}\n${result.stderr}`;
	const lines = text.split('\n');
	const start = lines.indexOf('{');
	const end = start >= 0 ? lines.indexOf('}', start) : -1;
	const kept = start >= 0 && end > start ? [...lines.slice(0, start), ...lines.slice(end + 1)] : lines;
	return kept.filter((line) => !line.includes('resultData')).join('\n');
}

/** The errors and hints of a run: the execution's error, each task's error and hints, error items' texts. */
function errorsAndHints(run) {
	const parts = [run?.data?.resultData?.error ?? null];
	for (const tasks of Object.values(run?.data?.resultData?.runData ?? {})) {
		for (const task of tasks) {
			parts.push(task.error ?? null, task.hints ?? []);
			for (const items of task.data?.main ?? []) {
				for (const item of items ?? []) {
					if (item.json?.error !== undefined) parts.push(item.json.error, item.json.description ?? null);
				}
			}
		}
	}
	return JSON.stringify(parts);
}

test('no SSN last four or date of birth in n8n’s log, errors or hints (debug log level)', async () => {
	const env = { N8N_LOG_LEVEL: 'debug' };
	const runs = [
		{ name: 'error output', settings: { onError: 'continueErrorOutput' }, operation: CREATE_MANY },
		{
			name: 'regular output',
			settings: { onError: 'continueRegularOutput' },
			operation: { ...CREATE_MANY, operation: 'create' },
		},
		{ name: 'stop', settings: {}, operation: CREATE_MANY },
		{
			name: 'update, stop',
			settings: {},
			operation: {
				resource: 'customer',
				operation: 'update',
				customerId: '00000000-0000-4000-8000-000000000000',
				updateFields: { ssnLastFour: '={{ $json.ssn }}', dateOfBirth: '={{ $json.dob }}' },
			},
		},
	];
	const results = [];
	for (const { name, settings, operation } of runs) {
		const wf = workflow(
			`sensitive values ${name}`,
			[rowsNode('Sheet', BAD_ROWS), veritus('Veritus', operation, settings), noOp('After')],
			connect({ Sheet: [['Veritus']], Veritus: [['After'], ['After'], ['After']] }),
		);
		results.push(await runWorkflow(wf, env));
	}
	// The runs did fail on those fields, so the search means something.
	const everything = results.map((result) => errorsAndHints(result.run) + logText(result)).join('\n');
	expect(everything).toContain('SSN Last Four must be exactly 4 digits');
	expect(everything).toContain('Date of Birth is not a real calendar date');
	expect(everything).toContain('Date of Birth is required when a Collections Account is given');
	expect(results.filter((result) => !result.ok).length).toBeGreaterThanOrEqual(2);
	for (const result of results) {
		const shown = errorsAndHints(result.run) + logText(result);
		for (const value of SENSITIVE) expect({ value, found: shown.includes(value) }).toEqual({ value, found: false });
	}
});
