/**
 * Call → Create Many (`POST /calls/bulk`) in n8n-core's real WorkflowExecute against the emulator:
 * routing and parsed rules, grouping by agent and webhook, the 100-customer limit, partial results,
 * whole-request faults (each item "may have been placed", claims kept, Stop Workflow's list), the
 * placement ledger across executions, Retry On Fail, Dry Run and the local guards. Every request
 * the node sends is checked against the provider's contract after each test (`useEmulator`).
 */
import type { IDataObject, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import {
	AGENT,
	control,
	emulatorCalls,
	emulatorRequests,
	OTHER_AGENT,
	setFaults,
	UNKNOWN_CUSTOMER,
	useEmulator,
	type RequestLogEntry,
} from '../helpers/emulator';
import { AUDIT_FIELDS, CUSTOMER_ORDER, FAILING, isPassing, PASSING, veritusId } from '../helpers/fixtures';
import { processedData, runVeritusWorkflow, type RunVeritusOptions } from '../helpers/workflow-harness';

const TOKEN = 'tok_create_many_5d4c3b';
const emulator = useEmulator({ token: TOKEN });

/** The webhook secret of the fixtures (emulator/fixtures/customers.json). */
const SECRET_ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a';

let workflowCounter = 0;
const newWorkflowId = () => `create-many-test-${process.pid}-${++workflowCounter}`;

const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({
		credentials: { apiToken: TOKEN, baseUrl: emulator.current.baseUrl },
		...options,
		veritus: {
			...options.veritus,
			parameters: {
				operation: 'createMany',
				...options.veritus?.parameters,
				options: { ledgerSettleTime: 20, ...(options.veritus?.parameters?.options as IDataObject) },
			},
		},
	});

const rows = (customerIds: readonly string[], agentId = AGENT): IDataObject[] =>
	customerIds.map((customerId) => ({ customerId, agentId }));
const ids = (items: INodeExecutionData[]) => items.map((item) => item.json.customerId);
const bulkRequests = async (): Promise<RequestLogEntry[]> =>
	(await emulatorRequests(emulator.current)).filter((request) => request.operation === 'createCallsBulk');
const bodyOf = (request: RequestLogEntry) =>
	request.body as { agentId: string; customerIds: string[]; webhook?: { url: string; secretId?: string } };
const placedCounts = async (): Promise<Record<string, number>> =>
	Object.fromEntries(
		Object.entries((await emulatorCalls(emulator.current)).countsByCustomer).filter(([, count]) => count > 0),
	);
const errorContext = (item: INodeExecutionData) => (item.error as NodeApiError).context as IDataObject;

/** Creates `count` customers through the API (they pass compliance at the emulator clock) and returns their IDs. */
async function createCustomers(count: number, prefix = 'bulk'): Promise<string[]> {
	const created: string[] = [];
	for (let start = 0; start < count; start += 500) {
		const customers = Array.from({ length: Math.min(500, count - start) }, (_, offset) => {
			const index = start + offset;
			return {
				externalId: `${prefix}-${index}`,
				firstName: 'Bulk',
				lastName: `Customer ${index}`,
				email: `${prefix}.${index}@example.com`,
				primaryPhone: `+1212${String(3000000 + index).padStart(7, '0')}`,
				address: { state: 'NY', zip: '10001' },
			};
		});
		const response = await fetch(`${emulator.current.baseUrl}/customers/bulk`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ customers }),
		});
		const body = (await response.json()) as { data: { results: Array<{ customer: { id: string } }> } };
		created.push(...body.data.results.map((result) => result.customer.id));
	}
	return created;
}

beforeEach(() => {
	processedData.gapMs = 0;
	processedData.failNext = 0;
});

