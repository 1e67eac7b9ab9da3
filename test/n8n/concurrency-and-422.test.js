'use strict';

/**
 * In the real n8n CLI, against a loopback stub that answers as the provider's OpenAPI document
 * says Create Call answers:
 * - 32 requests in flight at once (the stub answers none until all 32 have arrived) with Max
 *   Concurrent Requests 32: n8n prints no MaxListenersExceededWarning;
 * - the blocked rows answer HTTP 422 with only `{ requestId, success: false, publicFacingMessage }`
 *   (the spec's example): with the default On Error the run does not stop, and they reach Failed
 *   with the rules parsed.
 */
const { N8nInstance } = require('../../rig/n8n-instance');
const { barrier, startStubApi } = require('../helpers/stub-api');
const { connect, noOp, output, rowsNode, veritusNode, workflow } = require('./support');

const TOKEN = 'tok_concurrency_422_5b7a';
const AT_ONCE = 32;
const SPEC_422 = {
	requestId: '25deb7a2-ea2a-4993-8ad5-faed5367915b',
	publicFacingMessage:
		'Customer not eligible for call. Failed rules: Respectful Hours Check (Customer local time is 03:00 (outside respectful hours 8am-8:50pm)), Model Validation Notice Delivered (No Model Validation Notice has been sent)',
	success: false,
};
/** Every fourth customer is blocked. */
const blocked = (customerId) => Number(customerId.slice(2)) % 4 === 0;

let stub;
let n8n;
let result;

beforeAll(async () => {
	stub = await startStubApi(
		barrier(AT_ONCE, (request) =>
			blocked(request.customerId)
				? { status: 422, body: SPEC_422 }
				: {
						status: 200,
						body: {
							requestId: `req-${request.customerId}`,
							success: true,
							data: {
								id: `call-${request.customerId}`,
								compliance: { passed: true, checksPassed: [], checksFailed: [] },
							},
						},
					},
		),
	);
	n8n = new N8nInstance();
	const credential = { id: 'veritusStubCred1', name: 'Veritus API (stub)' };
	await n8n.importCredentials([
		{ ...credential, type: 'veritusApi', data: { apiToken: TOKEN, baseUrl: stub.baseUrl } },
	]);
	const rows = Array.from({ length: AT_ONCE }, (_, index) => ({ customer_id: `c-${index}`, agent_id: 'agent-1' }));
	const wf = workflow(
		'Veritus 32 at once, 422 compliance',
		[
			rowsNode('Rows', rows),
			veritusNode(credential, { options: { maxConcurrent: AT_ONCE } }),
			noOp('Placed'),
			noOp('Blocked'),
		],
		connect({ Rows: [['Veritus']], Veritus: [['Placed'], ['Blocked']] }),
	);
	await n8n.importWorkflow(wf);
	result = await n8n.execute(wf.id);
});

afterAll(async () => {
	n8n?.cleanup();
	await stub?.close();
});

test('all 32 requests were in flight at once, and n8n printed no MaxListenersExceededWarning', () => {
	expect(result.ok).toBe(true);
	expect(stub.requests).toHaveLength(AT_ONCE);
	expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/MaxListenersExceeded|abort listeners added/);
});

test("the spec's 422 answers reach Failed with their rules; the run did not stop", () => {
	const placed = output(result.run, 'Veritus', 0);
	const failed = output(result.run, 'Veritus', 1);
	expect(placed).toHaveLength(24);
	expect(failed.map((item) => item.json.customerId)).toEqual([
		'c-0',
		'c-4',
		'c-8',
		'c-12',
		'c-16',
		'c-20',
		'c-24',
		'c-28',
	]);
	for (const item of failed) {
		expect(item.json).toMatchObject({
			compliancePassed: false,
			failedCheckIds: ['respectful-hours-check', 'model-validation-notice-delivered'],
			requestId: SPEC_422.requestId,
			httpStatus: 422,
		});
	}
	expect(output(result.run, 'Blocked')).toHaveLength(8);
});
