/**
 * Drip Campaign → Enroll and Cancel in n8n-core's real WorkflowExecute against the emulator:
 * enrolled now, scheduled for later, blocked by compliance, already enrolled (409), the placement
 * ledger across executions and under Retry On Fail, errors, Dry Run, Simplify off; Cancel (on the
 * shared runner) with each reason, without one, a 404, a 503 that may have cancelled, a run that
 * stops; the customer-ID hint on both. The emulator checks every request and answer against the
 * provider's document (the helper fails a test that leaves a violation).
 */
import type { IDataObject, INodeExecutionData, INodeParameters, NodeApiError } from 'n8n-workflow';

import {
	clearViolations,
	control,
	emulatorRequests,
	emulatorViolations,
	setFaults,
	useEmulator,
	UNKNOWN_CUSTOMER,
} from '../helpers/emulator';
import { DEMO_CLOCK, veritusId } from '../helpers/fixtures';
import { runVeritusWorkflow, type RunVeritusOptions } from '../helpers/workflow-harness';

const TOKEN = 'tok_drip_5f4e3d';
const emulator = useEmulator({ token: TOKEN });

const CAMPAIGN = 'early-stage-collections';
/** The emulator's clock as its answers write it. */
const NOW = new Date(DEMO_CLOCK).toISOString();
const OTHER_CAMPAIGN = 'payment-reminders';
const SECRET = '3c90c3cc-0d44-4b50-8888-8dd25736052a';

/** Passes every rule at the demo clock. */
const ENROLLED_NOW = veritusId('100231');
/** Fails only the daily call limit (a time-bound rule): Veritus schedules the campaign. */
const SCHEDULED = veritusId('100242');
/** Fails `is-active`: not eligible, 422. */
const BLOCKED = veritusId('100239');

let workflowCounter = 0;
/** A workflow ID of its own for each test, so that tests do not share a ledger. */
const newWorkflowId = () => `drip-test-${process.pid}-${++workflowCounter}`;

const ENROLL: INodeParameters = {
	resource: 'dripCampaign',
	operation: 'enroll',
	customerId: '={{ $json.customerId }}',
	campaignName: '={{ $json.campaignName }}',
	options: { ledgerSettleTime: 20 },
};
const CANCEL: INodeParameters = {
	resource: 'dripCampaign',
	operation: 'cancel',
	customerId: '={{ $json.customerId }}',
	dripCampaignId: '={{ $json.dripCampaignId }}',
	// Only for the harness's count of downstream nodes: Cancel has one output.
	outputLayout: 'single',
};

const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({
		credentials: { apiToken: TOKEN, baseUrl: emulator.current.baseUrl },
		workflowId: newWorkflowId(),
		...options,
	});
const enroll = async (
	items: IDataObject[],
	parameters: INodeParameters = {},
	options: Omit<RunVeritusOptions, 'credentials' | 'items'> = {},
) =>
	await run({
		items,
		...options,
		veritus: { ...options.veritus, parameters: { ...ENROLL, ...parameters, ...options.veritus?.parameters } },
	});
const rows = (...customerIds: string[]) => customerIds.map((customerId) => ({ customerId, campaignName: CAMPAIGN }));

interface Enrollment {
	id: string;
	customerId: string;
	campaignName: string;
	status: string;
	startsAt: string;
	reason: string | null;
	canceledAt: string | null;
	webhook: { url: string; secretId?: string } | null;
	callIds: string[];
}
const enrollments = async () =>
	(await control<{ enrollments: Enrollment[] }>(emulator.current, '/drip-campaigns')).enrollments;
const enrolRequests = async () =>
	(await emulatorRequests(emulator.current)).filter((request) => request.operation === 'enrollDripCampaign');
const hintTexts = (result: { task: { hints?: Array<{ message: string }> } }) =>
	(result.task.hints ?? []).map((hint) => hint.message).join('\n');
const checkIds = (item: INodeExecutionData) => item.json.failedCheckIds as string[];