describe('routing', () => {
	test('the 24 fixture customers: one request per agent, Passed and Failed in input order, rules parsed from the bulk error text', async () => {
		const items = CUSTOMER_ORDER.map((customerId, row) => ({
			customerId,
			agentId: row % 3 === 2 ? OTHER_AGENT : AGENT,
		}));
		const result = await run({ items, workflowId: newWorkflowId() });
		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(ids(passed)).toEqual(CUSTOMER_ORDER.filter(isPassing));
		expect(ids(failed)).toEqual(CUSTOMER_ORDER.filter((id) => !isPassing(id)));
		for (const item of [...passed, ...failed]) {
			const index = (item.pairedItem as { item: number }).item;
			expect(item.json.customerId).toBe(CUSTOMER_ORDER[index]);
			for (const field of AUDIT_FIELDS) expect(item.json).toHaveProperty(field);
			expect(item.json.nodeName).toBe('Veritus');
			expect(item.json.attempts).toBe(1);
			expect(item.json.httpStatus).toBe(200);
		}
		for (const item of passed) {
			expect(item.json).toMatchObject({ compliancePassed: true, failedCheckIds: [], failedReasons: '' });
			expect(item.json.callId).toMatch(/^[0-9a-f-]{36}$/);
			expect(item.json.createdAt).toEqual(expect.any(String));
		}
		// The bulk form "N failed rule(s): 1. Name [reason], …" gives the same ids as the seed's checks.
		for (const item of failed) {
			expect(item.json.compliancePassed).toBe(false);
			expect(item.json.callId).toBeNull();
			expect(item.json.createdAt).toBeNull();
			expect(item.json.failedCheckIds).toEqual(FAILING[item.json.customerId as string]);
			expect(String(item.json.failedReasons)).not.toBe('');
		}

		const requests = await bulkRequests();
		expect(requests).toHaveLength(2);
		expect(requests.map((request) => bodyOf(request).agentId)).toEqual([AGENT, OTHER_AGENT]);
		expect(bodyOf(requests[0]).customerIds).toEqual(
			items.filter((row) => row.agentId === AGENT).map((row) => row.customerId),
		);
		expect(bodyOf(requests[1]).customerIds).toEqual(
			items.filter((row) => row.agentId === OTHER_AGENT).map((row) => row.customerId),
		);
		expect(await placedCounts()).toEqual(Object.fromEntries(PASSING.map((id) => [id, 1])));
	});

	test('Simplify off: each customer’s result as returned, with the request ID; a blocked one gets compliancePassed and checksFailed', async () => {
		const items = rows([veritusId('100231'), veritusId('100243')]);
		const result = await run({ items, workflowId: newWorkflowId(), veritus: { parameters: { simplify: false } } });
		const [[placed], [blocked]] = result.outputs;
		const [request] = await bulkRequests();
		expect(placed.json).toMatchObject({
			requestId: request.requestId,
			customerId: veritusId('100231'),
			success: true,
			data: { compliance: { passed: true } },
		});
		expect(blocked.json).toMatchObject({
			requestId: request.requestId,
			customerId: veritusId('100243'),
			success: false,
		});
		expect(String(blocked.json.error)).toMatch(
			/^Customer not eligible for call\. 2 failed rule\(s\): 1\. Is Active \[/,
		);
		expect(blocked.json.compliancePassed).toBe(false);
		expect((blocked.json.checksFailed as IDataObject[]).map((check) => check.id)).toEqual([
			'is-active',
			'cease-and-desist-exclusion',
		]);
	});

	test('Single Output: every item on one output, in input order', async () => {
		const items = rows([veritusId('100239'), veritusId('100231'), veritusId('100232')]);
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: { parameters: { outputLayout: 'single' } },
		});
		expect(result.outputs).toHaveLength(1);
		expect(result.outputs[0].map((item) => [item.json.customerId, item.json.compliancePassed])).toEqual([
			[veritusId('100239'), false],
			[veritusId('100231'), true],
			[veritusId('100232'), true],
		]);
	});
});

