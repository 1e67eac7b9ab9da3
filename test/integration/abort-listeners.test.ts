/**
 * One abort listener per run, not one per request: 32 requests in flight at once (a stub that
 * answers none until all 32 have arrived) must not make Node.js warn about too many abort
 * listeners on the execution's cancel signal (`MaxListenersExceededWarning`, which n8n's log would
 * show at Max Concurrent Requests above 10). The stop test of the suite checks that a stopped
 * execution still cancels requests in flight.
 */
import { runInThisContext } from 'node:vm';

import type { IDataObject } from 'n8n-workflow';

import { barrier, useStubApi } from '../helpers/stub-api';
import { runVeritusWorkflow } from '../helpers/workflow-harness';

const TOKEN = 'tok_abort_listeners_1d9c';
const AT_ONCE = 32;
const stub = useStubApi();

/**
 * The Node.js process itself. Jest hands a test file a copy of `process` that Node.js never emits
 * warnings on; code run in the main context sees the real one.
 */
const realProcess = runInThisContext('process') as NodeJS.Process;

test('the warning this test listens for reaches it (11 listeners on one signal)', async () => {
	const warnings: Error[] = [];
	const onWarning = (warning: Error) => warnings.push(warning);
	realProcess.on('warning', onWarning);
	try {
		const { signal } = new AbortController();
		for (let count = 0; count < 11; count++) signal.addEventListener('abort', () => {});
		await new Promise((resolve) => setImmediate(resolve));
		expect(warnings.map((warning) => warning.name)).toEqual(['MaxListenersExceededWarning']);
	} finally {
		realProcess.off('warning', onWarning);
	}
});

test(`${AT_ONCE} requests in flight at once add no MaxListenersExceededWarning`, async () => {
	const warnings: Error[] = [];
	const onWarning = (warning: Error) => warnings.push(warning);
	realProcess.on('warning', onWarning);
	try {
		stub.current.handle(
			barrier(AT_ONCE, (request) => ({
				status: 200,
				body: {
					requestId: `req-${request.customerId}`,
					success: true,
					data: { id: `call-${request.customerId}`, compliance: { passed: true, checksPassed: [], checksFailed: [] } },
				},
			})),
		);
		const items: IDataObject[] = Array.from({ length: AT_ONCE }, (_, index) => ({
			customerId: `c-${index}`,
			agentId: 'agent-1',
		}));
		const result = await runVeritusWorkflow({
			items,
			credentials: { apiToken: TOKEN, baseUrl: stub.current.baseUrl },
			veritus: { parameters: { options: { maxConcurrent: AT_ONCE } } },
		});

		expect(result.error).toBeUndefined();
		// The barrier let the answers go only once all 32 requests were waiting together.
		expect(result.outputs[0]).toHaveLength(AT_ONCE);
		expect(stub.current.requests).toHaveLength(AT_ONCE);
		// process.emitWarning reports on the next tick.
		await new Promise((resolve) => setImmediate(resolve));
		expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
	} finally {
		realProcess.off('warning', onWarning);
	}
});
