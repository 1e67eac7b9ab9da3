/**
 * The Veritus node in n8n-core's real WorkflowExecute against the emulator: Passed / Failed
 * routing of the 24 fixture customers, the raw (Simplify off) and single-output layouts, and
 * "One Call Per Customer Per Run".
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { AGENT, OTHER_AGENT, control, emulatorCalls, emulatorRequests, useEmulator } from '../helpers/emulator';
import { AUDIT_FIELDS, CUSTOMER_ORDER, FAILING, PASSING, fixtureRows, isPassing, veritusId } from '../helpers/fixtures';
import { runVeritusWorkflow, type RunVeritusOptions } from '../helpers/workflow-harness';

const TOKEN = 'tok_routing_3d2c1b';
const emulator = useEmulator({ token: TOKEN });

const credentials = () => ({ apiToken: TOKEN, baseUrl: emulator.current.baseUrl });
const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({ credentials: credentials(), ...options });

const customerIds = (items: INodeExecutionData[]) => items.map((item) => item.json.customerId);
const rowOf = (customerId: string) => CUSTOMER_ORDER.indexOf(customerId);

const EXPECTED_PASSED = CUSTOMER_ORDER.filter(isPassing);
const EXPECTED_FAILED = CUSTOMER_ORDER.filter((id) => !isPassing(id));

/** Which output each customer landed on, and its failed check IDs: compared across runs. */
function routingSummary(outputs: INodeExecutionData[][]) {
	return outputs.map((items) => items.map((item) => [item.json.customerId, item.pairedItem, item.json.failedCheckIds]));
}

test('the fixtures cover 24 distinct customers: 16 passing, 8 failing', () => {
	expect(new Set(CUSTOMER_ORDER).size).toBe(24);
	expect([...PASSING, ...Object.keys(FAILING)].sort()).toEqual([...CUSTOMER_ORDER].sort());
});

