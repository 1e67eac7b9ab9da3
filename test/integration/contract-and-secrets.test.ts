/**
 * What the Veritus node sends and keeps, run through n8n-core's real WorkflowExecute against the
 * emulator: every request body matches the API contract, the customer ID is one path segment,
 * and the bearer token never reaches the run data, whatever goes wrong.
 */
import {
	AGENT,
	clearViolations,
	control,
	emulatorCalls,
	emulatorRequests,
	emulatorViolations,
	loadContract,
	setFaults,
	useEmulator,
	UNKNOWN_CUSTOMER,
} from '../helpers/emulator';
import { CUSTOMER_ORDER, fixtureRows, veritusId } from '../helpers/fixtures';
import {
	logRecords,
	runVeritusWorkflow,
	type RunVeritusOptions,
	type VeritusWorkflowRun,
} from '../helpers/workflow-harness';

/** The token the emulator accepts, and a wrong one; both distinctive enough to search for. */
const TOKEN = 'tok_LEAKCHECK_9f8e7d';
const WRONG_TOKEN = 'tok_LEAKCHECK_wrong_3a1f';

const emulator = useEmulator({ token: TOKEN });
const contract = loadContract();

const run = async (options: Omit<RunVeritusOptions, 'credentials'>, apiToken = TOKEN) =>
	await runVeritusWorkflow({ credentials: { apiToken, baseUrl: emulator.current.baseUrl }, ...options });

const WEBHOOK = {
	url: 'https://hooks.example.com/veritus/call-updates',
	secretId: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
};

/**
 * Serialises a value for a leak search: like JSON.stringify, but also every own property of
 * errors and other objects, enumerable or not (`message`, `stack`, `cause`, `context`, …).
 */
function serialiseEverything(value: unknown): string {
	const seen = new WeakSet<object>();
	const walk = (current: unknown): unknown => {
		if (typeof current === 'bigint' || typeof current === 'function' || typeof current === 'symbol') {
			return String(current);
		}
		if (!current || typeof current !== 'object') return current;
		if (seen.has(current)) return '[seen]';
		seen.add(current);
		if (Array.isArray(current)) return current.map(walk);
		const out: Record<string, unknown> = {};
		for (const key of Object.getOwnPropertyNames(current)) {
			try {
				out[key] = walk((current as Record<string, unknown>)[key]);
			} catch (error) {
				out[key] = `[unreadable: ${String(error)}]`;
			}
		}
		return out;
	};
	return JSON.stringify(walk(value));
}

/** Searches the whole run (items, errors, the run's error) and everything n8n-core logged. */
function expectNoToken(result: VeritusWorkflowRun): void {
	expect(logRecords.length).toBeGreaterThan(0);
	const text = serialiseEverything({ run: result.run, outputs: result.outputs, error: result.error, logs: logRecords });
	expect(text).not.toContain(TOKEN);
	expect(text).not.toContain(WRONG_TOKEN);
	expect(text).not.toContain('LEAKCHECK');
}

describe('requests match the contract', () => {
	test('without and with a webhook, every body the emulator received is a valid CreateCallRequest', async () => {
		const without = await run({ items: fixtureRows() });
		expect(without.error).toBeUndefined();
		let requests = await emulatorRequests(emulator.current);
		expect(requests).toHaveLength(24);
		for (const request of requests) {
			expect(contract.validateCreateCallRequest(request.body)).toEqual({ valid: true, errors: [] });
			expect(request.method).toBe('POST');
			expect(request.contentType).toMatch(/^application\/json\b/);
			expect(request.authorized).toBe(true);
			expect(request.rawPath).toBe(`/api/v1/customers/${encodeURIComponent(request.customerId)}/calls`);
			expect(Object.keys(request.body as object)).toEqual(['agentId']);
		}

		await control(emulator.current, '/reset', { method: 'POST' });
		const withWebhook = await run({ items: fixtureRows(), veritus: { parameters: { webhook: WEBHOOK } } });
		expect(withWebhook.error).toBeUndefined();
		requests = await emulatorRequests(emulator.current);
		expect(requests).toHaveLength(24);
		for (const request of requests) {
			expect(contract.validateCreateCallRequest(request.body)).toEqual({ valid: true, errors: [] });
			expect(request.body).toEqual({ agentId: expect.any(String), webhook: WEBHOOK });
		}
		const { calls } = await emulatorCalls(emulator.current);
		expect(calls).toHaveLength(16);
		for (const call of calls) expect(call.webhook).toEqual(WEBHOOK);
		expect(new Set(requests.map((request) => request.customerId))).toEqual(new Set(CUSTOMER_ORDER));
	});

	test('a customer ID with reserved characters is sent as one encoded path segment', async () => {
		const ids = ['a/b', 'x?y=1#z', '50%off', 'kunde-ü', '..a'];
		const result = await run({
			items: ids.map((customerId) => ({ customerId, agentId: AGENT })),
			veritus: { continueOnFail: true, onError: 'continueRegularOutput' },
		});

		const requests = await emulatorRequests(emulator.current);
		expect(requests).toHaveLength(ids.length);
		const rawPaths = requests.map((request) => request.rawPath).sort();
		expect(rawPaths).toEqual(
			[
				'/api/v1/customers/a%2Fb/calls',
				'/api/v1/customers/x%3Fy%3D1%23z/calls',
				'/api/v1/customers/50%25off/calls',
				'/api/v1/customers/kunde-%C3%BC/calls',
				'/api/v1/customers/..a/calls',
			].sort(),
		);
		// The emulator's route matched each one and decoded the segment back to the ID.
		expect(requests.map((request) => request.customerId).sort()).toEqual([...ids].sort());
		for (const request of requests) {
			expect(contract.validateCreateCallRequest(request.body)).toEqual({ valid: true, errors: [] });
		}
		// None of them is a UUID, as the API's path parameter must be: each is a 400 naming the
		// parameter, and each request is recorded as breaking the published contract.
		const [, failed] = result.outputs;
		expect(failed.map((item) => [item.json.customerId, item.json.httpCode, item.pairedItem])).toEqual(
			ids.map((customerId, index) => [customerId, 400, { item: index }]),
		);
		const violations = await emulatorViolations(emulator.current);
		expect(violations.map((v) => [v.direction, v.errors])).toEqual(
			ids.map(() => ['request', ['path/customerId must match format "uuid"']]),
		);
		await clearViolations(emulator.current);
	});
});

