// Covers transport/index.ts: findNetworkCode on bare and n8n-wrapped errors and on message text,
// and veritusApiRequest's retry policy with a fake request helper (no network).
import { NodeApiError, type IExecuteFunctions } from 'n8n-workflow';

import { findNetworkCode, RequestPacer, veritusApiRequest, type RequestPolicy } from '../../nodes/Veritus/transport';
import { fakeNode } from './fakes';

const node = fakeNode('transport-node');

function networkError(message: string, code?: string): Error {
	return Object.assign(new Error(message), code ? { code } : {});
}

describe('findNetworkCode', () => {
	test.each(['ERROR: upstream rejected', 'EXPIRED token'])('does not mistake %j for a network code', (message) => {
		expect(findNetworkCode(new Error(message))).toBeUndefined();
	});

	test('a plain object with code', () => {
		expect(findNetworkCode({ code: 'ECONNRESET' })).toBe('ECONNRESET');
	});

	test("n8n's NodeApiError built from an axios-like refused connection", () => {
		const wrapped = new NodeApiError(node, networkError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED') as never);
		// n8n replaces the message with its own text; the code survives in httpCode.
		expect(wrapped.message).not.toContain('127.0.0.1');
		expect(wrapped.httpCode).toBe('ECONNREFUSED');
		expect(findNetworkCode(wrapped)).toBe('ECONNREFUSED');
	});

	test("n8n's NodeApiError of an axios timeout keeps ECONNABORTED", () => {
		const wrapped = new NodeApiError(node, networkError('timeout of 100ms exceeded', 'ECONNABORTED') as never);
		expect(findNetworkCode(wrapped)).toBe('ECONNABORTED');
	});

	test('a code under cause', () => {
		expect(
			findNetworkCode(
				Object.assign(new Error('request failed'), { cause: networkError('getaddrinfo failed', 'ENOTFOUND') }),
			),
		).toBe('ENOTFOUND');
	});

	test('a code only in the messages list', () => {
		expect(
			findNetworkCode({
				message: 'The service refused the connection',
				messages: ['connect EHOSTUNREACH 10.0.0.1:443'],
			}),
		).toBe('EHOSTUNREACH');
	});

	test.each<[string, string]>([
		['timeout of 100ms exceeded', 'ETIMEDOUT'],
		['Request Timeout', 'ETIMEDOUT'],
		['socket hang up', 'ECONNRESET'],
		['read ECONNRESET', 'ECONNRESET'],
	])('message %j → %s', (message, code) => {
		const found = findNetworkCode(new Error(message));
		expect(found).toBe(code);
	});

	test('a timeout message maps to a code the transport treats as a timeout', () => {
		expect(['ECONNABORTED', 'ETIMEDOUT']).toContain(findNetworkCode(new Error('timeout of 100ms exceeded')));
	});

	test.each<[string, unknown]>([
		['undefined', undefined],
		['a string', 'ECONNRESET'],
		['an error without a code', new Error('Something went wrong')],
		['an HTTP status code', { code: 500, httpCode: '500' }],
		['a lower-case code', { code: 'econnreset' }],
	])('no network code: %s', (_name, error) => {
		expect(findNetworkCode(error)).toBeUndefined();
	});
});

describe('veritusApiRequest', () => {
	type Reply = { statusCode: number; headers?: Record<string, string>; body: unknown } | Error;

	function setUp(replies: Reply[], policy: Partial<RequestPolicy> = {}) {
		const request = jest.fn(async (_credential: string, _options: Record<string, unknown>) => {
			const reply = replies.shift();
			if (!reply) throw new Error('no more replies');
			if (reply instanceof Error) throw reply;
			return reply;
		});
		const ctx = {
			getNode: () => node,
			helpers: { httpRequestWithAuthentication: request },
		} as unknown as IExecuteFunctions;
		const fullPolicy: RequestPolicy = {
			timeoutMs: 100,
			maxAttempts: 3,
			maxRetryWaitMs: 60_000,
			pacer: new RequestPacer(0),
			...policy,
		};
		const run = () =>
			veritusApiRequest.call(
				ctx,
				{ method: 'POST', path: '/customers/a%2Fb/calls', body: { agentId: 'agent-1' } },
				fullPolicy,
				{ itemIndex: 2, customerId: 'a/b' },
			);
		return { request, run };
	}

	afterEach(() => {
		jest.useRealTimers();
	});

	test('sends one POST with the credential, the URL relative to its Base URL, the body and the timeout', async () => {
		const { request, run } = setUp([{ statusCode: 200, body: { success: true } }]);
		await expect(run()).resolves.toEqual({ statusCode: 200, body: { success: true }, attempts: 1 });
		expect(request).toHaveBeenCalledTimes(1);
		expect(request.mock.calls[0][0]).toBe('veritusApi');
		expect(request.mock.calls[0][1]).toEqual({
			method: 'POST',
			// The credential's authenticate adds baseURL (the Base URL); the node never reads the credential.
			url: 'customers/a%2Fb/calls',
			body: { agentId: 'agent-1' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 100,
		});
	});

	test('a body left as text is parsed as JSON, HTML stays text, blank becomes empty', async () => {
		const json = setUp([{ statusCode: 422, body: ' {"message":"bad"} ' }]);
		await expect(json.run()).resolves.toEqual({ statusCode: 422, body: { message: 'bad' }, attempts: 1 });
		const html = setUp([{ statusCode: 502, body: '<html>Bad Gateway</html>' }]);
		await expect(html.run()).resolves.toEqual({ statusCode: 502, body: '<html>Bad Gateway</html>', attempts: 1 });
		const blank = setUp([{ statusCode: 500, body: '   ' }]);
		await expect(blank.run()).resolves.toEqual({ statusCode: 500, body: '', attempts: 1 });
	});

	test('a 5xx is returned, never retried', async () => {
		const { request, run } = setUp([
			{ statusCode: 503, body: {} },
			{ statusCode: 200, body: {} },
		]);
		await expect(run()).resolves.toMatchObject({ statusCode: 503, attempts: 1 });
		expect(request).toHaveBeenCalledTimes(1);
	});

	test('a 429 with Retry-After 0 is sent again', async () => {
		const { request, run } = setUp([
			{ statusCode: 429, headers: { 'retry-after': '0' }, body: {} },
			{ statusCode: 200, body: { success: true } },
		]);
		await expect(run()).resolves.toEqual({ statusCode: 200, body: { success: true }, attempts: 2 });
		expect(request).toHaveBeenCalledTimes(2);
	});

	test('a 429 is returned once maxAttempts is used up', async () => {
		const { request, run } = setUp(
			[
				{ statusCode: 429, headers: { 'retry-after': '0' }, body: {} },
				{ statusCode: 429, headers: { 'retry-after': '0' }, body: { message: 'slow down' } },
			],
			{ maxAttempts: 2 },
		);
		await expect(run()).resolves.toEqual({ statusCode: 429, body: { message: 'slow down' }, attempts: 2 });
		expect(request).toHaveBeenCalledTimes(2);
	});

	test('a 429 whose Retry-After exceeds the wait budget is returned at once', async () => {
		const { request, run } = setUp([{ statusCode: 429, headers: { 'retry-after': '120' }, body: {} }], {
			maxRetryWaitMs: 60_000,
		});
		await expect(run()).resolves.toMatchObject({ statusCode: 429, attempts: 1 });
		expect(request).toHaveBeenCalledTimes(1);
	});

	test('a refused connection is retried after a back-off, then succeeds', async () => {
		jest.useFakeTimers();
		const { request, run } = setUp([
			networkError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'),
			{ statusCode: 200, body: { success: true } },
		]);
		const result = run();
		await jest.advanceTimersByTimeAsync(10_000);
		await expect(result).resolves.toEqual({ statusCode: 200, body: { success: true }, attempts: 2 });
		expect(request).toHaveBeenCalledTimes(2);
	});

	test('a refused connection on the last attempt is a not-placed, retryable error', async () => {
		const { request, run } = setUp([networkError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED')], {
			maxAttempts: 1,
		});
		const error = (await run().catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('[item 2] Could not connect to the Veritus API (ECONNREFUSED) after 1 attempt(s)');
		expect(error.context).toMatchObject({
			customerId: 'a/b',
			networkCode: 'ECONNREFUSED',
			callMayHaveBeenPlaced: false,
			retryable: true,
		});
		expect(request).toHaveBeenCalledTimes(1);
	});

	test('a reset connection is never retried and the call may have been placed', async () => {
		const { request, run } = setUp([networkError('socket hang up'), { statusCode: 200, body: {} }]);
		const error = (await run().catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'[item 2] The connection to Veritus failed (ECONNRESET). The call may have been placed: check customer a/b in Veritus before trying again',
		);
		expect(error.context).toMatchObject({ networkCode: 'ECONNRESET', callMayHaveBeenPlaced: true, retryable: false });
		expect(request).toHaveBeenCalledTimes(1);
	});

	test('a timeout is never retried and names the timeout', async () => {
		const { request, run } = setUp([
			networkError('timeout of 100ms exceeded', 'ECONNABORTED'),
			{ statusCode: 200, body: {} },
		]);
		const error = (await run().catch((e: unknown) => e)) as NodeApiError;
		expect(error.message).toBe(
			'[item 2] Veritus did not answer within 100 ms. The call may have been placed: check customer a/b in Veritus before trying again',
		);
		expect(error.context).toMatchObject({ networkCode: 'ECONNABORTED', callMayHaveBeenPlaced: true, retryable: false });
		expect(request).toHaveBeenCalledTimes(1);
	});
});