describe('Passed / Failed routing of the 24 fixture customers', () => {
	test('16 on Passed and 8 on Failed, input order kept, pairedItem to the input row, one call per passed item', async () => {
		const rows = fixtureRows();
		const result = await run({ items: rows });

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(2);
		const [passed, failed] = result.outputs;

		expect(customerIds(passed)).toEqual(EXPECTED_PASSED);
		expect(customerIds(failed)).toEqual(EXPECTED_FAILED);

		for (const item of [...passed, ...failed]) {
			const row = rowOf(item.json.customerId as string);
			expect(item.pairedItem).toEqual({ item: row });
			expect(item.json.agentId).toBe(rows[row].agentId);
			expect(item.error).toBeUndefined();
			expect(item.json.error).toBeUndefined();
		}

		for (const item of passed) {
			expect(item.json).toMatchObject({ compliancePassed: true, failedCheckIds: [], failedReasons: '' });
			expect(item.json.callId).toEqual(expect.any(String));
			expect(item.json.threadId).toEqual(expect.any(String));
			expect(item.json.requestId).toEqual(expect.any(String));
		}

		for (const item of failed) {
			const expectedChecks = FAILING[item.json.customerId as string];
			expect(item.json).toMatchObject({ compliancePassed: false, callId: null, threadId: null });
			expect(item.json.failedCheckIds).toEqual(expectedChecks);
			const checksFailed = item.json.checksFailed as IDataObject[];
			expect(checksFailed.map((check) => check.id)).toEqual(expectedChecks);
			// One readable cell: "<check name>: <reason>" per failed check, joined with "; ".
			expect(item.json.failedReasons).toBe(
				checksFailed.map((check) => `${check.name as string}: ${check.reason as string}`).join('; '),
			);
			expect((item.json.failedReasons as string).length).toBeGreaterThan(0);
		}

		// n8n delivered the same items downstream.
		expect(customerIds(result.downstream[0] ?? [])).toEqual(EXPECTED_PASSED);
		expect(customerIds(result.downstream[1] ?? [])).toEqual(EXPECTED_FAILED);

		// The emulator placed exactly one call per passed item, with the item's call ID and agent.
		const { calls, countsByCustomer } = await emulatorCalls(emulator.current);
		expect(calls).toHaveLength(passed.length);
		expect(calls.map((call) => call.customerId).sort()).toEqual([...EXPECTED_PASSED].sort());
		for (const item of passed) {
			const call = calls.find((c) => c.customerId === item.json.customerId);
			expect(call?.id).toBe(item.json.callId);
			expect(call?.agentId).toBe(item.json.agentId);
		}
		expect(Object.values(countsByCustomer).every((count) => count <= 1)).toBe(true);
		// Both agents were used, as mapped per row.
		expect(new Set(calls.map((call) => call.agentId))).toEqual(new Set([AGENT, OTHER_AGENT]));
	});

	test("every blocked shape routes the same: the seed shape at 200 and at 422, and the spec's 422", async () => {
		const runWith = async (config: IDataObject) => {
			await control(emulator.current, '/reset', { method: 'POST' });
			await control(emulator.current, '/config', { method: 'PUT', body: config });
			const result = await run({ items: fixtureRows() });
			return { result, requests: await emulatorRequests(emulator.current) };
		};
		const seed200 = await runWith({ complianceFailureShape: 'seed', complianceFailureStatus: 200 });
		const seed422 = await runWith({ complianceFailureShape: 'seed', complianceFailureStatus: 422 });
		const spec = await runWith({ complianceFailureShape: 'spec' });

		// The emulator really answered the blocked customers in each shape.
		for (const [answer, blockedStatus] of [
			[seed200, 200],
			[seed422, 422],
			[spec, 422],
		] as const) {
			expect(answer.requests).toHaveLength(24);
			for (const request of answer.requests) {
				expect(request.status).toBe(isPassing(request.customerId) ? 200 : blockedStatus);
			}
			expect(answer.result.error).toBeUndefined();
			expect(customerIds(answer.result.outputs[0])).toEqual(EXPECTED_PASSED);
			expect(customerIds(answer.result.outputs[1])).toEqual(EXPECTED_FAILED);
			expect(routingSummary(answer.result.outputs)).toEqual(routingSummary(seed200.result.outputs));
			for (const item of answer.result.outputs[1]) {
				expect(item.json.error).toBeUndefined();
				expect(item.json.failedCheckIds).toEqual(FAILING[item.json.customerId as string]);
			}
		}
		expect((await emulatorCalls(emulator.current)).calls).toHaveLength(16);
	});

	test('Simplify off: each item is the API response as returned', async () => {
		const result = await run({ items: fixtureRows(), veritus: { parameters: { simplify: false } } });

		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(passed).toHaveLength(16);
		expect(failed).toHaveLength(8);

		const requests = await emulatorRequests(emulator.current);
		const { calls } = await emulatorCalls(emulator.current);
		const requestFor = (customerId: string) => requests.find((request) => request.customerId === customerId);

		const check = (item: INodeExecutionData, customerId: string, apiFields = ['data', 'requestId', 'success']) => {
			// The API's fields as returned, plus the node's audit record (docs/compliance-record.md, "The audit record").
			expect(Object.keys(item.json).sort()).toEqual([...apiFields, ...AUDIT_FIELDS].sort());
			expect(item.pairedItem).toEqual({ item: rowOf(customerId) });
			expect(item.json.requestId).toBe(requestFor(customerId)?.requestId);
		};

		passed.forEach((item, index) => {
			const customerId = EXPECTED_PASSED[index];
			check(item, customerId);
			const data = item.json.data as IDataObject;
			const compliance = data.compliance as IDataObject;
			expect(item.json.success).toBe(true);
			expect(compliance.passed).toBe(true);
			expect(compliance.checksFailed).toEqual([]);
			expect((compliance.checksPassed as IDataObject[]).map((c) => c.id)).toEqual([
				'is-active',
				'cease-and-desist-exclusion',
				'respectful-hours-check',
				'four-voice-call-per-day',
			]);
			const call = calls.find((c) => c.customerId === customerId);
			expect(data.id).toBe(call?.id);
			expect(data.threadId).toBe(call?.threadId);
		});

		// Blocked calls come in the spec's shape (HTTP 422, only publicFacingMessage), as returned, plus
		// the node's reading of it: compliancePassed and the parsed checksFailed.
		failed.forEach((item, index) => {
			const customerId = EXPECTED_FAILED[index];
			check(item, customerId, ['requestId', 'success', 'publicFacingMessage', 'compliancePassed', 'checksFailed']);
			expect(item.json.success).toBe(false);
			expect(item.json.publicFacingMessage).toMatch(/^Customer not eligible for call\. Failed rules: /);
			expect(item.json.compliancePassed).toBe(false);
			expect((item.json.checksFailed as IDataObject[]).map((c) => c.id)).toEqual(FAILING[customerId]);
		});
	});

	test('Single output layout: one output with all 24 items in input order', async () => {
		const result = await run({ items: fixtureRows(), veritus: { parameters: { outputLayout: 'single' } } });

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(1);
		const [all] = result.outputs;
		expect(customerIds(all)).toEqual(CUSTOMER_ORDER);
		all.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.compliancePassed).toBe(isPassing(CUSTOMER_ORDER[index]));
			expect(item.json.failedCheckIds).toEqual(FAILING[CUSTOMER_ORDER[index]] ?? []);
		});
		expect(result.downstream).toHaveLength(1);
		expect(customerIds(result.downstream[0] ?? [])).toEqual(CUSTOMER_ORDER);
		expect((await emulatorCalls(emulator.current)).calls).toHaveLength(16);
	});
});

