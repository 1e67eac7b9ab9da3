/**
 * The placement ledger ("Skip Calls Already Placed") in n8n-core's real WorkflowExecute against
 * the emulator, across executions of one workflow. The processed-data store is the harness's
 * in-memory copy of n8n's (test/helpers/deduplicator.ts): same semantics, including the
 * read-then-write races between concurrent writers.
 */
import type { IDataObject, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import { AGENT, emulatorCalls, emulatorRequests, setFaults, useEmulator, UNKNOWN_CUSTOMER } from '../helpers/emulator';
import { PASSING, veritusId } from '../helpers/fixtures';
import { processedData, runVeritusWorkflow, type RunVeritusOptions } from '../helpers/workflow-harness';

const TOKEN = 'tok_ledger_9e8d7c';
const emulator = useEmulator({ token: TOKEN });

let workflowCounter = 0;
/** A workflow ID of its own for each test, so that tests do not share a ledger. */
const newWorkflowId = () => `ledger-test-${process.pid}-${++workflowCounter}`;

const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({ credentials: { apiToken: TOKEN, baseUrl: emulator.current.baseUrl }, ...options });

/** Fast settle time for tests; the race tests set their own. */
const LEDGER = { ledgerSettleTime: 20 };

const rows = (...customerIds: string[]): IDataObject[] =>
	customerIds.map((customerId) => ({ customerId, agentId: AGENT }));
/** Calls placed per customer, for the customers that have any. */
const callCounts = async (): Promise<Record<string, number>> =>
	Object.fromEntries(
		Object.entries((await emulatorCalls(emulator.current)).countsByCustomer).filter(([, count]) => count > 0),
	);
const checkIds = (item: INodeExecutionData) => item.json.failedCheckIds as string[];

/** The 16 fixture customers that pass every compliance check (emulator/fixtures). */
const SIXTEEN = [...PASSING];

beforeEach(() => {
	processedData.gapMs = 0;
	processedData.failNext = 0;
});

describe('a new execution of the same input places no second call', () => {
	test('a manual re-run: the placed rows go to Failed with local:already-placed, naming the key', async () => {
		const workflowId = newWorkflowId();
		const items = rows(veritusId('100231'), veritusId('100232'), veritusId('100239'));
		const parameters = { options: LEDGER };
		const first = await run({ items, workflowId, veritus: { parameters } });
		expect(first.error).toBeUndefined();
		expect(first.outputs[0].map((item) => item.json.customerId)).toEqual([veritusId('100231'), veritusId('100232')]);
		// 100239 is blocked by Veritus's compliance: certainly not placed, so its key was released.
		expect(checkIds(first.outputs[1][0])).not.toContain('local:already-placed');

		const second = await run({ items, workflowId, veritus: { parameters } });
		expect(second.error).toBeUndefined();
		expect(second.outputs[0]).toEqual([]);
		const [skipped231, skipped232, asked239] = second.outputs[1];
		for (const [item, customerId] of [
			[skipped231, veritusId('100231')],
			[skipped232, veritusId('100232')],
		] as const) {
			expect(checkIds(item)).toEqual(['local:already-placed']);
			expect(item.json.failedReasons).toContain(
				'an earlier run of this workflow already placed or attempted this call',
			);
			expect(item.json.idempotencyKey).toMatch(new RegExp(`^${customerId}\\|\\d{4}-\\d{2}-\\d{2}$`));
			expect(item.json.failedReasons).toContain(`Placement Key "${item.json.idempotencyKey as string}"`);
			expect(item.json.attempts).toBe(0);
		}
		// The blocked customer was asked again (its call was never placed), and blocked again.
		expect(checkIds(asked239)).not.toContain('local:already-placed');
		expect(await callCounts()).toEqual({ [veritusId('100231')]: 1, [veritusId('100232')]: 1 });
		const requests = await emulatorRequests(emulator.current);
		expect(requests.map((request) => request.customerId).sort()).toEqual(
			[veritusId('100231'), veritusId('100232'), veritusId('100239'), veritusId('100239')].sort(),
		);
	});

	test('an event delivered twice at the same moment: two executions race, exactly one call', async () => {
		const workflowId = newWorkflowId();
		processedData.gapMs = 25;
		const lostBefore = processedData.lostUpdates;
		const parameters = { options: { ledgerSettleTime: 200 } };
		const [a, b] = await Promise.all([
			run({ items: rows(veritusId('100233')), workflowId, veritus: { parameters } }),
			run({ items: rows(veritusId('100233')), workflowId, veritus: { parameters } }),
		]);
		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		const placed = [...a.outputs[0], ...b.outputs[0]];
		const skipped = [...a.outputs[1], ...b.outputs[1]];
		expect(placed).toHaveLength(1);
		expect(skipped.map(checkIds)).toEqual([['local:already-placed']]);
		expect(await callCounts()).toEqual({ [veritusId('100233')]: 1 });
		// In one process the node never runs two writes to a record at once: nothing was lost.
		expect(processedData.lostUpdates).toBe(lostBefore);
	});

	test('many executions race on overlapping customers: every customer is called once', async () => {
		const workflowId = newWorkflowId();
		processedData.gapMs = 10;
		const parameters = { options: { ledgerSettleTime: 150 } };
		const batches = [
			rows(...SIXTEEN.slice(0, 8)),
			rows(...SIXTEEN.slice(4, 12)),
			rows(...SIXTEEN.slice(8, 16)),
			rows(...SIXTEEN),
			rows(...SIXTEEN.slice(2, 10)),
		];
		const results = await Promise.all(
			batches.map(async (items) => await run({ items, workflowId, veritus: { parameters } })),
		);
		for (const result of results) expect(result.error).toBeUndefined();
		const placed = results.flatMap((result) => result.outputs[0].map((item) => item.json.customerId));
		expect([...placed].sort()).toEqual(SIXTEEN.sort());
		const counts = await callCounts();
		expect(Object.values(counts).every((count) => count === 1)).toBe(true);
		expect(Object.keys(counts).sort()).toEqual([...SIXTEEN].sort());
	});
});

describe('retrying a failed execution (Stop Workflow)', () => {
	test('placed rows are not dialled again, unsent rows are placed, the unknown row waits for a release', async () => {
		const workflowId = newWorkflowId();
		const items = rows(...SIXTEEN);
		// Row 8 answers 503: the outcome is unknown and the run stops.
		const row8 = SIXTEEN[8];
		await setFaults(emulator.current, [{ type: 'status', status: 503, customerId: row8, times: 1 }]);
		const parameters = { options: { ...LEDGER, maxConcurrent: 1 } };
		const first = await run({ items, workflowId, veritus: { parameters } });

		expect(first.error?.message).toContain('[item 8] The Veritus API failed (HTTP 503)');
		// The error lists the calls placed before it: customer, call ID and request ID.
		const placedBefore = SIXTEEN.slice(0, 8);
		const description = String(first.error?.description);
		expect(description).toContain('Calls already placed in this run (8):');
		const calls = (await emulatorCalls(emulator.current)).calls as Array<{
			customerId: string;
			id: string;
			requestId?: string;
		}>;
		expect(calls.map((call) => call.customerId)).toEqual(placedBefore);
		for (const call of calls) expect(description).toContain(`customer ${call.customerId}, call ${call.id}`);
		const requests = await emulatorRequests(emulator.current);
		for (const request of requests.filter((entry) => entry.placed))
			expect(description).toContain(`request ${request.requestId}`);
		expect(description).toContain(
			`Calls that may have been placed (outcome unknown; check Veritus) (1):\n- item 8: customer ${row8}`,
		);
		expect((first.error as unknown as NodeApiError).context?.placedCalls).toHaveLength(8);

		// n8n's Retry: a new execution with the same input.
		const retry = await run({ items, workflowId, veritus: { parameters } });
		expect(retry.error).toBeUndefined();
		const [passed, failed] = retry.outputs;
		expect(passed.map((item) => item.json.customerId)).toEqual(SIXTEEN.slice(9));
		expect(failed.map((item) => item.json.customerId)).toEqual([...placedBefore, row8]);
		for (const item of failed) expect(checkIds(item)).toEqual(['local:already-placed']);
		expect(failed[8].json.failedReasons).toContain('release the key with Placement Ledger → Release');
		expect(Object.values(await callCounts()).every((count) => count === 1)).toBe(true);

		// After checking Veritus, the user releases the unknown row's key; the next run places it.
		const release = await run({
			items: [{ idempotencyKey: failed[8].json.idempotencyKey }],
			workflowId,
			veritus: {
				parameters: { resource: 'placementLedger', operation: 'release', placementKey: '={{ $json.idempotencyKey }}' },
			},
		});
		expect(release.error).toBeUndefined();
		expect(release.outputs[0].map((item) => item.json)).toEqual([
			{ idempotencyKey: failed[8].json.idempotencyKey, released: true, wasRecorded: true },
		]);
		const third = await run({ items, workflowId, veritus: { parameters } });
		expect(third.outputs[0].map((item) => item.json.customerId)).toEqual([row8]);
		expect((await callCounts())[row8]).toBe(1);
	});
});

describe('claims are released when the call was certainly not placed', () => {
	test('a 404 (the API refused the request): the next run asks again', async () => {
		const workflowId = newWorkflowId();
		const parameters = { options: LEDGER };
		for (let runNumber = 0; runNumber < 2; runNumber++) {
			const result = await run({
				items: rows(UNKNOWN_CUSTOMER),
				workflowId,
				veritus: { parameters, continueOnFail: true },
			});
			expect(result.outputs[1][0].json).toMatchObject({ httpCode: 404, callMayHaveBeenPlaced: false });
		}
		expect(
			(await emulatorRequests(emulator.current)).filter((request) => request.customerId === UNKNOWN_CUSTOMER),
		).toHaveLength(2);
	});

	test('a 429 after the retry budget: the next run places the call', async () => {
		const workflowId = newWorkflowId();
		await setFaults(emulator.current, [
			{ type: 'status', status: 429, retryAfter: 0, customerId: veritusId('100235'), times: 2 },
		]);
		const parameters = { options: { ...LEDGER, maxAttempts: 2 } };
		const first = await run({
			items: rows(veritusId('100235')),
			workflowId,
			veritus: { parameters, continueOnFail: true },
		});
		expect(first.outputs[1][0].json).toMatchObject({ httpCode: 429, callMayHaveBeenPlaced: false });
		const second = await run({
			items: rows(veritusId('100235')),
			workflowId,
			veritus: { parameters, continueOnFail: true },
		});
		expect(second.outputs[0].map((item) => item.json.customerId)).toEqual([veritusId('100235')]);
		expect((await callCounts())[veritusId('100235')]).toBe(1);
	});

	test('a timeout (outcome unknown) keeps the claim: the next run skips the row and says how to release it', async () => {
		const workflowId = newWorkflowId();
		await setFaults(emulator.current, [{ type: 'timeout', ms: 2000, customerId: veritusId('100236'), times: 1 }]);
		const parameters = { options: { ...LEDGER, timeout: 300 } };
		const first = await run({
			items: rows(veritusId('100236')),
			workflowId,
			veritus: { parameters, continueOnFail: true },
		});
		expect(first.outputs[1][0].json.callMayHaveBeenPlaced).toBe(true);
		const second = await run({
			items: rows(veritusId('100236')),
			workflowId,
			veritus: { parameters, continueOnFail: true },
		});
		expect(checkIds(second.outputs[1][0])).toEqual(['local:already-placed']);
		expect(second.outputs[1][0].json.failedReasons).toContain('Placement Ledger → Release');
		expect(
			(await emulatorRequests(emulator.current)).filter((request) => request.customerId === veritusId('100236')),
		).toHaveLength(1);
	});
});

describe('the ledger itself', () => {
	test('a custom Placement Key (a CRM event ID): the same event is placed once, another event for the customer is placed', async () => {
		const workflowId = newWorkflowId();
		const parameters = { options: { ...LEDGER, placementKey: '={{ $json.eventId }}', onePerCustomer: false } };
		const first = await run({
			items: [{ customerId: veritusId('100237'), agentId: AGENT, eventId: 'evt-1' }],
			workflowId,
			veritus: { parameters },
		});
		expect(first.outputs[0][0].json.idempotencyKey).toBe('evt-1');
		const again = await run({
			items: [
				{ customerId: veritusId('100237'), agentId: AGENT, eventId: 'evt-1' },
				{ customerId: veritusId('100237'), agentId: AGENT, eventId: 'evt-2' },
			],
			workflowId,
			veritus: { parameters },
		});
		expect(again.outputs[0].map((item) => item.json.idempotencyKey)).toEqual(['evt-2']);
		expect(again.outputs[1].map((item) => item.json.idempotencyKey)).toEqual(['evt-1']);
		expect((await callCounts())[veritusId('100237')]).toBe(2);
	});

	test('"Skip Calls Already Placed" off: a re-run calls again', async () => {
		const workflowId = newWorkflowId();
		const parameters = { options: { skipPlaced: false } };
		await run({ items: rows(veritusId('100238')), workflowId, veritus: { parameters } });
		const second = await run({ items: rows(veritusId('100238')), workflowId, veritus: { parameters } });
		expect(second.outputs[0]).toHaveLength(1);
		expect(second.outputs[0][0].json.idempotencyKey).toBeNull();
		expect((await callCounts())[veritusId('100238')]).toBe(2);
	});

	test('without a workflow ID the node runs without the ledger and says so in a hint', async () => {
		const first = await run({
			items: rows(veritusId('cus_8f2a41c9d7e3')),
			workflowId: null,
			veritus: { parameters: { options: LEDGER } },
		});
		const second = await run({
			items: rows(veritusId('cus_8f2a41c9d7e3')),
			workflowId: null,
			veritus: { parameters: { options: LEDGER } },
		});
		expect(second.outputs[0]).toHaveLength(1);
		expect((await callCounts())[veritusId('cus_8f2a41c9d7e3')]).toBe(2);
		for (const result of [first, second]) {
			expect(result.task.hints?.map((hint) => hint.message).join('\n')).toContain(
				'"Skip Calls Already Placed" needs a saved workflow',
			);
		}
	});

	test('a write that fails is tried again; a store that keeps failing stops the run before any call', async () => {
		const workflowId = newWorkflowId();
		processedData.failNext = 2;
		const ok = await run({
			items: rows(veritusId('cus_3b7e90a1f4c2')),
			workflowId,
			veritus: { parameters: { options: LEDGER } },
		});
		expect(ok.outputs[0]).toHaveLength(1);

		processedData.failNext = 100;
		const failed = await run({
			items: rows(veritusId('cus_c41d8e27b9a0')),
			workflowId,
			veritus: { parameters: { options: LEDGER } },
		});
		processedData.failNext = 0;
		expect(failed.error?.message).toContain("Could not record the calls of this run in n8n's database: SQLITE_BUSY");
		expect(failed.error?.message).toContain('No call was placed');
		expect(
			(await emulatorRequests(emulator.current)).filter(
				(request) => request.customerId === veritusId('cus_c41d8e27b9a0'),
			),
		).toHaveLength(0);
	});
});
