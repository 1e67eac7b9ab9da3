'use strict';

/**
 * Call → Create Many and Call → Get Recording URL in the real n8n CLI against the emulator:
 *
 *     Rows (26: the 24 fixture customers on two agents, one repeated, one unknown)
 *       → Veritus (Create Many, continue on the regular output)
 *            ├─ Passed → Recording (Get Recording URL, Download Recording) → Write (the audio to disk)
 *            └─ Failed → Blocked
 *
 * The workflow runs twice (two executions of one saved workflow): the first places each passing
 * customer once, in one request per agent; the second places nothing, every placed row skipped by
 * the placement ledger.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const {
	AGENT,
	UNKNOWN_CUSTOMER,
	connect,
	control,
	node,
	noOp,
	output,
	rowsNode,
	startStack,
	veritusId,
	veritusNode,
	workflow,
} = require('./support');

const OTHER_AGENT = 'eb0a90e7-81ed-53b8-b686-326cd76b13f4';
const ACCOUNTS = [
	'100239',
	'100231',
	'cus_8f2a41c9d7e3',
	'100241',
	'100232',
	'100243',
	'cus_3b7e90a1f4c2',
	'100233',
	'cus_6f4e2a8c1d93',
	'100234',
	'cus_7b0e3d9f2c46',
	'cus_c41d8e27b9a0',
	'100235',
	'100242',
	'007215',
	'cus_5e9f02b6a8d1',
	'cus_2c8d4f6a0e15',
	'100236',
	'100237',
	'100240',
	'cus_a7c3e5f18b24',
	'100238',
	'cus_0d6b2f9e4a17',
	'cus_9e1a7c3d5b08',
];
/** Blocked by Veritus at the emulator clock (emulator/fixtures/README.md). */
const BLOCKED = new Set([
	'100239',
	'cus_6f4e2a8c1d93',
	'100240',
	'100241',
	'cus_2c8d4f6a0e15',
	'100242',
	'cus_7b0e3d9f2c46',
	'100243',
]);

const ROWS = [
	...ACCOUNTS.map((account, index) => ({
		customer_id: veritusId(account),
		agent_id: index % 3 === 2 ? OTHER_AGENT : AGENT,
	})),
	{ customer_id: veritusId('100231'), agent_id: AGENT },
	{ customer_id: UNKNOWN_CUSTOMER, agent_id: AGENT },
];
const PASSING = ACCOUNTS.filter((account) => !BLOCKED.has(account)).map(veritusId);

let stack;
let first;
let second;
let audioDir;

beforeAll(async () => {
	stack = await startStack({ emulator: { webhooks: { deliver: false } } });
	audioDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-recordings-'));
	const wf = workflow(
		'Veritus Create Many and recordings',
		[
			rowsNode('Rows', ROWS),
			veritusNode(
				stack.credential,
				{ operation: 'createMany', options: { ledgerSettleTime: 50 } },
				{ onError: 'continueRegularOutput' },
			),
			node(
				'Recording',
				'n8n-nodes-veritus.veritus',
				1,
				{
					resource: 'call',
					operation: 'getRecordingUrl',
					callId: '={{ $json.callId }}',
					downloadRecording: true,
					recordingBinaryProperty: 'recording',
				},
				{ credentials: { veritusApi: stack.credential } },
			),
			node('Write', 'n8n-nodes-base.readWriteFile', 1, {
				operation: 'write',
				fileName: `=${audioDir}/{{ $json.callId }}.wav`,
				dataPropertyName: 'recording',
				options: {},
			}),
			noOp('Blocked'),
		],
		connect({ Rows: [['Veritus']], Veritus: [['Recording'], ['Blocked']], Recording: [['Write']] }),
	);
	await stack.n8n.importWorkflow(wf);
	const env = { N8N_RESTRICT_FILE_ACCESS_TO: audioDir };
	first = await stack.n8n.execute(wf.id, { env });
	second = await stack.n8n.execute(wf.id, { env });
});

afterAll(async () => {
	await stack?.stop();
	if (audioDir) fs.rmSync(audioDir, { recursive: true, force: true });
});