describe('requests', () => {
	test('grouped by agent and webhook, in input order: one request per group', async () => {
		const hookA = { url: 'https://hooks.example.com/a', secretId: SECRET_ID };
		const hookB = { url: 'https://hooks.example.com/b', secretId: SECRET_ID };
		const plan: Array<[string, string, typeof hookA | undefined]> = [
			[veritusId('100231'), AGENT, hookA],
			[veritusId('100232'), AGENT, hookB],
			[veritusId('100233'), OTHER_AGENT, hookA],
			[veritusId('100234'), AGENT, hookA],
			[veritusId('100235'), AGENT, undefined],
			[veritusId('100236'), AGENT, hookB],
			[veritusId('100237'), AGENT, undefined],
		];
		const items = plan.map(([customerId, agentId, hook]) => ({
			customerId,
			agentId,
			url: hook?.url ?? '',
			secretId: hook?.secretId ?? '',
		}));
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: { parameters: { webhook: { url: '={{ $json.url }}', secretId: '={{ $json.secretId }}' } } },
		});
		expect(result.error).toBeUndefined();
		expect(ids(result.outputs[0])).toEqual(plan.map(([id]) => id));
		const requests = (await bulkRequests()).map(bodyOf);
		// Requests in the order of their first item; each has one agent and one webhook.
		expect(requests).toEqual([
			{ agentId: AGENT, customerIds: [veritusId('100231'), veritusId('100234')], webhook: hookA },
			{ agentId: AGENT, customerIds: [veritusId('100232'), veritusId('100236')], webhook: hookB },
			{ agentId: OTHER_AGENT, customerIds: [veritusId('100233')], webhook: hookA },
			{ agentId: AGENT, customerIds: [veritusId('100235'), veritusId('100237')] },
		]);
		// The webhook's Secret ID is never in the output.
		expect(JSON.stringify(result.outputs)).not.toContain(SECRET_ID);
	});

	test('250 customers: requests of 100, 100 and 50; Customers Per Request 40 gives 7 requests; each customer once', async () => {
		const customers = await createCustomers(250);
		const first = await run({ items: rows(customers), workflowId: newWorkflowId() });
		expect(first.error).toBeUndefined();
		expect(first.outputs[0]).toHaveLength(250);
		expect(ids(first.outputs[0])).toEqual(customers);
		let requests = (await bulkRequests()).map(bodyOf);
		expect(requests.map((body) => body.customerIds.length)).toEqual([100, 100, 50]);
		expect(requests.flatMap((body) => body.customerIds)).toEqual(customers);

		await fetch(`${emulator.current.controlUrl}/reset`, { method: 'POST' });
		const again = await createCustomers(250, 'bulk40');
		const second = await run({
			items: rows(again),
			workflowId: newWorkflowId(),
			veritus: { parameters: { options: { customersPerRequest: 40, maxConcurrent: 3 } } },
		});
		expect(second.outputs[0]).toHaveLength(250);
		requests = (await bulkRequests()).map(bodyOf);
		expect(requests.map((body) => body.customerIds.length)).toEqual([40, 40, 40, 40, 40, 40, 10]);
		expect(requests.flatMap((body) => body.customerIds).sort()).toEqual([...again].sort());
		expect(Object.values(await placedCounts()).every((count) => count === 1)).toBe(true);
	});

	test('a repeated customer (also in another case) is a local check; no request names a customer twice', async () => {
		const id = veritusId('100231');
		const items = rows([id, veritusId('100232'), id.toUpperCase(), id]);
		const result = await run({ items, workflowId: newWorkflowId() });
		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(passed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 3 }]);
		for (const item of failed) {
			expect(item.json.failedCheckIds).toEqual(['local:repeated-customer-in-run']);
			expect(item.json.attempts).toBe(0);
		}
		const requests = (await bulkRequests()).map(bodyOf);
		expect(requests).toEqual([{ agentId: AGENT, customerIds: [id, veritusId('100232')] }]);
		expect(await placedCounts()).toEqual({ [id]: 1, [veritusId('100232')]: 1 });
	});

	test('"One Call Per Customer Per Run" off (carried over from Call → Create) and a Placement Key per row: a repeat is still a local check', async () => {
		const id = veritusId('100233');
		const items = [
			{ customerId: id, agentId: AGENT, event: 'evt-1' },
			{ customerId: id, agentId: AGENT, event: 'evt-2' },
		];
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: { parameters: { options: { onePerCustomer: false, placementKey: '={{ $json.event }}' } } },
		});
		expect(ids(result.outputs[0])).toEqual([id]);
		expect(result.outputs[1][0].json.failedCheckIds).toEqual(['local:repeated-customer-in-run']);
		expect(await placedCounts()).toEqual({ [id]: 1 });
	});
});

