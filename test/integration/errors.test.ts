/**
 * Error handling of the Veritus node in n8n-core's real WorkflowExecute against the emulator:
 * n8n's "On Error" settings, the emulator's fault rules, and n8n's "Retry On Fail".
 */
import type { IDataObject, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import {
	AGENT,
	emulatorCalls,
	emulatorRequests,
	setFaults,
	useEmulator,
	type FaultRule,
	type RequestLogEntry,
	UNKNOWN_CUSTOMER,
} from '../helpers/emulator';
import { fixtureRows, veritusId } from '../helpers/fixtures';
import { runVeritusWorkflow, type RunVeritusOptions } from '../helpers/workflow-harness';

const TOKEN = 'tok_errors_7a6b5c';
const emulator = useEmulator({ token: TOKEN });

const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({ credentials: { apiToken: TOKEN, baseUrl: emulator.current.baseUrl }, ...options });

const customerIds = (items: INodeExecutionData[]) => items.map((item) => item.json.customerId);
const requestsFor = (requests: RequestLogEntry[], customerId: string) =>
	requests.filter((request) => request.customerId === customerId);
const errorContext = (item: INodeExecutionData) => (item.error as NodeApiError).context as IDataObject;

/**
 * Rows 1 (unknown customer: 404), 3 (empty Agent ID: validation error) and 5 (503 fault) fail;
 * row 2 is blocked by compliance; rows 0 and 4 pass.
 */
const MIXED_ROWS: IDataObject[] = [
	{ customerId: veritusId('100231'), agentId: AGENT },
	{ customerId: UNKNOWN_CUSTOMER, agentId: AGENT },
	{ customerId: veritusId('100239'), agentId: AGENT },
	{ customerId: veritusId('100232'), agentId: '' },
	{ customerId: veritusId('100233'), agentId: AGENT },
	{ customerId: veritusId('100234'), agentId: AGENT },
];
const FAULT_503 = { type: 'status' as const, status: 503 as const, customerId: veritusId('100234') };

describe('On Error', () => {
	test('"Continue (using error output)": errors go to the error output only, with their pairedItem', async () => {
		await setFaults(emulator.current, [FAULT_503]);
		const result = await run({
			items: MIXED_ROWS,
			veritus: { continueOnFail: true, onError: 'continueErrorOutput' },
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(3);
		const [passed, failed, errors] = result.outputs;

		expect(passed.map((item) => [item.json.customerId, item.pairedItem])).toEqual([
			[veritusId('100231'), { item: 0 }],
			[veritusId('100233'), { item: 4 }],
		]);
		expect(failed.map((item) => [item.json.customerId, item.pairedItem])).toEqual([[veritusId('100239'), { item: 2 }]]);
		for (const item of [...passed, ...failed]) {
			expect(item.json.error).toBeUndefined();
			expect(item.error).toBeUndefined();
		}

		// The error output is the last one: the three bad rows, in input order.
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }, { item: 5 }]);
		for (const item of errors) {
			expect(item.error).toBeDefined();
			expect(item.json.error).toBe(item.error?.message);
			expect(item.json.error).toContain(`[item ${(item.pairedItem as { item: number }).item}]`);
		}
		const [notFound, invalid, unavailable] = errors;
		expect(errorContext(notFound)).toMatchObject({
			customerId: UNKNOWN_CUSTOMER,
			httpCode: 404,
			callMayHaveBeenPlaced: false,
		});
		expect(notFound.json.error).toBe(
			`[item 1] Customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
		);
		expect(invalid.json.error).toBe('[item 3] Agent ID is empty');
		expect(errorContext(unavailable)).toMatchObject({
			customerId: veritusId('100234'),
			httpCode: 503,
			callMayHaveBeenPlaced: true,
		});
		expect(unavailable.json.error).toContain('[item 5] The Veritus API failed (HTTP 503)');
		expect(unavailable.json.error).toContain(`The call may have been placed: check customer ${veritusId('100234')}`);

		// n8n delivered each output to the node wired to it.
		expect(result.downstream.map((items) => items?.length)).toEqual([2, 1, 3]);
		expect((result.downstream[2] ?? []).map((item) => item.json.error)).toEqual(errors.map((item) => item.json.error));

		// The row with the empty Agent ID was never sent; the others were sent once each.
		const requests = await emulatorRequests(emulator.current);
		expect(requests.map((request) => request.customerId).sort()).toEqual(
			[veritusId('100231'), veritusId('100233'), veritusId('100234'), veritusId('100239'), UNKNOWN_CUSTOMER].sort(),
		);
	});

	test('"Continue (using regular output)": errors go to Failed with their details in json', async () => {
		await setFaults(emulator.current, [FAULT_503]);
		const result = await run({
			items: MIXED_ROWS,
			veritus: { continueOnFail: true, onError: 'continueRegularOutput' },
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(2);
		const [passed, failed] = result.outputs;
		expect(customerIds(passed)).toEqual([veritusId('100231'), veritusId('100233')]);
		for (const item of passed) expect(item.json.error).toBeUndefined();

		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }, { item: 5 }]);
		const [notFound, blocked, invalid, unavailable] = failed;
		expect(blocked.json).toMatchObject({ customerId: veritusId('100239'), failedCheckIds: ['is-active'] });
		expect(blocked.json.error).toBeUndefined();
		expect(notFound.json).toMatchObject({
			error: `[item 1] Customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
			itemIndex: 1,
			customerId: UNKNOWN_CUSTOMER,
			httpCode: 404,
			callMayHaveBeenPlaced: false,
		});
		expect(invalid.json).toMatchObject({
			error: '[item 3] Agent ID is empty',
			itemIndex: 3,
			callMayHaveBeenPlaced: false,
		});
		expect(unavailable.json).toMatchObject({
			itemIndex: 5,
			customerId: veritusId('100234'),
			httpCode: 503,
			callMayHaveBeenPlaced: true,
		});
		expect(unavailable.json.error).toContain('[item 5] The Veritus API failed (HTTP 503)');
		expect(result.downstream.map((items) => items?.length)).toEqual([2, 4]);
	});

	test('Stop Workflow (default): a validation error fails the run before any call is placed', async () => {
		const items = [
			{ customerId: veritusId('100231'), agentId: AGENT },
			{ customerId: veritusId('100232'), agentId: AGENT },
			{ customerId: veritusId('100233'), agentId: '   ' },
		];
		const result = await run({ items });

		expect(result.error?.message).toBe('[item 2] Agent ID is empty');
		expect(result.task.error?.message).toBe('[item 2] Agent ID is empty');
		expect(result.downstream).toEqual([undefined, undefined]);
		expect(await emulatorRequests(emulator.current)).toEqual([]);
		expect((await emulatorCalls(emulator.current)).calls).toEqual([]);
	});

	test('Stop Workflow (default): an API error fails the run, naming the item and the customer', async () => {
		const items = [{ customerId: UNKNOWN_CUSTOMER, agentId: AGENT }];
		const result = await run({ items });

		expect(result.error?.message).toBe(
			`[item 0] Customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
		);
		expect(result.downstream).toEqual([undefined, undefined]);
		expect(await emulatorRequests(emulator.current)).toHaveLength(1);
	});
});

describe('faults', () => {
	test('429 with Retry-After as an HTTP-date: waited out, then passes with one call', async () => {
		await setFaults(emulator.current, [
			{ type: 'status', status: 429, retryAfter: 'http-date:1', times: 1, customerId: veritusId('100232') },
		]);
		const result = await run({ items: [{ customerId: veritusId('100232'), agentId: AGENT }] });

		expect(result.error).toBeUndefined();
		expect(customerIds(result.outputs[0])).toEqual([veritusId('100232')]);
		const sent = requestsFor(await emulatorRequests(emulator.current), veritusId('100232'));
		expect(sent.map((request) => request.status)).toEqual([429, 200]);
		expect((await emulatorCalls(emulator.current)).countsByCustomer[veritusId('100232')]).toBe(1);
	});

	test('429 with Retry-After on the first two requests of a customer: retried, then passes with one call', async () => {
		await setFaults(emulator.current, [
			{ type: 'status', status: 429, retryAfter: 1, times: 2, customerId: veritusId('100232') },
		]);
		const items = [
			{ customerId: veritusId('100231'), agentId: AGENT },
			{ customerId: veritusId('100232'), agentId: AGENT },
			{ customerId: veritusId('100239'), agentId: AGENT },
		];
		const result = await run({ items });

		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(passed.map((item) => [item.json.customerId, item.pairedItem])).toEqual([
			[veritusId('100231'), { item: 0 }],
			[veritusId('100232'), { item: 1 }],
		]);
		expect(customerIds(failed)).toEqual([veritusId('100239')]);

		const sent = requestsFor(await emulatorRequests(emulator.current), veritusId('100232'));
		expect(sent.map((request) => request.status)).toEqual([429, 429, 200]);
		const { calls, countsByCustomer } = await emulatorCalls(emulator.current);
		expect(countsByCustomer[veritusId('100232')]).toBe(1);
		expect(calls.find((call) => call.customerId === veritusId('100232'))?.id).toBe(passed[1].json.callId);
	});

	test('answers that do not settle the outcome become error items with actionable messages; none is retried', async () => {
		const faults: Array<[string, FaultRule]> = [
			[veritusId('100231'), { type: 'status', status: 503 }],
			[veritusId('100232'), { type: 'reset-after' }],
			[veritusId('100233'), { type: 'malformed-json' }],
			[veritusId('100234'), { type: 'html' }],
			[veritusId('100235'), { type: 'status', status: 502, body: 'html' }],
			[veritusId('100236'), { type: 'empty-body' }],
			[veritusId('100237'), { type: 'missing-compliance' }],
			[veritusId('100238'), { type: 'success-false' }],
			[veritusId('007215'), { type: 'extra-fields' }],
			[veritusId('cus_0d6b2f9e4a17'), { type: 'status', status: 500, body: 'empty' }],
		];
		await setFaults(
			emulator.current,
			faults.map(([customerId, rule]) => ({ ...rule, customerId })),
		);
		const items = faults.map(([customerId]) => ({ customerId, agentId: AGENT }));
		const result = await run({ items, veritus: { continueOnFail: true, onError: 'continueRegularOutput' } });

		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;

		// Unknown fields in the answer do not matter: a normal pass.
		expect(passed).toHaveLength(1);
		expect(passed[0].json).toMatchObject({
			customerId: veritusId('007215'),
			compliancePassed: true,
			failedCheckIds: [],
		});
		expect(passed[0].json.callId).toEqual(expect.any(String));
		expect(passed[0].pairedItem).toEqual({ item: 8 });

		const byCustomer = Object.fromEntries(failed.map((item) => [item.json.customerId as string, item]));
		expect(Object.keys(byCustomer).sort()).toEqual(
			faults
				.map(([customerId]) => customerId)
				.filter((id) => id !== veritusId('007215'))
				.sort(),
		);
		for (const item of failed) {
			const row = items.findIndex((i) => i.customerId === item.json.customerId);
			expect(item.pairedItem).toEqual({ item: row });
			expect(item.json.itemIndex).toBe(row);
			expect(item.json.error).toEqual(expect.stringMatching(new RegExp(`^\\[item ${row}\\] `)));
			expect(item.json.description).toEqual(expect.any(String));
		}
		const mayHaveBeenPlaced = (customerId: string) => byCustomer[customerId].json.callMayHaveBeenPlaced;
		const message = (customerId: string) => byCustomer[customerId].json.error as string;

		expect(message(veritusId('100231'))).toContain('The Veritus API failed (HTTP 503)');
		expect(byCustomer[veritusId('100231')].json.httpCode).toBe(503);
		expect(message(veritusId('100232'))).toContain('The connection to Veritus failed (ECONNRESET)');
		expect(message(veritusId('100233'))).toContain('Veritus answered HTTP 200 with a body that is not JSON');
		expect(message(veritusId('100234'))).toContain('The Veritus API failed (HTTP 502)');
		expect(message(veritusId('100235'))).toContain('The Veritus API failed (HTTP 502)');
		expect(message(veritusId('100236'))).toContain('Veritus answered HTTP 200 with a body that is not JSON');
		expect(message(veritusId('100237'))).toContain('Veritus answered HTTP 200 without a compliance result');
		expect(message(veritusId('100238'))).toBe('[item 7] Veritus did not place the call: Agent is busy');
		expect(message(veritusId('cus_0d6b2f9e4a17'))).toContain('The Veritus API failed (HTTP 500)');

		// Every outcome the node cannot know says so and names the customer; a clear refusal does not.
		for (const customerId of [
			veritusId('100231'),
			veritusId('100232'),
			veritusId('100233'),
			veritusId('100234'),
			veritusId('100235'),
			veritusId('100236'),
			veritusId('100237'),
			veritusId('cus_0d6b2f9e4a17'),
		]) {
			expect(mayHaveBeenPlaced(customerId)).toBe(true);
			expect(message(customerId)).toContain(`The call may have been placed: check customer ${customerId} in Veritus`);
		}
		expect(mayHaveBeenPlaced(veritusId('100238'))).toBe(false);

		// Not one of them was sent twice.
		const requests = await emulatorRequests(emulator.current);
		for (const [customerId] of faults) expect(requestsFor(requests, customerId)).toHaveLength(1);

		// The reset-after and missing-compliance answers hid a call that WAS placed: that is why the
		// node must not retry them.
		const { countsByCustomer } = await emulatorCalls(emulator.current);
		expect(countsByCustomer[veritusId('100232')]).toBe(1);
		expect(countsByCustomer[veritusId('100237')]).toBe(1);
		expect(countsByCustomer[veritusId('100231')]).toBe(0);
	});

	test('a 503 under "Continue (using error output)": an error item saying the call may have been placed, not retried', async () => {
		await setFaults(emulator.current, [{ type: 'status', status: 503, customerId: veritusId('100232') }]);
		const items = [
			{ customerId: veritusId('100231'), agentId: AGENT },
			{ customerId: veritusId('100232'), agentId: AGENT },
		];
		const result = await run({ items, veritus: { continueOnFail: true, onError: 'continueErrorOutput' } });

		const errors = result.outputs[2];
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 1 });
		expect(errorContext(errors[0])).toMatchObject({
			customerId: veritusId('100232'),
			httpCode: 503,
			callMayHaveBeenPlaced: true,
		});
		expect(requestsFor(await emulatorRequests(emulator.current), veritusId('100232'))).toHaveLength(1);
	});

	test('a timeout with a low Timeout option: an error item, the call may have been placed, not retried', async () => {
		await setFaults(emulator.current, [{ type: 'timeout', ms: 5000, customerId: veritusId('100232') }]);
		const items = [
			{ customerId: veritusId('100231'), agentId: AGENT },
			{ customerId: veritusId('100232'), agentId: AGENT },
		];
		const result = await run({
			items,
			veritus: {
				continueOnFail: true,
				onError: 'continueRegularOutput',
				parameters: { options: { timeout: 500 } },
			},
		});

		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(customerIds(passed)).toEqual([veritusId('100231')]);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(failed[0].json).toMatchObject({
			customerId: veritusId('100232'),
			callMayHaveBeenPlaced: true,
			httpCode: null,
		});
		expect(failed[0].json.error).toContain('[item 1] Veritus did not answer within 500 ms');
		expect(failed[0].json.error).toContain(`The call may have been placed: check customer ${veritusId('100232')}`);

		expect(requestsFor(await emulatorRequests(emulator.current), veritusId('100232'))).toHaveLength(1);
		// The emulator placed the call before holding its answer.
		expect((await emulatorCalls(emulator.current)).countsByCustomer[veritusId('100232')]).toBe(1);
	});
});

describe("n8n's Retry On Fail", () => {
	test('re-runs the node without placing any call twice, and the run ends with the error of the failing item', async () => {
		const rows = fixtureRows();
		const failing = rows[9].customerId as string; // account 100234, a passing customer
		await setFaults(emulator.current, [{ type: 'status', status: 503, customerId: failing }]);

		const result = await run({
			items: rows,
			veritus: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});

		// n8n ran the node three times, and the run failed with the 503 of row 9.
		expect(result.executeCalls).toBe(3);
		expect(result.error?.message).toContain(`[item 9] The Veritus API failed (HTTP 503)`);
		expect(result.error?.message).toContain(`check customer ${failing}`);
		expect(result.downstream).toEqual([undefined, undefined]);

		const requests = await emulatorRequests(emulator.current);
		expect(requestsFor(requests, failing)).toHaveLength(1);
		const perCustomer = new Map<string, number>();
		for (const request of requests) perCustomer.set(request.customerId, (perCustomer.get(request.customerId) ?? 0) + 1);
		expect([...perCustomer.values()].every((count) => count === 1)).toBe(true);

		const { calls, countsByCustomer } = await emulatorCalls(emulator.current);
		expect(Object.values(countsByCustomer).every((count) => count <= 1)).toBe(true);
		expect(calls.length).toBeGreaterThan(0);
	});
});
