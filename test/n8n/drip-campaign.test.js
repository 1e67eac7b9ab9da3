'use strict';

/**
 * Drip Campaign → Enroll and Cancel in the real n8n CLI against the emulator: one workflow enrols
 * three customers (one starts now, one is scheduled, one is blocked by compliance) and cancels the
 * enrolments on Passed with a reason; run a second time, the placement ledger enrols nobody twice
 * and nothing is cancelled again.
 */
const { veritusId, startStack, node, connect, rowsNode, noOp, workflow, output, control } = require('./support');

const CAMPAIGN = 'early-stage-collections';
const ENROLLED_NOW = veritusId('100231');
const SCHEDULED = veritusId('100242');
const BLOCKED = veritusId('100239');

let stack;
let wf;
let first;
let second;
let enrollmentsAfterFirst;

/** `{ ok: true }` for a run that succeeded, else what n8n said. */
const outcome = (result) =>
	result.ok
		? { ok: true }
		: {
				ok: false,
				code: result.code,
				error: result.error?.message,
				output: `${result.stdout}\n${result.stderr}`.slice(-3000),
			};

/** The emulator's enrolment ID of a customer, after run 1. */
const idOf = (customerId) => enrollmentsAfterFirst.find((entry) => entry.customerId === customerId)?.id;

/** A Veritus node named `name` with the stack's credential. */
function veritus(name, parameters) {
	return node(name, 'n8n-nodes-veritus.veritus', 1, parameters, { credentials: { veritusApi: stack.credential } });
}

beforeAll(async () => {
	stack = await startStack();
	wf = workflow(
		'drip campaign: enroll, then cancel',
		[
			rowsNode(
				'Rows',
				[ENROLLED_NOW, SCHEDULED, BLOCKED].map((customer_id) => ({ customer_id, campaign: CAMPAIGN })),
			),
			veritus('Enroll', {
				resource: 'dripCampaign',
				operation: 'enroll',
				customerId: '={{ $json.customer_id }}',
				campaignName: '={{ $json.campaign }}',
				options: { ledgerSettleTime: 50 },
			}),
			veritus('Cancel', {
				resource: 'dripCampaign',
				operation: 'cancel',
				customerId: '={{ $json.customerId }}',
				dripCampaignId: '={{ $json.dripCampaignId }}',
				reason: 'customer-converted',
			}),
			noOp('Cancelled'),
			noOp('Not enrolled'),
		],
		connect({ Rows: [['Enroll']], Enroll: [['Cancel'], ['Not enrolled']], Cancel: [['Cancelled']] }),
	);
	await stack.n8n.importWorkflow(wf);
	first = await stack.n8n.execute(wf.id);
	enrollmentsAfterFirst = (await control(stack.emulator, '/drip-campaigns')).enrollments;
	second = await stack.n8n.execute(wf.id);
});

afterAll(async () => {
	await stack?.stop();
});

test('run 1: enrolled now and scheduled on Passed, the blocked customer on Failed with its rule', () => {
	// On failure, the assertion shows n8n's exit code, error and last output.
	expect(outcome(first)).toEqual({ ok: true });
	const passed = output(first.run, 'Enroll', 0).map((item) => item.json);
	expect(passed.map((json) => [json.customerId, json.dripCampaignStatus, json.startsNow])).toEqual([
		[ENROLLED_NOW, 'in-progress', true],
		[SCHEDULED, 'scheduled', false],
	]);
	expect(passed.map((json) => json.dripCampaignId)).toEqual([idOf(ENROLLED_NOW), idOf(SCHEDULED)]);
	const failed = output(first.run, 'Not enrolled').map((item) => item.json);
	expect(failed).toHaveLength(1);
	expect(failed[0]).toMatchObject({ customerId: BLOCKED, enrolled: false, failedCheckIds: ['is-active'] });
});

test('run 1: Cancel cancels both enrolments with the reason, one item each, on one output', () => {
	const cancelOutputs = first.run.data.resultData.runData.Cancel[0].data.main;
	expect(cancelOutputs).toHaveLength(1);
	const cancelled = output(first.run, 'Cancelled').map((item) => item.json);
	expect(cancelled.map((json) => [json.customerId, json.dripCampaignId, json.canceled, json.reason])).toEqual([
		[ENROLLED_NOW, idOf(ENROLLED_NOW), true, 'customer-converted'],
		[SCHEDULED, idOf(SCHEDULED), true, 'customer-converted'],
	]);
	expect(cancelled.map((json) => json.dripCampaignStatus)).toEqual(['canceled', 'canceled']);
	expect(output(first.run, 'Cancel').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});

test('run 2: the ledger enrols nobody twice; the blocked customer is asked again; nothing is cancelled again', async () => {
	expect(outcome(second)).toEqual({ ok: true });
	expect(output(second.run, 'Enroll', 0)).toEqual([]);
	const failed = output(second.run, 'Not enrolled').map((item) => item.json);
	expect(failed.map((json) => [json.customerId, json.failedCheckIds])).toEqual([
		[ENROLLED_NOW, ['local:already-placed']],
		[SCHEDULED, ['local:already-placed']],
		[BLOCKED, ['is-active']],
	]);
	expect(failed[0].idempotencyKey).toBe(`enroll|${ENROLLED_NOW}|${CAMPAIGN}`);
	// The Cancel node got no items, so it did not run.
	expect(second.run.data.resultData.runData.Cancel).toBeUndefined();

	const { requests } = await control(stack.emulator, '/requests');
	const operations = requests.map((request) => `${request.operation} ${request.customerId}`);
	// Run 1: three enrolments, then two cancellations (each sent concurrently, so in any order).
	expect(operations.slice(0, 3).sort()).toEqual(
		[ENROLLED_NOW, SCHEDULED, BLOCKED].map((customerId) => `enrollDripCampaign ${customerId}`).sort(),
	);
	expect(operations.slice(3, 5).sort()).toEqual(
		[`cancelDripCampaign ${ENROLLED_NOW}`, `cancelDripCampaign ${SCHEDULED}`].sort(),
	);
	// Run 2: only the blocked customer, whose key was released.
	expect(operations.slice(5)).toEqual([`enrollDripCampaign ${BLOCKED}`]);
	const { enrollments } = await control(stack.emulator, '/drip-campaigns');
	expect(
		enrollments.map((entry) => [entry.customerId, entry.status, entry.reason]).sort((a, b) => a[0].localeCompare(b[0])),
	).toEqual(
		[
			[ENROLLED_NOW, 'canceled', 'customer-converted'],
			[SCHEDULED, 'canceled', 'customer-converted'],
		].sort((a, b) => a[0].localeCompare(b[0])),
	);
	const { violations } = await control(stack.emulator, '/violations');
	expect(violations).toEqual([]);
});