describe('partial results and faults', () => {
	test('an unknown customer among placed ones: an error for that item only, the others placed (continue on the regular output)', async () => {
		const items = rows([veritusId('100231'), UNKNOWN_CUSTOMER, veritusId('100239'), veritusId('100232')]);
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: { continueOnFail: true, onError: 'continueRegularOutput' },
		});
		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(ids(passed)).toEqual([veritusId('100231'), veritusId('100232')]);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		const [notFound, blocked] = failed;
		expect(notFound.json).toMatchObject({
			error: '[item 1] Veritus did not place the call. Veritus said: "Customer not found"',
			customerId: UNKNOWN_CUSTOMER,
			callMayHaveBeenPlaced: false,
			itemIndex: 1,
			httpStatus: 200,
		});
		expect(blocked.json.failedCheckIds).toEqual(['is-active']);
		expect(await bulkRequests()).toHaveLength(1);
	});

	test('a 503 on one request: each of its items "may have been placed", claims kept, Stop Workflow lists them and the calls placed', async () => {
		const workflowId = newWorkflowId();
		const otherAgent = [veritusId('100233'), veritusId('100234'), veritusId('100235')];
		const items = [...rows([veritusId('100231'), veritusId('100232')]), ...rows(otherAgent, OTHER_AGENT)];
		await setFaults(emulator.current, [
			{ type: 'status', status: 503, operation: 'createCallsBulk', customerId: veritusId('100233'), place: true },
		]);
		const result = await run({ items, workflowId, veritus: { parameters: { options: { maxConcurrent: 1 } } } });
		const error = result.error as unknown as NodeApiError;
		expect(error.message).toBe(
			`[item 2] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The call may have been placed: check customer ${veritusId('100233')} in Veritus before trying again`,
		);
		const calls = (await emulatorCalls(emulator.current)).calls;
		expect(calls.map((call) => call.customerId).sort()).toEqual(
			[veritusId('100231'), veritusId('100232'), ...otherAgent].sort(),
		);
		const description = String(error.description);
		expect(description).toContain('This item was one of 3 customer(s) in one Create Many request (items 2, 3, 4)');
		expect(description).toContain('Calls already placed in this run (2):');
		for (const call of calls.filter((placed) => !otherAgent.includes(placed.customerId)))
			expect(description).toContain(`customer ${call.customerId}, call ${call.id}, request ${call.requestId}`);
		expect(description).toContain('Calls that may have been placed (outcome unknown; check Veritus) (3):');
		otherAgent.forEach((customerId, offset) =>
			expect(description).toContain(`- item ${2 + offset}: customer ${customerId}`),
		);
		expect(error.context.unknownOutcomes).toEqual(
			otherAgent.map((customerId, offset) => ({ itemIndex: 2 + offset, customerId })),
		);

		// The claims of the unknown outcomes were kept: a new execution sends none of the five.
		await setFaults(emulator.current, []);
		const again = await run({ items, workflowId });
		expect(again.error).toBeUndefined();
		expect(again.outputs[0]).toEqual([]);
		for (const item of again.outputs[1]) expect(item.json.failedCheckIds).toEqual(['local:already-placed']);
		expect(await bulkRequests()).toHaveLength(2);
	});

	test('continue on fail: a reset after placing and a timeout mark every item of their request, each naming its own customer', async () => {
		const timedOut = [veritusId('100233'), veritusId('100234')];
		const reset = [veritusId('100231'), veritusId('100232')];
		const items = [...rows(reset), ...rows(timedOut, OTHER_AGENT)];
		await setFaults(emulator.current, [
			{ type: 'reset-after', operation: 'createCallsBulk', customerId: reset[0] },
			{ type: 'timeout', operation: 'createCallsBulk', customerId: timedOut[0], ms: 3000 },
		]);
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: {
				continueOnFail: true,
				onError: 'continueErrorOutput',
				parameters: { options: { timeout: 500 } },
			},
		});
		expect(result.error).toBeUndefined();
		const [passed, failed, errors] = result.outputs;
		expect(passed).toEqual([]);
		expect(failed).toEqual([]);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		errors.forEach((item, index) => {
			const customerId = items[index].customerId as string;
			expect(errorContext(item)).toMatchObject({ customerId, callMayHaveBeenPlaced: true, itemIndex: index });
			expect(item.json.error).toContain(`[item ${index}] `);
			expect(item.json.error).toContain(`check customer ${customerId} in Veritus`);
		});
		expect(errors[2].json.error).toContain('Veritus did not answer within 500 ms');
		expect(errors[0].json.error).toContain('The connection to Veritus failed');
	});

	test('a 429 is waited out and the request sent again; a 400 for the whole request fails each item, its claims released', async () => {
		await setFaults(emulator.current, [
			{ type: 'status', status: 429, retryAfter: 1, operation: 'createCallsBulk', times: 1 },
		]);
		const workflowId = newWorkflowId();
		const ok = await run({ items: rows([veritusId('100231'), veritusId('100232')]), workflowId });
		expect(ok.error).toBeUndefined();
		expect(ids(ok.outputs[0])).toEqual([veritusId('100231'), veritusId('100232')]);
		expect(ok.outputs[0].map((item) => item.json.attempts)).toEqual([2, 2]);
		expect(await placedCounts()).toEqual({ [veritusId('100231')]: 1, [veritusId('100232')]: 1 });

		// An agent Veritus does not know: 400 for the request; nothing placed, so the keys are released.
		const unknownAgent = '11111111-2222-4333-8444-555555555555';
		const items = rows([veritusId('100233'), veritusId('100234')], unknownAgent);
		const refused = await run({ items, workflowId, veritus: { continueOnFail: true } });
		const [, failed] = refused.outputs;
		expect(failed.map((item) => [item.json.customerId, item.json.callMayHaveBeenPlaced, item.json.httpCode])).toEqual([
			[veritusId('100233'), false, 400],
			[veritusId('100234'), false, 400],
		]);
		expect(failed[1].json.error).toMatch(/^\[item 1\] Veritus rejected the request \(HTTP 400\)\. Veritus said: "/);
		const retried = await run({ items: rows([veritusId('100233'), veritusId('100234')]), workflowId });
		expect(ids(retried.outputs[0])).toEqual([veritusId('100233'), veritusId('100234')]);
	});
});