describe('Drip Campaign → Enroll', () => {
	test('enrolled now: Passed, in progress from the clock, the request as the document names it', async () => {
		const result = await enroll(rows(ENROLLED_NOW));
		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(failed).toEqual([]);
		expect(passed).toHaveLength(1);
		const [enrollment] = await enrollments();
		expect(enrollment).toMatchObject({ customerId: ENROLLED_NOW, campaignName: CAMPAIGN, status: 'in-progress' });
		expect(passed[0].pairedItem).toEqual({ item: 0 });
		expect(passed[0].json).toMatchObject({
			customerId: ENROLLED_NOW,
			campaignName: CAMPAIGN,
			enrolled: true,
			dripCampaignId: enrollment.id,
			dripCampaignStatus: 'in-progress',
			startsAt: NOW,
			startsNow: true,
			alreadyEnrolled: false,
			compliancePassed: true,
			failedCheckIds: [],
			failedReasons: '',
			attempts: 1,
			httpStatus: 200,
			idempotencyKey: `enroll|${ENROLLED_NOW}|${CAMPAIGN}`,
		});
		expect((passed[0].json.checksPassed as IDataObject[]).map((check) => check.id)).toContain('is-active');
		const [request] = await enrolRequests();
		expect(request.rawPath).toBe(`/api/v1/customers/${ENROLLED_NOW}/drip-campaigns`);
		expect(request.body).toEqual({ campaignName: CAMPAIGN });
		expect(passed[0].json.requestId).toBe(request.requestId);
		// The campaign's first call was placed at once.
		expect(enrollment.callIds).toHaveLength(1);
		expect(hintTexts(result)).toContain('This manual run made 1 real enrolment through Veritus.');
	});

	test('scheduled for later: Passed, startsNow false, with the time-bound check it waits for', async () => {
		const result = await enroll(rows(SCHEDULED));
		const [passed, failed] = result.outputs;
		expect(failed).toEqual([]);
		const [enrollment] = await enrollments();
		expect(enrollment).toMatchObject({ customerId: SCHEDULED, status: 'scheduled', callIds: [] });
		expect(Date.parse(enrollment.startsAt)).toBeGreaterThan(Date.parse(DEMO_CLOCK));
		expect(passed[0].json).toMatchObject({
			enrolled: true,
			dripCampaignId: enrollment.id,
			dripCampaignStatus: 'scheduled',
			startsAt: enrollment.startsAt,
			startsNow: false,
			compliancePassed: false,
			failedCheckIds: ['four-voice-call-per-day'],
		});
		expect(passed[0].json.failedReasons).toMatch(/^Four Voice Call Per Day: /);
	});

	test('blocked by compliance (422 "not eligible"): Failed with the rules, nothing enrolled, the key released', async () => {
		const workflowId = newWorkflowId();
		const first = await enroll(rows(BLOCKED), {}, { workflowId });
		const [passed, failed] = first.outputs;
		expect(passed).toEqual([]);
		expect(failed[0].json).toMatchObject({
			customerId: BLOCKED,
			enrolled: false,
			dripCampaignId: null,
			dripCampaignStatus: null,
			startsNow: null,
			compliancePassed: false,
			failedCheckIds: ['is-active'],
			httpStatus: 422,
		});
		expect(failed[0].json.failedReasons).toMatch(/^Is Active: /);
		expect(await enrollments()).toEqual([]);
		expect(hintTexts(first)).toContain(
			'The one enrolment Veritus answered was refused (blocked by compliance, or already enrolled): no enrolment was made.',
		);
		// Certainly not enrolled: the next run asks Veritus again.
		const second = await enroll(rows(BLOCKED), {}, { workflowId });
		expect(checkIds(second.outputs[1][0])).toEqual(['is-active']);
		expect(await enrolRequests()).toHaveLength(2);
	});

	test("already enrolled (the emulator's 409): Failed, alreadyEnrolled, quoting Veritus", async () => {
		await enroll(rows(ENROLLED_NOW));
		// Another workflow (its own ledger) enrols the same customer in the same campaign.
		const result = await enroll(rows(ENROLLED_NOW));
		const [passed, failed] = result.outputs;
		expect(passed).toEqual([]);
		expect(failed[0].json).toMatchObject({
			enrolled: false,
			alreadyEnrolled: true,
			compliancePassed: false,
			failedCheckIds: ['already-enrolled'],
			failedReasons: `Already Enrolled: Customer is already enrolled in drip campaign '${CAMPAIGN}'`,
			httpStatus: 409,
		});
		expect(await enrollments()).toHaveLength(1);
	});

	test('Simplify off: the answer as returned; a 422 gains compliancePassed and checksFailed, a 409 alreadyEnrolled', async () => {
		await enroll(rows(veritusId('100232')));
		const result = await enroll(
			[
				{ customerId: ENROLLED_NOW, campaignName: CAMPAIGN },
				{ customerId: BLOCKED, campaignName: CAMPAIGN },
				{ customerId: veritusId('100232'), campaignName: CAMPAIGN },
			],
			{ simplify: false },
		);
		const [passed, failed] = result.outputs;
		const [enrollment] = (await enrollments()).filter((entry) => entry.customerId === ENROLLED_NOW);
		expect(passed[0].json).toMatchObject({
			success: true,
			data: { id: enrollment.id, customerId: ENROLLED_NOW, campaignName: CAMPAIGN, status: 'in-progress' },
		});
		expect(failed[0].json).toMatchObject({ success: false, compliancePassed: false });
		expect(failed[0].json.publicFacingMessage).toMatch(
			/^Customer not eligible for drip campaign\. Failed rules: Is Active/,
		);
		expect((failed[0].json.checksFailed as IDataObject[]).map((check) => check.id)).toEqual(['is-active']);
		expect(failed[1].json).toMatchObject({
			success: false,
			alreadyEnrolled: true,
			publicFacingMessage: `Customer is already enrolled in drip campaign '${CAMPAIGN}'`,
		});
	});

	test('a webhook with a URL only, and one with a Secret ID: sent as given, the secret never in the output', async () => {
		const result = await enroll(
			[
				{ customerId: ENROLLED_NOW, campaignName: CAMPAIGN, secret: '' },
				{ customerId: veritusId('100232'), campaignName: CAMPAIGN, secret: SECRET },
			],
			{ webhook: { url: 'https://n8n.example.com/webhook/veritus-drip', secretId: '={{ $json.secret }}' } },
		);
		expect(result.outputs[0]).toHaveLength(2);
		const bodies = (await enrolRequests()).map((request) => request.body);
		expect(bodies).toEqual([
			{ campaignName: CAMPAIGN, webhook: { url: 'https://n8n.example.com/webhook/veritus-drip' } },
			{ campaignName: CAMPAIGN, webhook: { url: 'https://n8n.example.com/webhook/veritus-drip', secretId: SECRET } },
		]);
		expect(JSON.stringify(result.outputs)).not.toContain(SECRET);
		expect((await enrollments()).map((entry) => entry.webhook)).toEqual([
			{ url: 'https://n8n.example.com/webhook/veritus-drip' },
			{ url: 'https://n8n.example.com/webhook/veritus-drip', secretId: SECRET },
		]);
	});

	test('an n8n test URL as the webhook is warned about, in drip campaign words', async () => {
		const result = await enroll(rows(ENROLLED_NOW), {
			webhook: { url: 'https://n8n.example.com/webhook-test/veritus' },
		});
		expect(hintTexts(result)).toContain(
			"The Webhook URL of item 0 is an n8n test URL (/webhook-test/): it only listens while the editor waits for a test event, so Veritus's drip campaign updates will be lost.",
		);
	});

	test('Dry Run: nothing sent, the request shown with the Secret ID masked', async () => {
		const result = await enroll(rows(ENROLLED_NOW), {
			webhook: { url: 'https://n8n.example.com/webhook/veritus', secretId: SECRET },
			options: { dryRun: true },
		});
		expect(result.outputs[0][0].json).toMatchObject({
			dryRun: true,
			wouldSend: true,
			customerId: ENROLLED_NOW,
			campaignName: CAMPAIGN,
			request: {
				method: 'POST',
				path: `/customers/${ENROLLED_NOW}/drip-campaigns`,
				body: {
					campaignName: CAMPAIGN,
					webhook: { url: 'https://n8n.example.com/webhook/veritus', secretId: '********' },
				},
			},
		});
		expect(await enrolRequests()).toEqual([]);
	});

	test('an unknown campaign (400) and an unknown customer (404) are errors quoting Veritus, in enrolment words', async () => {
		const result = await enroll(
			[
				{ customerId: ENROLLED_NOW, campaignName: 'no-such-campaign' },
				{ customerId: UNKNOWN_CUSTOMER, campaignName: CAMPAIGN },
			],
			{},
			{ veritus: { continueOnFail: true } },
		);
		const [first, second] = result.outputs[1];
		expect(first.json).toMatchObject({
			error: `[item 0] Veritus rejected the request (HTTP 400). Veritus said: "Invalid request data: campaignName no-such-campaign names no drip campaign of this organisation"`,
			description: "Veritus did not make the enrolment. Fix the item's fields and run it again.",
			httpCode: 400,
			callMayHaveBeenPlaced: false,
		});
		expect(second.json).toMatchObject({
			error: `[item 1] Customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
			httpCode: 404,
		});
	});

	test('a 503: the enrolment may have been made, the key stays claimed and the next run skips it', async () => {
		const workflowId = newWorkflowId();
		await setFaults(emulator.current, [
			{ type: 'status', status: 503, operation: 'enrollDripCampaign', customerId: ENROLLED_NOW, times: 1 },
		]);
		const first = await enroll(rows(ENROLLED_NOW), {}, { workflowId, veritus: { continueOnFail: true } });
		expect(first.outputs[1][0].json).toMatchObject({
			error: `[item 0] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The enrolment may have been made: check customer ${ENROLLED_NOW} in Veritus before trying again`,
			callMayHaveBeenPlaced: true,
		});
		const second = await enroll(rows(ENROLLED_NOW), {}, { workflowId });
		expect(checkIds(second.outputs[1][0])).toEqual(['local:already-placed']);
		expect(await enrolRequests()).toHaveLength(1);
	});
});

describe('the placement ledger covers enrolments', () => {
	test('a second execution enrols nobody twice: one enrolment per customer and campaign per key', async () => {
		const workflowId = newWorkflowId();
		const items = [
			{ customerId: ENROLLED_NOW, campaignName: CAMPAIGN },
			{ customerId: ENROLLED_NOW, campaignName: OTHER_CAMPAIGN },
			{ customerId: SCHEDULED, campaignName: CAMPAIGN },
		];
		const first = await enroll(items, {}, { workflowId });
		expect(first.outputs[0].map((item) => [item.json.customerId, item.json.campaignName])).toEqual([
			[ENROLLED_NOW, CAMPAIGN],
			[ENROLLED_NOW, OTHER_CAMPAIGN],
			[SCHEDULED, CAMPAIGN],
		]);

		// The same rows again, the customer ID upper-cased as some CRMs export it.
		const again = items.map((row) => ({ ...row, customerId: row.customerId.toUpperCase() }));
		const second = await enroll(again, {}, { workflowId });
		expect(second.outputs[0]).toEqual([]);
		expect(second.outputs[1]).toHaveLength(3);
		second.outputs[1].forEach((item, index) => {
			const key = `enroll|${items[index].customerId}|${items[index].campaignName}`;
			expect(item.json).toMatchObject({
				enrolled: false,
				failedCheckIds: ['local:already-placed'],
				idempotencyKey: key,
				attempts: 0,
			});
			expect(item.json.failedReasons).toBe(
				`Enrolment Already Made (n8n node, not Veritus): Not sent to Veritus: an earlier run of this workflow already made or attempted this enrolment (Placement Key "${key}"). If Veritus shows no such enrolment, release the key with Placement Ledger → Release and run again.`,
			);
		});
		expect(await enrolRequests()).toHaveLength(3);
		expect(await enrollments()).toHaveLength(3);
	});

	test('a customer and campaign twice in one run: the later row is not sent', async () => {
		const result = await enroll(rows(ENROLLED_NOW, ENROLLED_NOW));
		const [passed, failed] = result.outputs;
		expect(passed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({ failedCheckIds: ['local:repeated-customer-in-run'] });
		expect(failed[0].json.failedReasons).toContain(
			`customer ${ENROLLED_NOW} already appears in item 0 of this run, and "One Enrolment Per Customer And Campaign Per Run" is on`,
		);
		expect(await enrolRequests()).toHaveLength(1);
	});

	test('a custom Placement Key replaces the default', async () => {
		const workflowId = newWorkflowId();
		const parameters = { options: { ledgerSettleTime: 20, placementKey: '={{ $json.event }}' } };
		await enroll([{ customerId: ENROLLED_NOW, campaignName: CAMPAIGN, event: 'crm-event-1' }], parameters, {
			workflowId,
		});
		const second = await enroll([{ customerId: SCHEDULED, campaignName: CAMPAIGN, event: 'crm-event-1' }], parameters, {
			workflowId,
		});
		expect(second.outputs[1][0].json).toMatchObject({
			failedCheckIds: ['local:already-placed'],
			idempotencyKey: 'crm-event-1',
		});
		expect((await enrollments()).map((entry) => entry.customerId)).toEqual([ENROLLED_NOW]);
	});

	test("n8n's Retry On Fail: the failed item is sent again, the enrolled ones never twice", async () => {
		const customers = [ENROLLED_NOW, veritusId('100232'), veritusId('100233')];
		// Item 1 gets a 429 and, with Max Attempts 1, fails: certainly not enrolled.
		await setFaults(emulator.current, [
			{
				type: 'status',
				status: 429,
				retryAfter: 0,
				operation: 'enrollDripCampaign',
				customerId: customers[1],
				times: 1,
			},
		]);
		const result = await enroll(
			rows(...customers),
			{ options: { ledgerSettleTime: 20, maxAttempts: 1, maxConcurrent: 1 } },
			{ veritus: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } },
		);
		expect(result.executeCalls).toBe(2);
		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json.customerId)).toEqual(customers);
		const requests = await enrolRequests();
		// The first try stopped at the error (no new sends); the second answered item 0 from its memory.
		expect(requests.map((request) => [request.customerId, request.status])).toEqual([
			[customers[0], 200],
			[customers[1], 429],
			[customers[1], 200],
			[customers[2], 200],
		]);
		expect((await enrollments()).map((entry) => entry.customerId).sort()).toEqual([...customers].sort());
	});

	test('a retried execution (same input, new execution) enrols only what the failed one did not', async () => {
		const workflowId = newWorkflowId();
		const customers = [ENROLLED_NOW, veritusId('100232'), veritusId('100233')];
		await setFaults(emulator.current, [
			{ type: 'status', status: 503, operation: 'enrollDripCampaign', customerId: customers[1], times: 1 },
		]);
		const parameters = { options: { ledgerSettleTime: 20, maxConcurrent: 1 } };
		const failed = await enroll(rows(...customers), parameters, { workflowId });
		expect(failed.error?.message).toContain('[item 1] The Veritus API failed (HTTP 503)');
		const description = String(failed.error?.description);
		const [first] = await enrollments();
		expect(description).toContain(
			`Enrolments already made in this run (1):\n- item 0: customer ${customers[0]}, enrolment ${first.id}, request `,
		);
		expect(description).toContain(
			`Enrolments that may have been made (outcome unknown; check Veritus) (1):\n- item 1: customer ${customers[1]}`,
		);
		expect((failed.error as unknown as NodeApiError).context?.placedCalls).toHaveLength(1);

		const retry = await enroll(rows(...customers), parameters, { workflowId });
		expect(retry.outputs[0].map((item) => item.json.customerId)).toEqual([customers[2]]);
		expect(retry.outputs[1].map((item) => checkIds(item))).toEqual([
			['local:already-placed'],
			['local:already-placed'],
		]);
		expect((await enrollments()).map((entry) => entry.customerId)).toEqual([customers[0], customers[2]]);
	});
});

describe('Drip Campaign → Cancel', () => {
	/** Enrols the customers (each in CAMPAIGN) and returns their drip campaign IDs. */
	async function enrolled(...customerIds: string[]): Promise<string[]> {
		const result = await enroll(rows(...customerIds));
		return result.outputs[0].map((item) => item.json.dripCampaignId as string);
	}

	test('with each reason, and without one: cancelled, the reason recorded, no body without a reason', async () => {
		const customers = [ENROLLED_NOW, SCHEDULED, veritusId('100232')];
		const ids = await enrolled(...customers);
		const reasons = ['customer-converted', 'customer-engaged', ''];
		const result = await run({
			items: customers.map((customerId, index) => ({ customerId, dripCampaignId: ids[index], reason: reasons[index] })),
			veritus: { parameters: { ...CANCEL, reason: '={{ $json.reason }}' } },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(1);
		const items = result.outputs[0];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const requests = (await emulatorRequests(emulator.current)).filter(
			(request) => request.operation === 'cancelDripCampaign',
		);
		items.forEach((item, index) => {
			expect(item.json).toEqual({
				customerId: customers[index],
				dripCampaignId: ids[index],
				canceled: true,
				reason: reasons[index] || null,
				campaignName: CAMPAIGN,
				dripCampaignStatus: 'canceled',
				canceledAt: NOW,
				requestId: requests[index].requestId,
			});
		});
		expect(requests.map((request) => [request.method, request.rawPath, request.body])).toEqual([
			['DELETE', `/api/v1/customers/${customers[0]}/drip-campaigns/${ids[0]}`, { reason: 'customer-converted' }],
			['DELETE', `/api/v1/customers/${customers[1]}/drip-campaigns/${ids[1]}`, { reason: 'customer-engaged' }],
			['DELETE', `/api/v1/customers/${customers[2]}/drip-campaigns/${ids[2]}`, null],
		]);
		expect((await enrollments()).map((entry) => [entry.status, entry.reason])).toEqual([
			['canceled', 'customer-converted'],
			['canceled', 'customer-engaged'],
			['canceled', null],
		]);
	});

	test('Simplify off: the answer as returned', async () => {
		const [id] = await enrolled(ENROLLED_NOW);
		const result = await run({
			items: [{ customerId: ENROLLED_NOW, dripCampaignId: id }],
			veritus: { parameters: { ...CANCEL, reason: 'customer-engaged', simplify: false } },
		});
		expect(result.outputs[0][0].json).toMatchObject({
			success: true,
			data: { id, customerId: ENROLLED_NOW, status: 'canceled', reason: 'customer-engaged' },
		});
	});

	test('a 404 is an error naming the drip campaign and the customer, quoting Veritus', async () => {
		const missing = '11111111-2222-4333-8444-555555555555';
		const failing = await run({
			items: [{ customerId: ENROLLED_NOW, dripCampaignId: missing }],
			veritus: { parameters: CANCEL },
		});
		expect(failing.error?.message).toBe(
			`[item 0] Drip campaign ${missing} of customer ${ENROLLED_NOW} was not found in Veritus (HTTP 404). Veritus said: "Drip campaign not found"`,
		);
		expect(failing.error?.description).toContain('Check the Customer ID and the Drip Campaign ID');

		const continuing = await run({
			items: [
				{ customerId: UNKNOWN_CUSTOMER, dripCampaignId: missing },
				{ customerId: ENROLLED_NOW, dripCampaignId: '' },
			],
			veritus: { parameters: CANCEL, continueOnFail: true },
		});
		expect(continuing.outputs[0].map((item) => item.json)).toEqual([
			{
				error: `[item 0] Drip campaign ${missing} of customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
				description: expect.stringContaining('Check the Customer ID'),
				itemIndex: 0,
				customerId: UNKNOWN_CUSTOMER,
				dripCampaignId: missing,
				httpCode: 404,
				dripCampaignMayHaveBeenCancelled: false,
			},
			{
				error: '[item 1] Drip Campaign ID is empty',
				description: 'Map a value to Drip Campaign ID.',
				itemIndex: 1,
				customerId: ENROLLED_NOW,
				httpCode: null,
				dripCampaignMayHaveBeenCancelled: false,
			},
		]);
	});

	test('a 503: the drip campaign may have been cancelled, in the error item and in the summary of a run that stops', async () => {
		const ids = await enrolled(ENROLLED_NOW, SCHEDULED);
		await setFaults(emulator.current, [
			{ type: 'status', status: 503, operation: 'cancelDripCampaign', customerId: SCHEDULED, times: 2 },
		]);
		const items = [
			{ customerId: ENROLLED_NOW, dripCampaignId: ids[0] },
			{ customerId: SCHEDULED, dripCampaignId: ids[1] },
		];
		const unknown = `[item 1] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The drip campaign may have been cancelled: check customer ${SCHEDULED} in Veritus before trying again`;

		const continuing = await run({ items, veritus: { parameters: CANCEL, continueOnFail: true } });
		expect(continuing.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(continuing.outputs[0][0].json).toMatchObject({ dripCampaignId: ids[0], canceled: true });
		expect(continuing.outputs[0][1].json).toEqual({
			error: unknown,
			description:
				'The node does not retry server errors, because Veritus may have cancelled the drip campaign before failing.',
			itemIndex: 1,
			customerId: SCHEDULED,
			dripCampaignId: ids[1],
			httpCode: 503,
			dripCampaignMayHaveBeenCancelled: true,
		});

		// Without continue-on-fail, one request at a time: the failed item stops the run, and the
		// error says what became of every item.
		const stopping = await run({
			items: [items[1], items[0]],
			veritus: { parameters: { ...CANCEL, options: { maxConcurrent: 1 } } },
		});
		expect(stopping.error?.message).toBe(unknown.replace('[item 1]', '[item 0]'));
		expect(stopping.error?.description).toContain(
			'No item was answered by Veritus before the run stopped.\nOutcome unknown, the drip campaign may have been cancelled; check Veritus (1): items 0.\nNot sent (1): items 1.',
		);
		const cancels = (await emulatorRequests(emulator.current)).filter(
			(request) => request.operation === 'cancelDripCampaign',
		);
		expect(cancels.map((request) => request.rawPath)).toEqual([
			`/api/v1/customers/${ENROLLED_NOW}/drip-campaigns/${ids[0]}`,
			`/api/v1/customers/${SCHEDULED}/drip-campaigns/${ids[1]}`,
			`/api/v1/customers/${SCHEDULED}/drip-campaigns/${ids[1]}`,
		]);
	});

	test('"Continue (using error output)": a failed cancellation goes to the error output, the others stay', async () => {
		const [id] = await enrolled(ENROLLED_NOW);
		const result = await run({
			items: [
				{ customerId: ENROLLED_NOW, dripCampaignId: id },
				{ customerId: ENROLLED_NOW, dripCampaignId: '11111111-2222-4333-8444-555555555555' },
			],
			veritus: { parameters: CANCEL, onError: 'continueErrorOutput' },
		});
		expect(result.error).toBeUndefined();
		const [done, errors] = result.outputs;
		expect(done.map((item) => [item.json.dripCampaignId, item.pairedItem])).toEqual([[id, { item: 0 }]]);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(errors[0].json.error).toMatch(/^\[item 1\] Drip campaign 11111111-/);
	});
});