describe('the Base URL comes from the credential, with or without a trailing slash', () => {
	test.each(['', '/', '//'])('Base URL ending in %j: the same paths, authorised', async (tail) => {
		const result = await runVeritusWorkflow({
			items: [
				{ customerId: veritusId('100231'), agentId: AGENT },
				{ customerId: 'a/b', agentId: AGENT },
			],
			credentials: { apiToken: TOKEN, baseUrl: `${emulator.current.baseUrl}${tail}` },
			veritus: { continueOnFail: true, onError: 'continueRegularOutput' },
		});
		expect(result.outputs[0].map((item) => item.json.customerId)).toEqual([veritusId('100231')]);
		const requests = await emulatorRequests(emulator.current);
		expect(requests.map((request) => [request.rawPath, request.authorized]).sort()).toEqual([
			['/api/v1/customers/a%2Fb/calls', true],
			[`/api/v1/customers/${veritusId('100231')}/calls`, true],
		]);
		expectNoToken(result);
		// 'a/b' is no UUID: the emulator answers 400 and records the off-contract path on purpose.
		await clearViolations(emulator.current);
	});
});

describe('the token never reaches the run data', () => {
	test('a wrong token (401): error items and the failed run hold no token', async () => {
		const items = [
			{ customerId: veritusId('100231'), agentId: AGENT },
			{ customerId: veritusId('100239'), agentId: AGENT },
		];
		const continued = await run(
			{ items, veritus: { continueOnFail: true, onError: 'continueRegularOutput' } },
			WRONG_TOKEN,
		);
		const [, failed] = continued.outputs;
		expect(failed).toHaveLength(2);
		for (const item of failed) {
			expect(item.json.httpCode).toBe(401);
			expect(item.json.error).toContain('The Veritus API token was rejected (HTTP 401)');
		}
		expectNoToken(continued);

		const stopped = await run({ items }, WRONG_TOKEN);
		expect(stopped.error?.message).toContain('The Veritus API token was rejected (HTTP 401)');
		expectNoToken(stopped);

		// The wrong token really was sent (and refused).
		const requests = await emulatorRequests(emulator.current);
		expect(requests.length).toBeGreaterThanOrEqual(3);
		expect(requests.every((request) => request.authorized === false && request.status === 401)).toBe(true);
		expect((await emulatorCalls(emulator.current)).calls).toEqual([]);
	});

	test('404, 503, reset and timeout: every error path, continued or stopped, holds no token', async () => {
		await setFaults(emulator.current, [
			{ type: 'status', status: 503, customerId: veritusId('100232') },
			{ type: 'reset-after', customerId: veritusId('100233') },
			{ type: 'reset-before', customerId: veritusId('100234') },
			{ type: 'timeout', ms: 5000, customerId: veritusId('100235') },
		]);
		const items = [
			{ customerId: veritusId('100231'), agentId: AGENT },
			{ customerId: UNKNOWN_CUSTOMER, agentId: AGENT },
			{ customerId: veritusId('100232'), agentId: AGENT },
			{ customerId: veritusId('100233'), agentId: AGENT },
			{ customerId: veritusId('100234'), agentId: AGENT },
			{ customerId: veritusId('100235'), agentId: AGENT },
		];
		const options = { timeout: 500 };

		const toErrorOutput = await run({
			items,
			veritus: { continueOnFail: true, onError: 'continueErrorOutput', parameters: { options } },
		});
		expect(toErrorOutput.outputs[2].map((item) => item.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
			{ item: 4 },
			{ item: 5 },
		]);
		expectNoToken(toErrorOutput);
		// The token really was sent, and accepted, on each of those requests.
		const requests = await emulatorRequests(emulator.current);
		expect(requests).toHaveLength(6);
		expect(requests.every((request) => request.authorized)).toBe(true);

		await control(emulator.current, '/reset', { method: 'POST' });
		const toRegularOutput = await run({
			items,
			veritus: { continueOnFail: true, onError: 'continueRegularOutput', parameters: { options } },
		});
		expect(toRegularOutput.outputs[1]).toHaveLength(5);
		expectNoToken(toRegularOutput);

		// Stopped runs, one per kind of failure, so each error becomes the run's error.
		for (const customerId of [
			UNKNOWN_CUSTOMER,
			veritusId('100232'),
			veritusId('100233'),
			veritusId('100234'),
			veritusId('100235'),
		]) {
			await control(emulator.current, '/reset', { method: 'POST' });
			const stopped = await run({
				items: [{ customerId, agentId: AGENT }],
				veritus: { parameters: { options } },
			});
			expect(stopped.error?.message).toContain('[item 0]');
			expectNoToken(stopped);
		}
	});

	test('the leak search itself finds a token hidden in an error', () => {
		const error = new Error('boom');
		Object.defineProperty(error, 'config', {
			value: { headers: { Authorization: `Bearer ${TOKEN}` } },
			enumerable: false,
		});
		expect(JSON.stringify({ error })).not.toContain(TOKEN);
		expect(serialiseEverything({ error })).toContain(TOKEN);
	});
});