describe('never one customer twice', () => {
	test('across executions: a re-run sends nothing; Call → Create in the same workflow and day skips what Create Many placed', async () => {
		const workflowId = newWorkflowId();
		const items = rows([veritusId('100231'), veritusId('100232'), veritusId('100239')]);
		const first = await run({ items, workflowId });
		expect(ids(first.outputs[0])).toEqual([veritusId('100231'), veritusId('100232')]);
		const second = await run({ items, workflowId });
		expect(second.outputs[0]).toEqual([]);
		expect(second.outputs[1].map((item) => item.json.failedCheckIds)).toEqual([
			['local:already-placed'],
			['local:already-placed'],
			['is-active'],
		]);
		expect(second.outputs[1][0].json.idempotencyKey).toMatch(
			new RegExp(`^${veritusId('100231')}\\|\\d{4}-\\d{2}-\\d{2}$`),
		);
		const single = await run({
			items: rows([veritusId('100232')]),
			workflowId,
			veritus: { parameters: { operation: 'create' } },
		});
		expect(single.outputs[1][0].json.failedCheckIds).toEqual(['local:already-placed']);
		expect(await placedCounts()).toEqual({ [veritusId('100231')]: 1, [veritusId('100232')]: 1 });
	});

	test('two executions of one event at the same moment: each customer placed once', async () => {
		const workflowId = newWorkflowId();
		processedData.gapMs = 25;
		const items = rows(PASSING.slice(0, 10));
		const parameters = { options: { ledgerSettleTime: 200 } };
		const [a, b] = await Promise.all([
			run({ items, workflowId, veritus: { parameters } }),
			run({ items, workflowId, veritus: { parameters } }),
		]);
		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		expect(a.outputs[0].length + b.outputs[0].length).toBe(10);
		expect(await placedCounts()).toEqual(Object.fromEntries(PASSING.slice(0, 10).map((id) => [id, 1])));
	});

	test('Retry On Fail: a 429 past the retry budget fails one request; n8n runs the node again, which sends only that request', async () => {
		const firstAgent = PASSING.slice(0, 4);
		const secondAgent = PASSING.slice(4, 8);
		const items = [...rows(firstAgent), ...rows(secondAgent, OTHER_AGENT)];
		await setFaults(emulator.current, [
			{ type: 'status', status: 429, operation: 'createCallsBulk', customerId: secondAgent[0], times: 1 },
		]);
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: {
				retryOnFail: true,
				maxTries: 3,
				waitBetweenTries: 0,
				parameters: { options: { maxAttempts: 1, maxConcurrent: 1 } },
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.executeCalls).toBe(2);
		expect(ids(result.outputs[0])).toEqual([...firstAgent, ...secondAgent]);
		const requests = await bulkRequests();
		expect(requests.map((request) => [bodyOf(request).agentId, request.status])).toEqual([
			[AGENT, 200],
			[OTHER_AGENT, 429],
			[OTHER_AGENT, 200],
		]);
		expect(await placedCounts()).toEqual(Object.fromEntries([...firstAgent, ...secondAgent].map((id) => [id, 1])));
	});

	test('Retry On Fail after an unknown outcome: the node runs again, and nothing is sent again', async () => {
		const items = [...rows(PASSING.slice(0, 2)), ...rows(PASSING.slice(2, 4), OTHER_AGENT)];
		await setFaults(emulator.current, [
			{ type: 'status', status: 502, operation: 'createCallsBulk', customerId: PASSING[2], place: true },
		]);
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0, parameters: { options: { maxConcurrent: 1 } } },
		});
		expect(result.executeCalls).toBe(3);
		expect(result.error?.message).toContain('[item 2] The Veritus API failed (HTTP 502)');
		expect(await bulkRequests()).toHaveLength(2);
		expect(await placedCounts()).toEqual(Object.fromEntries(PASSING.slice(0, 4).map((id) => [id, 1])));
	});

	test('stopping the execution: the request in flight "may have been placed" for each of its items; no request starts after the stop', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { latencyMs: 1500 } });
		const items = rows(PASSING.slice(0, 6));
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: {
				parameters: { options: { customersPerRequest: 3, maxConcurrent: 1 } },
				continueOnFail: true,
				onError: 'continueRegularOutput',
			},
			onStart: (execution) => {
				void (async () => {
					// Wait for the thing the stop is about: the first request at the emulator.
					while ((await bulkRequests()).length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
					execution.stop();
				})();
			},
		});
		const requests = (await bulkRequests()).map(bodyOf);
		expect(requests).toEqual([{ agentId: AGENT, customerIds: PASSING.slice(0, 3) }]);
		const byCustomer = new Map(result.outputs.flat().map((item) => [item.json.customerId as string, item.json]));
		for (const customerId of PASSING.slice(0, 3)) {
			expect(byCustomer.get(customerId)).toMatchObject({ callMayHaveBeenPlaced: true });
			expect(String(byCustomer.get(customerId)?.error)).toContain(
				'The execution was stopped while the request to Veritus was in flight',
			);
		}
		for (const customerId of PASSING.slice(3, 6)) {
			expect(byCustomer.get(customerId)).toMatchObject({ callMayHaveBeenPlaced: false });
			expect(String(byCustomer.get(customerId)?.error)).toContain('Not sent: the execution was stopped');
		}
	});

	test('a run larger than Ledger Size is refused before anything is sent (Call → Create too)', async () => {
		const customers = await createCustomers(120, 'ledger');
		const result = await run({
			items: rows(customers),
			workflowId: newWorkflowId(),
			veritus: { parameters: { options: { ledgerSize: 100 } } },
		});
		expect(result.error?.message).toBe(
			'This run would claim 120 placement keys, more than "Ledger Size" (100) can hold. No call was placed.',
		);
		expect(result.error?.description).toContain('Raise Ledger Size (Options) to at least 121');
		const single = await run({
			items: rows(customers.slice(0, 100)),
			workflowId: newWorkflowId(),
			veritus: { parameters: { operation: 'create', options: { ledgerSize: 100 } } },
		});
		expect(single.error?.message).toBe(
			'This run would claim 100 placement keys, more than "Ledger Size" (100) can hold. No call was placed.',
		);
		// Nothing but the set-up's customer creation reached Veritus.
		expect(
			(await emulatorRequests(emulator.current)).filter((request) => request.operation !== 'createCustomersBulk'),
		).toEqual([]);
		// 99 keys and the claim's write token fit.
		const fits = await run({
			items: rows(customers.slice(0, 99)),
			workflowId: newWorkflowId(),
			veritus: { parameters: { options: { ledgerSize: 100 } } },
		});
		expect(fits.error).toBeUndefined();
		expect(fits.outputs[0]).toHaveLength(99);
	});
});