describe('the customer-ID hint on Drip Campaign', () => {
	const HINT =
		'is not a Veritus customer ID (a UUID), for example "100231": it looks like your own account number. Veritus names each customer by the UUID it assigns: create the customers with Customer → Create (or Create Many), keep the id field of its output, and map that id to Customer ID.';
	/** The run's warning hints about Customer IDs (a manual run that enrols also says how many it made). */
	const warnings = (result: { task: { hints?: Array<{ type?: string; message: string }> } }) =>
		(result.task.hints ?? [])
			.filter((hint) => hint.type === 'warning' && hint.message.startsWith('The Customer ID of'))
			.map((hint) => hint.message);

	test('Enroll and Cancel warn about a Customer ID that is not a UUID and send it anyway; UUIDs get no warning', async () => {
		const enrolling = await enroll(
			[
				{ customerId: ENROLLED_NOW, campaignName: CAMPAIGN },
				{ customerId: '100231', campaignName: CAMPAIGN },
			],
			{},
			{ veritus: { continueOnFail: true } },
		);
		expect(warnings(enrolling)).toEqual([`The Customer ID of item 1 ${HINT}`]);
		expect((await enrolRequests()).map((request) => request.rawPath)).toEqual([
			`/api/v1/customers/${ENROLLED_NOW}/drip-campaigns`,
			'/api/v1/customers/100231/drip-campaigns',
		]);

		const cancelling = await run({
			items: [{ customerId: '100231', dripCampaignId: '11111111-2222-4333-8444-555555555555' }],
			veritus: { parameters: CANCEL, continueOnFail: true },
		});
		expect(warnings(cancelling)).toEqual([`The Customer ID of item 0 ${HINT}`]);
		expect(cancelling.outputs[0][0].json.error).toMatch(/^\[item 0\] /);

		// The requests broke the published contract (the path's format: uuid), as the hint said.
		const violations = await emulatorViolations(emulator.current);
		expect(violations.every((violation) => violation.direction === 'request')).toBe(true);
		expect(violations.length).toBeGreaterThan(0);
		await clearViolations(emulator.current);

		const clean = await run({
			items: [{ customerId: ENROLLED_NOW, dripCampaignId: '11111111-2222-4333-8444-555555555555' }],
			veritus: { parameters: CANCEL, continueOnFail: true },
		});
		expect(warnings(clean)).toEqual([]);
	});
});
