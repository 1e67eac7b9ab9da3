/**
 * Every documented shape of a compliance failure goes to Failed, in n8n-core's real
 * WorkflowExecute, under every On Error setting; against a stub API that answers the way the
 * provider's OpenAPI document says Create Call answers (a blocked call is HTTP 422 with only
 * `{ requestId, publicFacingMessage, success: false }`), and the way the seed page does
 * (`data.compliance` at 200 or a 4xx).
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { useStubApi, type StubAnswer, type StubRequest } from '../helpers/stub-api';
import { runVeritusWorkflow, type RunVeritusOptions } from '../helpers/workflow-harness';

const TOKEN = 'tok_compliance_shapes_4f2e';
const AGENT = '6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const stub = useStubApi();

const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({ credentials: { apiToken: TOKEN, baseUrl: stub.current.baseUrl }, ...options });

/** Create Call's 422 example of the provider's OpenAPI document, verbatim: two rules, nested parentheses. */
const SPEC_422 = {
	requestId: '25deb7a2-ea2a-4993-8ad5-faed5367915b',
	publicFacingMessage:
		'Customer not eligible for call. Failed rules: Respectful Hours Check (Customer local time is 03:00 (outside respectful hours 8am-8:50pm)), Model Validation Notice Delivered (No Model Validation Notice has been sent)',
	success: false,
};

/** The same shape blocked by one rule (the issue's first row). */
const HOURS_422 = {
	requestId: '0f3b8a52-3c4d-4e6f-9a1b-2c3d4e5f6a7b',
	publicFacingMessage:
		'Customer not eligible for call. Failed rules: Respectful Hours Check (Customer local time is 03:00 (outside respectful hours 8am-8:50pm))',
	success: false,
};

/** A failed result's `error` of Create Calls in Bulk in the same document, verbatim. */
const SPEC_BULK_ERROR =
	'Customer not eligible for call. 2 failed rule(s): 1. Respectful Hours Check [Customer local time is 03:00 (outside respectful hours 8am-8:50pm)], 2. Four Voice Call Per Day [Customer has had 4 voice calls today within respectful hours window (America/Los_Angeles), exceeding the limit of 4]';

const RESPECTFUL_HOURS = {
	id: 'respectful-hours-check',
	name: 'Respectful Hours Check',
	description: '',
	reason: 'Customer local time is 03:00 (outside respectful hours 8am-8:50pm)',
};
const MODEL_NOTICE = {
	id: 'model-validation-notice-delivered',
	name: 'Model Validation Notice Delivered',
	description: '',
	reason: 'No Model Validation Notice has been sent',
};

/** A placed call, as the spec's 200 example shapes it. */
function placed(request: StubRequest): StubAnswer {
	return {
		status: 200,
		body: {
			requestId: `req-${request.customerId}`,
			success: true,
			data: {
				id: `call-${request.customerId}`,
				threadId: `thread-${request.customerId}`,
				toPhoneNumber: '+14155551234',
				fromPhoneNumber: '+14155559876',
				compliance: {
					passed: true,
					checksPassed: [{ id: 'is-active', name: 'Is Active', description: 'Check', reason: 'Customer is active' }],
					checksFailed: [],
				},
			},
		},
	};
}

/** Answers by customer ID; anything not listed is placed. */
const byCustomer =
	(answers: Record<string, StubAnswer>) =>
	(request: StubRequest): StubAnswer =>
		answers[request.customerId ?? ''] ?? placed(request);

const rows = (...customerIds: string[]): IDataObject[] =>
	customerIds.map((customerId) => ({ customerId, agentId: AGENT }));
const ids = (items: INodeExecutionData[]) => items.map((item) => item.json.customerId);
const sentTo = () => stub.current.requests.map((request) => request.customerId);

/** The issue's three rows: blocked for calling hours, passing, blocked by two rules. */
const ISSUE_ROWS = rows('c-hours', 'c-pass', 'c-two-rules');
const ISSUE_ANSWERS = {
	'c-hours': { status: 422, body: HOURS_422 },
	'c-two-rules': { status: 422, body: SPEC_422 },
};