describe('Dry Run and the local guards', () => {
	test('Dry Run sends nothing and shows the request each customer would go in, the Secret ID masked', async () => {
		const items = rows([veritusId('100231'), veritusId('100232')]);
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: {
				parameters: {
					webhook: { url: 'https://hooks.example.com/veritus', secretId: SECRET_ID },
					options: { dryRun: true },
				},
			},
		});
		expect(result.outputs[0].map((item) => item.json.request)).toEqual([
			{
				method: 'POST',
				path: '/calls/bulk',
				body: { agentId: AGENT, webhook: { url: 'https://hooks.example.com/veritus', secretId: '********' } },
			},
			{
				method: 'POST',
				path: '/calls/bulk',
				body: { agentId: AGENT, webhook: { url: 'https://hooks.example.com/veritus', secretId: '********' } },
			},
		]);
		expect(result.outputs[0].every((item) => item.json.dryRun === true)).toBe(true);
		expect(await emulatorRequests(emulator.current)).toEqual([]);
	});

	test('Calling Hours: a customer outside the window goes to Failed and is left out of the request', async () => {
		const items = [
			{ customerId: veritusId('100231'), agentId: AGENT, time_zone: 'America/New_York' },
			{ customerId: veritusId('100232'), agentId: AGENT, time_zone: 'Asia/Tokyo' },
		];
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: {
				parameters: {
					options: { callingHours: { window: { timeZone: '={{ $json.time_zone }}', start: '08:00', end: '21:00' } } },
				},
			},
		});
		expect(ids(result.outputs[0])).toEqual([veritusId('100231')]);
		expect(result.outputs[1][0].json.failedCheckIds).toEqual(['local:outside-calling-hours']);
		expect(result.outputs[1][0].json.nextAllowedAt).toEqual(expect.any(String));
		expect((await bulkRequests()).map(bodyOf)).toEqual([{ agentId: AGENT, customerIds: [veritusId('100231')] }]);
	});

	test('Attempt Cap: a row at the cap goes to Failed unsent', async () => {
		const items = [
			{ customerId: veritusId('100231'), agentId: AGENT, calls: 7 },
			{ customerId: veritusId('100232'), agentId: AGENT, calls: 2 },
		];
		const result = await run({
			items,
			workflowId: newWorkflowId(),
			veritus: {
				parameters: { options: { attemptCap: { limits: { callsInLast7Days: '={{ $json.calls }}', maxCalls: 7 } } } },
			},
		});
		expect(ids(result.outputs[0])).toEqual([veritusId('100232')]);
		expect(result.outputs[1][0].json.failedCheckIds).toEqual(['local:attempt-cap-7-in-7']);
	});

	test('a bad Customer ID stops the run before any request, naming the item and the field', async () => {
		const result = await run({ items: rows([veritusId('100231'), '100232']), workflowId: newWorkflowId() });
		expect(result.error?.message).toBe(
			'[item 1] Customer ID must be a UUID (8-4-4-4-12 hexadecimal digits, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a), got "100232"',
		);
		expect(await emulatorRequests(emulator.current)).toEqual([]);
	});
});