describe('One Call Per Customer Per Run', () => {
	test('on (default): later rows of a customer go to Failed unsent, however the ID is written', async () => {
		const items = [
			{ customerId: veritusId('100232'), agentId: AGENT },
			{ customerId: veritusId('100231'), agentId: AGENT },
			{ customerId: `\t${veritusId('100232')}\n`, agentId: AGENT }, // a tab and a newline, as a pasted cell brings
			{ customerId: ` ${veritusId('100232')} `, agentId: OTHER_AGENT }, // surrounding spaces
			{ customerId: veritusId('100239'), agentId: AGENT },
		];
		const result = await run({ items });

		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(passed.map((item) => [item.json.customerId, item.pairedItem])).toEqual([
			[veritusId('100232'), { item: 0 }],
			[veritusId('100231'), { item: 1 }],
		]);
		expect(failed.map((item) => [item.json.customerId, item.pairedItem])).toEqual([
			[veritusId('100232'), { item: 2 }],
			[veritusId('100232'), { item: 3 }],
			[veritusId('100239'), { item: 4 }],
		]);
		for (const repeated of failed.slice(0, 2)) {
			expect(repeated.json).toMatchObject({
				compliancePassed: false,
				callId: null,
				requestId: null,
				failedCheckIds: ['local:repeated-customer-in-run'],
			});
			expect(repeated.json.failedReasons).toContain('item 0');
		}
		expect(failed[2].json.failedCheckIds).toEqual(['is-active']);

		const requests = await emulatorRequests(emulator.current);
		expect(requests.map((request) => request.customerId).sort()).toEqual(
			[veritusId('100231'), veritusId('100232'), veritusId('100239')].sort(),
		);
		const { countsByCustomer } = await emulatorCalls(emulator.current);
		expect(countsByCustomer[veritusId('100232')]).toBe(1);
		expect(countsByCustomer[veritusId('100231')]).toBe(1);
	});

	test('off, with "Skip Calls Already Placed" off too: every row is sent', async () => {
		const items = [
			{ customerId: veritusId('100232'), agentId: AGENT },
			{ customerId: veritusId('100232'), agentId: AGENT },
		];
		const result = await run({
			items,
			veritus: { parameters: { options: { onePerCustomer: false, skipPlaced: false } } },
		});

		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(passed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(failed).toEqual([]);
		expect(passed[0].json.callId).not.toBe(passed[1].json.callId);

		const requests = await emulatorRequests(emulator.current);
		expect(requests.filter((request) => request.customerId === veritusId('100232'))).toHaveLength(2);
		expect((await emulatorCalls(emulator.current)).countsByCustomer[veritusId('100232')]).toBe(2);
	});

	test('off, with the placement ledger on: the default key (customer + day) still sends the customer once', async () => {
		const items = [
			{ customerId: veritusId('100232'), agentId: AGENT },
			{ customerId: veritusId('100232'), agentId: AGENT },
		];
		const result = await run({ items, veritus: { parameters: { options: { onePerCustomer: false } } } });

		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(passed.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(failed.map((item) => [item.pairedItem, item.json.failedCheckIds])).toEqual([
			[{ item: 1 }, ['local:already-placed']],
		]);
		expect(failed[0].json.failedReasons).toContain('same Placement Key as item 0');
		expect((await emulatorCalls(emulator.current)).countsByCustomer[veritusId('100232')]).toBe(1);
	});
});