test('Create Many: one request per agent, each passing customer placed once, every row out once with its pairedItem', async () => {
	expect(first.error).toBeUndefined();
	const passed = output(first.run, 'Veritus', 0);
	const failed = output(first.run, 'Veritus', 1);
	expect(passed.map((item) => item.json.customerId)).toEqual(
		ROWS.map((row) => row.customer_id).filter((id, index) => index < 24 && PASSING.includes(id)),
	);
	expect([...passed, ...failed].map((item) => item.pairedItem.item).sort((a, b) => a - b)).toEqual(
		ROWS.map((_, index) => index),
	);
	const byRow = new Map(failed.map((item) => [item.pairedItem.item, item.json]));
	expect(byRow.get(24).failedCheckIds).toEqual(['local:repeated-customer-in-run']);
	expect(byRow.get(25)).toMatchObject({
		error: '[item 25] Veritus did not place the call. Veritus said: "Customer not found"',
		callMayHaveBeenPlaced: false,
	});
	expect(byRow.get(0).failedCheckIds).toEqual(['is-active']);
	expect(byRow.get(5).failedCheckIds).toEqual(['is-active', 'cease-and-desist-exclusion']);

	const requests = (await control(stack.emulator, '/requests')).requests.filter(
		(request) => request.operation === 'createCallsBulk',
	);
	// The first execution: one request per agent (sent at the same time, so in either order); the
	// repeated customer in neither. (The second execution asks again for the rows whose claims were
	// released: blocked by Veritus, or not found.)
	const firstRun = requests.slice(0, 2);
	expect(firstRun.map((request) => request.body.agentId).sort()).toEqual([AGENT, OTHER_AGENT].sort());
	for (const request of firstRun) {
		const expected = ROWS.slice(0, 26)
			.filter((row, index) => index !== 24 && row.agent_id === request.body.agentId)
			.map((row) => row.customer_id);
		expect(request.body.customerIds).toEqual(expected);
	}
	const { countsByCustomer } = await control(stack.emulator, '/calls');
	expect(Object.entries(countsByCustomer).filter(([, count]) => count > 0)).toEqual(
		expect.arrayContaining(PASSING.map((id) => [id, 1])),
	);
	expect(Object.values(countsByCustomer).reduce((sum, count) => sum + count, 0)).toBe(PASSING.length);
});

test('Get Recording URL: a signed URL and its estimated expiry per placed call, the audio downloaded as binary data and written to disk', () => {
	const recordings = output(first.run, 'Recording', 0);
	const callIds = output(first.run, 'Veritus', 0).map((item) => item.json.callId);
	expect(recordings.map((item) => item.json.callId)).toEqual(callIds);
	for (const item of recordings) {
		expect(item.json.signedUrl).toMatch(/\/recordings\/[0-9a-f-]{36}\.wav\?/);
		expect(item.json.expiresAtEstimated).toBe(true);
		expect(Date.parse(item.json.expiresAt)).toBeGreaterThan(Date.now());
		expect(item.json.recordingError).toBeUndefined();
		expect(item.binary.recording).toMatchObject({
			mimeType: 'audio/wav',
			fileName: `recording-${item.json.callId}.wav`,
		});
	}
	const written = fs.readdirSync(audioDir).sort();
	expect(written).toEqual(callIds.map((id) => `${id}.wav`).sort());
	for (const file of written)
		expect(fs.readFileSync(path.join(audioDir, file)).subarray(0, 4).toString('latin1')).toBe('RIFF');
});

test('the second execution places nothing: every placed row is skipped by the placement ledger', async () => {
	expect(second.error).toBeUndefined();
	expect(output(second.run, 'Veritus', 0)).toEqual([]);
	const failed = output(second.run, 'Veritus', 1);
	const skipped = failed.filter((item) => (item.json.failedCheckIds ?? []).includes('local:already-placed'));
	expect(skipped.map((item) => item.json.customerId).sort()).toEqual([...PASSING].sort());
	const { calls } = await control(stack.emulator, '/calls');
	expect(calls).toHaveLength(PASSING.length);
	// Asked again: only the rows whose claims were released (blocked by Veritus, or not found).
	const again = (await control(stack.emulator, '/requests')).requests
		.filter((request) => request.operation === 'createCallsBulk')
		.slice(2);
	expect(again.flatMap((request) => request.body.customerIds).sort()).toEqual(
		[...[...BLOCKED].map(veritusId), UNKNOWN_CUSTOMER].sort(),
	);
});
