'use strict';

/**
 * The bearer token never leaks: a distinctive token is used for runs that end in every kind of
 * error (rejected token, 404, 400 validation, 503, reset, timeout, malformed body, refused
 * connection), under "Continue (using regular output)", "Continue (using error output)" and
 * Stop Workflow, with n8n logging at debug level. Then everything n8n wrote is searched: its
 * stdout and stderr, every file in its user folder (the SQLite database with the saved
 * executions included), and the emulator's request log.
 */
const fs = require('fs');
const path = require('path');
const {
	veritusId,
	AGENT,
	UNKNOWN_CUSTOMER,
	startStack,
	connect,
	rowsNode,
	veritusNode,
	noOp,
	workflow,
	control,
} = require('./support');

const TOKEN = 'tok_LEAKCHECK_9f8e7d6c5b4a';
const WRONG_TOKEN = 'tok_WRONGLEAK_1a2b3c4d5e';

const ROWS = [
	{ customer_id: veritusId('100232'), agent_id: AGENT }, // placed
	{ customer_id: veritusId('100241'), agent_id: AGENT }, // blocked
	{ customer_id: UNKNOWN_CUSTOMER, agent_id: AGENT }, // 404
	{ customer_id: veritusId('100233'), agent_id: 'agent-unknown' }, // 400 unknown agent
	{ customer_id: veritusId('100236'), agent_id: AGENT }, // 503
	{ customer_id: veritusId('100237'), agent_id: AGENT }, // reset after placing
	{ customer_id: veritusId('100238'), agent_id: AGENT }, // timeout
	{ customer_id: veritusId('100234'), agent_id: AGENT }, // malformed JSON
];

const FAULTS = [
	{ type: 'status', status: 503, customerId: veritusId('100236') },
	{ type: 'reset-after', customerId: veritusId('100237') },
	{ type: 'timeout', ms: 3000, customerId: veritusId('100238') },
	{ type: 'malformed-json', customerId: veritusId('100234') },
];

let stack;
const outputs = [];
const emulatorLog = [];

beforeAll(async () => {
	stack = await startStack({ token: TOKEN, emulator: { faults: FAULTS } });
	// A second credential with a token the emulator rejects (401), and one pointing nowhere.
	await stack.n8n.importCredentials([
		{
			id: 'veritusWrongTok1',
			name: 'Veritus wrong token',
			type: 'veritusApi',
			data: { apiToken: WRONG_TOKEN, baseUrl: stack.emulator.baseUrl },
		},
		{
			id: 'veritusNoHost01',
			name: 'Veritus nowhere',
			type: 'veritusApi',
			data: { apiToken: TOKEN, baseUrl: 'http://127.0.0.1:9/api/v1' },
		},
	]);
	const env = { N8N_LOG_LEVEL: 'debug' };
	const runs = [
		{ credential: stack.credential, settings: { onError: 'continueRegularOutput' } },
		{ credential: stack.credential, settings: { onError: 'continueErrorOutput' } },
		{ credential: stack.credential, settings: {} },
		{
			credential: { id: 'veritusWrongTok1', name: 'Veritus wrong token' },
			settings: { onError: 'continueRegularOutput' },
		},
		{ credential: { id: 'veritusWrongTok1', name: 'Veritus wrong token' }, settings: {} },
		{ credential: { id: 'veritusNoHost01', name: 'Veritus nowhere' }, settings: { onError: 'continueRegularOutput' } },
	];
	for (const { credential, settings } of runs) {
		await fetch(`${stack.emulator.controlUrl}/reset`, { method: 'POST' });
		const wf = workflow(
			`leak check ${credential.id} ${JSON.stringify(settings)}`,
			[
				rowsNode('Rows', ROWS),
				veritusNode(credential, { options: { timeout: 1000, maxAttempts: 2 } }, settings),
				noOp('After'),
			],
			connect({ Rows: [['Veritus']], Veritus: [['After'], ['After'], ['After']] }),
		);
		await stack.n8n.importWorkflow(wf);
		const result = await stack.n8n.execute(wf.id, { env });
		outputs.push({ settings, credential: credential.id, result });
		emulatorLog.push(...(await control(stack.emulator, '/requests')).requests);
	}
});

afterAll(async () => {
	await stack?.stop();
});

function filesUnder(folder) {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full);
		return [full];
	});
}

test('the runs really produced errors of every kind (so the search below means something)', () => {
	const everything = outputs.map(({ result }) => result.stdout + result.stderr).join('\n');
	expect(everything).toContain('was not found in Veritus (HTTP 404)');
	expect(everything).toContain('The Veritus API failed (HTTP 503)');
	expect(everything).toContain('The Veritus API token was rejected (HTTP 401)');
	expect(everything).toContain('Veritus did not answer within 1000 ms');
	expect(everything).toContain('Could not connect to the Veritus API (ECONNREFUSED)');
	expect(outputs.filter(({ result }) => !result.ok).length).toBeGreaterThanOrEqual(2);
});

test.each([TOKEN, WRONG_TOKEN])('token %s appears in no stdout, stderr, output item or error', (token) => {
	for (const { result } of outputs) {
		expect(result.stdout).not.toContain(token);
		expect(result.stderr).not.toContain(token);
		expect(JSON.stringify(result.run ?? {})).not.toContain(token);
	}
});

test.each([TOKEN, WRONG_TOKEN])('token %s appears in no file n8n wrote (database and logs included)', (token) => {
	const files = filesUnder(stack.n8n.userFolder);
	expect(files.some((file) => file.endsWith('.sqlite'))).toBe(true);
	const leaking = files.filter((file) => fs.readFileSync(file).includes(Buffer.from(token)));
	expect(leaking).toEqual([]);
});

test('the emulator received authorized and rejected requests, and its log holds no token', () => {
	expect(emulatorLog.filter((request) => request.authorized).length).toBeGreaterThan(0);
	expect(emulatorLog.filter((request) => request.status === 401).length).toBeGreaterThan(0);
	expect(JSON.stringify(emulatorLog)).not.toContain(TOKEN);
	expect(JSON.stringify(emulatorLog)).not.toContain(WRONG_TOKEN);
});