describe("the issue's three rows, with the spec's 422 answer", () => {
	test.each<[string, Pick<INode, 'onError'> & { continueOnFail?: boolean }]>([
		['Stop Workflow (default)', {}],
		['Continue (using regular output)', { continueOnFail: true, onError: 'continueRegularOutput' }],
		['Continue (using error output)', { continueOnFail: true, onError: 'continueErrorOutput' }],
	])('%s: the blocked rows go to Failed with their rules, the run goes on', async (_name, settings) => {
		stub.current.handle(byCustomer(ISSUE_ANSWERS));
		const result = await run({ items: ISSUE_ROWS, veritus: settings });

		expect(result.error).toBeUndefined();
		const [passed, failed, errors] = result.outputs;
		expect(ids(passed)).toEqual(['c-pass']);
		expect(passed[0].json).toMatchObject({ compliancePassed: true, callId: 'call-c-pass', httpStatus: 200 });
		expect(ids(failed)).toEqual(['c-hours', 'c-two-rules']);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		if (settings.onError === 'continueErrorOutput') expect(errors).toEqual([]);
		else expect(result.outputs).toHaveLength(2);

		const [hours, twoRules] = failed;
		expect(hours.json).toMatchObject({
			customerId: 'c-hours',
			agentId: AGENT,
			callId: null,
			threadId: null,
			compliancePassed: false,
			failedCheckIds: ['respectful-hours-check'],
			failedReasons: 'Respectful Hours Check: Customer local time is 03:00 (outside respectful hours 8am-8:50pm)',
			requestId: HOURS_422.requestId,
			checksPassed: [],
			checksFailed: [RESPECTFUL_HOURS],
			httpStatus: 422,
		});
		expect(twoRules.json).toMatchObject({
			compliancePassed: false,
			failedCheckIds: ['respectful-hours-check', 'model-validation-notice-delivered'],
			failedReasons:
				'Respectful Hours Check: Customer local time is 03:00 (outside respectful hours 8am-8:50pm); Model Validation Notice Delivered: No Model Validation Notice has been sent',
			requestId: SPEC_422.requestId,
			checksFailed: [RESPECTFUL_HOURS, MODEL_NOTICE],
		});
		for (const item of [...passed, ...failed]) {
			expect(item.json.error).toBeUndefined();
			expect(item.error).toBeUndefined();
		}
		// Each row was sent once, and downstream nodes received what the outputs hold.
		expect(sentTo().sort()).toEqual(['c-hours', 'c-pass', 'c-two-rules']);
		expect(result.downstream[1]?.map((item) => item.json.customerId)).toEqual(['c-hours', 'c-two-rules']);
	});

	test('Single Output: every row in input order, blocked ones with compliancePassed false', async () => {
		stub.current.handle(byCustomer(ISSUE_ANSWERS));
		const result = await run({ items: ISSUE_ROWS, veritus: { parameters: { outputLayout: 'single' } } });
		expect(result.outputs).toHaveLength(1);
		expect(result.outputs[0].map((item) => [item.json.customerId, item.json.compliancePassed])).toEqual([
			['c-hours', false],
			['c-pass', true],
			['c-two-rules', false],
		]);
	});

	test('Simplify off: the answer as returned, plus compliancePassed and the parsed checks', async () => {
		stub.current.handle(byCustomer(ISSUE_ANSWERS));
		const result = await run({ items: ISSUE_ROWS, veritus: { parameters: { simplify: false } } });
		const [passed, failed] = result.outputs;
		expect(passed[0].json).toMatchObject({ requestId: 'req-c-pass', success: true, data: { id: 'call-c-pass' } });
		expect(failed[1].json).toMatchObject({
			...SPEC_422,
			compliancePassed: false,
			checksFailed: [RESPECTFUL_HOURS, MODEL_NOTICE],
		});
	});
});

describe('the other shapes', () => {
	test("the seed's data.compliance at HTTP 200 and at a 4xx goes to Failed", async () => {
		const blocked = (status: number): StubAnswer => ({
			status,
			body: {
				requestId: `req-${status}`,
				success: false,
				data: {
					id: null,
					threadId: null,
					compliance: {
						passed: false,
						checksPassed: [],
						checksFailed: [
							{
								id: 'cease-and-desist-exclusion',
								name: 'Cease And Desist Exclusion',
								description: 'Check that the customer has not requested cease and desist',
								reason: 'Customer has requested cease and desist',
							},
						],
					},
				},
			},
		});
		stub.current.handle(byCustomer({ 'c-200': blocked(200), 'c-409': blocked(409), 'c-403': blocked(403) }));
		const result = await run({ items: rows('c-200', 'c-409', 'c-403', 'c-pass') });
		expect(result.error).toBeUndefined();
		expect(ids(result.outputs[0])).toEqual(['c-pass']);
		expect(
			result.outputs[1].map((item) => [item.json.customerId, item.json.httpStatus, item.json.failedCheckIds]),
		).toEqual([
			['c-200', 200, ['cease-and-desist-exclusion']],
			['c-409', 409, ['cease-and-desist-exclusion']],
			['c-403', 403, ['cease-and-desist-exclusion']],
		]);
	});

	test("Create Many's error text, in a publicFacingMessage, is parsed the same way", async () => {
		stub.current.handle(
			byCustomer({
				'c-bulk': { status: 422, body: { requestId: 'r', success: false, publicFacingMessage: SPEC_BULK_ERROR } },
			}),
		);
		const result = await run({
			items: rows('c-bulk'),
			veritus: { continueOnFail: true, onError: 'continueErrorOutput' },
		});
		expect(result.outputs[2]).toEqual([]);
		expect(result.outputs[1][0].json).toMatchObject({
			compliancePassed: false,
			failedCheckIds: ['respectful-hours-check', 'four-voice-call-per-day'],
			checksFailed: [
				RESPECTFUL_HOURS,
				{
					id: 'four-voice-call-per-day',
					name: 'Four Voice Call Per Day',
					description: '',
					reason:
						'Customer has had 4 voice calls today within respectful hours window (America/Los_Angeles), exceeding the limit of 4',
				},
			],
		});
	});

	test('a "not eligible" sentence that cannot be parsed goes to Failed with the whole sentence as its reason', async () => {
		const sentence =
			'Customer not eligible for call. Failed rules: Respectful Hours Check (Customer local time is 03:00';
		stub.current.handle(
			byCustomer({
				'c-odd': { status: 422, body: { requestId: 'r-odd', success: false, publicFacingMessage: sentence } },
			}),
		);
		const result = await run({ items: rows('c-odd', 'c-pass') });
		expect(result.error).toBeUndefined();
		expect(result.outputs[1][0].json).toMatchObject({
			customerId: 'c-odd',
			compliancePassed: false,
			failedCheckIds: ['not-eligible'],
			failedReasons: `Not Eligible: ${sentence}`,
			requestId: 'r-odd',
		});
	});
});

describe('errors keep their handling, and quote publicFacingMessage', () => {
	test('a 422 that is not a compliance refusal stops the run, quoting the message', async () => {
		stub.current.handle(
			byCustomer({
				'c-bad': {
					status: 422,
					body: { requestId: 'r', success: false, publicFacingMessage: 'agentId must be a valid UUID' },
				},
			}),
		);
		const result = await run({ items: rows('c-bad') });
		expect(result.error?.message).toBe(
			'[item 0] Veritus rejected the request (HTTP 422). Veritus said: "agentId must be a valid UUID"',
		);
	});

	test('a 500 with publicFacingMessage goes to the error output, quoting it, the call may have been placed', async () => {
		stub.current.handle(
			byCustomer({
				'c-500': { status: 500, body: { requestId: 'r', success: false, publicFacingMessage: 'Internal error' } },
			}),
		);
		const result = await run({
			items: rows('c-500', 'c-pass'),
			veritus: { continueOnFail: true, onError: 'continueErrorOutput' },
		});
		const [passed, failed, errors] = result.outputs;
		expect(ids(passed)).toEqual(['c-pass']);
		expect(failed).toEqual([]);
		expect(errors.map((item) => item.json.error)).toEqual([
			'[item 0] The Veritus API failed (HTTP 500). Veritus said: "Internal error". The call may have been placed: check customer c-500 in Veritus before trying again',
		]);
	});
});

describe('the placement ledger', () => {
	test('a compliance failure of any shape releases its claim; a placed call keeps it', async () => {
		stub.current.handle(byCustomer(ISSUE_ANSWERS));
		const workflowId = `compliance-shapes-ledger-${Date.now()}`;
		const first = await run({ items: ISSUE_ROWS, workflowId });
		expect(ids(first.outputs[0])).toEqual(['c-pass']);
		stub.current.requests.length = 0;

		const second = await run({ items: ISSUE_ROWS, workflowId });
		// The blocked rows were sent again (their keys were released); the placed one was skipped.
		expect(sentTo().sort()).toEqual(['c-hours', 'c-two-rules']);
		expect(second.outputs[1].map((item) => [item.json.customerId, item.json.failedCheckIds])).toEqual([
			['c-hours', ['respectful-hours-check']],
			['c-pass', ['local:already-placed']],
			['c-two-rules', ['respectful-hours-check', 'model-validation-notice-delivered']],
		]);
	});
});
