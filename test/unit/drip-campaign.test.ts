// Covers Drip Campaign → Enroll and Cancel without the network: every validated field's bad input
// (one bad value in one field per row, the error naming the item and the field), the accepted
// forms, the default placement key, and how each documented or plausible answer is read.
import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import {
	cancelOperation,
	prepareCancel,
	readCancelAnswer,
	type PreparedCancel,
} from '../../nodes/Veritus/actions/dripCampaign/cancel.operation';
import {
	defaultEnrolmentKey,
	enrolmentDryRunItem,
	enrolmentLocalItem,
	enrolmentWarnings,
	prepareEnrolment,
	readEnrolmentAnswer,
	type PreparedEnrolment,
} from '../../nodes/Veritus/actions/dripCampaign/enrollment';
import { customerIdWarnings } from '../../nodes/Veritus/helpers/customerId';
import { fakeNode } from './fakes';

const CUSTOMER = '3a8d6bff-6306-5c57-9536-7e8d4a2d24f8';
const CAMPAIGN = 'early-stage-collections';
const SECRET = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const DRIP = 'd2bca2f3-e5a9-4e43-bcb4-66c32bf6ab2f';
const UNRESOLVABLE = new Error('Cannot read properties of undefined');

/** An IExecuteFunctions with getNode and getNodeParameter only; `values` override the valid ones. */
function context(
	valid: Record<string, unknown>,
	values: Record<string, unknown> = {},
	throws?: string,
): IExecuteFunctions {
	return {
		getNode: () => fakeNode(),
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			if (name === throws) throw UNRESOLVABLE;
			const all = { ...valid, ...values };
			return name in all ? all[name] : fallback;
		},
	} as unknown as IExecuteFunctions;
}
const enrolContext = (values: Record<string, unknown> = {}, throws?: string) =>
	context({ customerId: CUSTOMER, campaignName: CAMPAIGN, webhook: {} }, values, throws);
const cancelContext = (values: Record<string, unknown> = {}, throws?: string) =>
	context({ customerId: CUSTOMER, dripCampaignId: DRIP, reason: '' }, values, throws);

function rejection(run: () => unknown): NodeOperationError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('expected a NodeOperationError');
}

// prettier-ignore
const ID_REJECTIONS: Array<[string, unknown, string]> = [
	['empty',            '',                    'is empty'],
	['whitespace only',  ' \t ',                'is empty'],
	['null',             null,                  'is missing'],
	['an object',        { id: 1 },             'must be text or a number, but is an object'],
	['a list',           ['a'],                 'must be text or a number, but is a list'],
	['a boolean',        true,                  'must be text or a number, but is a boolean'],
	['NaN',              NaN,                   'is not a valid number (NaN)'],
	['an unsafe number', 12345678901234567890,  'is the number 12345678901234567000, which cannot be an exact ID'],
	['too long',         'x'.repeat(300),       'is 300 characters long; the limit is 256'],
	['a control char',   'ab\ncd',              'contains a control character: "ab\\u000acd"'],
];

describe('Drip Campaign → Enroll: validation', () => {
	test.each(ID_REJECTIONS)('Customer ID %s is rejected, naming the item and the field', (_name, value, problem) => {
		const error = rejection(() => prepareEnrolment(enrolContext({ customerId: value }), 4));
		expect(error.message).toBe(`[item 4] Customer ID ${problem}`);
	});

	test('Customer ID ".." is rejected; an expression that throws names the field', () => {
		expect(rejection(() => prepareEnrolment(enrolContext({ customerId: '..' }), 0)).message).toBe(
			'[item 0] Customer ID cannot be ".."',
		);
		expect(rejection(() => prepareEnrolment(enrolContext({}, 'customerId'), 2)).message).toBe(
			'[item 2] Customer ID could not be resolved: Cannot read properties of undefined',
		);
	});

	test.each(ID_REJECTIONS)('Campaign Name %s is rejected, the error carrying the customer', (_name, value, problem) => {
		const error = rejection(() => prepareEnrolment(enrolContext({ campaignName: value }), 1));
		expect(error.message).toBe(`[item 1] Campaign Name ${problem}`);
		expect(error.context.customerId).toBe(CUSTOMER);
	});

	test('Campaign Name: an expression that throws names the field', () => {
		expect(rejection(() => prepareEnrolment(enrolContext({}, 'campaignName'), 3)).message).toBe(
			'[item 3] Campaign Name could not be resolved: Cannot read properties of undefined',
		);
	});

	// prettier-ignore
	const WEBHOOK_REJECTIONS: Array<[string, unknown, string]> = [
		['not an object',            'https://x.example',                                  'Webhook must be an object with a URL and, optionally, a Secret ID'],
		['a URL that is not text',   { url: 42 },                                           'Webhook URL must be text, but is number'],
		['a relative URL',           { url: '/webhook/veritus' },                           'Webhook URL must be an absolute http(s) URL with a host, got "/webhook/veritus"'],
		['a javascript: URL',        { url: 'javascript:alert(1)' },                        'Webhook URL must use http or https, not "javascript"'],
		['a URL with spaces',        { url: 'https://x.example/a b' },                      'Webhook URL contains spaces: "https://x.example/a b"'],
		['a URL with a backslash',   { url: 'https://x.example\\hook' },                    'Webhook URL contains a control character or a backslash: "https://x.example\\hook"'],
		['a Secret ID without a URL', { secretId: SECRET },                                 'Webhook URL is required when a Webhook Secret ID is set'],
		['a Secret ID not a UUID',   { url: 'https://x.example/hook', secretId: 'abc' },    'Webhook Secret ID must be a UUID (8-4-4-4-12 hexadecimal digits, 36 characters); the value given has 3 characters'],
		['a Secret ID not text',     { url: 'https://x.example/hook', secretId: 7 },        'Webhook Secret ID must be text, but is number'],
	];
	test.each(WEBHOOK_REJECTIONS)('Webhook with %s is rejected', (_name, value, message) => {
		const error = rejection(() => prepareEnrolment(enrolContext({ webhook: value }), 5));
		expect(error.message).toBe(`[item 5] ${message}`);
		expect(error.context.customerId).toBe(CUSTOMER);
	});

	test('a bad Secret ID is never echoed', () => {
		const secret = 'not-a-uuid-but-secret-value';
		const error = rejection(() =>
			prepareEnrolment(enrolContext({ webhook: { url: 'https://x.example/hook', secretId: secret } }), 0),
		);
		expect(`${error.message} ${error.description ?? ''}`).not.toContain(secret);
	});

	test('accepted: a number as Customer ID, trimmed names, a URL alone (unsigned), a URL with a Secret ID', () => {
		const plain = prepareEnrolment(enrolContext({ customerId: 100231, campaignName: `  ${CAMPAIGN} ` }), 0);
		expect(plain).toMatchObject({
			customerId: '100231',
			campaignName: CAMPAIGN,
			path: '/customers/100231/drip-campaigns',
			body: { campaignName: CAMPAIGN },
		});
		const urlOnly = prepareEnrolment(
			enrolContext({ webhook: { url: ' https://N8N.example/webhook/x ', secretId: '  ' } }),
			0,
		);
		expect(urlOnly.body).toEqual({ campaignName: CAMPAIGN, webhook: { url: 'https://n8n.example/webhook/x' } });
		const signed = prepareEnrolment(
			enrolContext({ webhook: { url: 'https://n8n.example/webhook/x', secretId: SECRET } }),
			0,
		);
		expect(signed.body.webhook).toEqual({ url: 'https://n8n.example/webhook/x', secretId: SECRET });
		const slashy = prepareEnrolment(enrolContext({ customerId: 'a/b?c' }), 0);
		expect(slashy.path).toBe('/customers/a%2Fb%3Fc/drip-campaigns');
	});
});

describe('Drip Campaign → Enroll: keys, dry run, local items, warnings', () => {
	test('the default key is enroll|customer|campaign, a UUID in lower case, any other ID as sent', () => {
		expect(defaultEnrolmentKey({ customerId: CUSTOMER.toUpperCase(), campaignName: CAMPAIGN })).toBe(
			`enroll|${CUSTOMER}|${CAMPAIGN}`,
		);
		expect(defaultEnrolmentKey({ customerId: 'CUS-7', campaignName: 'Payment-Reminders' })).toBe(
			'enroll|CUS-7|Payment-Reminders',
		);
		const item = prepareEnrolment(enrolContext({ customerId: CUSTOMER.toUpperCase() }), 0);
		expect(item.dedupeKey).toBe(`${CUSTOMER}|${CAMPAIGN}`);
	});

	test('a dry run shows the request with the Secret ID masked; without a secret there is nothing to mask', () => {
		const signed = prepareEnrolment(
			enrolContext({ webhook: { url: 'https://n8n.example/hook', secretId: SECRET } }),
			0,
		);
		expect(enrolmentDryRunItem(signed)).toEqual({
			dryRun: true,
			wouldSend: true,
			customerId: CUSTOMER,
			campaignName: CAMPAIGN,
			request: {
				method: 'POST',
				path: `/customers/${CUSTOMER}/drip-campaigns`,
				body: { campaignName: CAMPAIGN, webhook: { url: 'https://n8n.example/hook', secretId: '********' } },
			},
		});
		const unsigned = prepareEnrolment(enrolContext({ webhook: { url: 'https://n8n.example/hook' } }), 0);
		expect((enrolmentDryRunItem(unsigned).request as { body: unknown }).body).toEqual({
			campaignName: CAMPAIGN,
			webhook: { url: 'https://n8n.example/hook' },
		});
	});

	test('a local check: the flat row with the check as the only failed one, or the small raw item', () => {
		const item = prepareEnrolment(enrolContext(), 0);
		const check = { id: 'local:already-placed', name: 'Enrolment Already Made', description: 'd', reason: 'r' };
		expect(enrolmentLocalItem(item, check, true, {})).toMatchObject({
			customerId: CUSTOMER,
			campaignName: CAMPAIGN,
			enrolled: false,
			dripCampaignId: null,
			failedCheckIds: ['local:already-placed'],
			failedReasons: 'Enrolment Already Made: r',
		});
		expect(enrolmentLocalItem(item, check, false, { placementKey: 'k' })).toEqual({
			skipped: true,
			customerId: CUSTOMER,
			campaignName: CAMPAIGN,
			placementKey: 'k',
			reason: 'r',
		});
	});

	test('webhook warnings speak of drip campaign updates and enrolments', () => {
		const items = [0, 1].map((itemIndex) => ({
			...prepareEnrolment(enrolContext({ webhook: { url: 'https://n8n.example/webhook-waiting/9' } }), itemIndex),
		}));
		expect(enrolmentWarnings(items)).toEqual([
			"2 items (items 0, 1) send their drip campaign updates to an execution's resume URL ($execution.resumeUrl): the first update resumes the execution, and the updates of the other enrolments find nothing waiting.",
		]);
	});

	test('a Customer ID that is not a UUID gets the shared customer-ID warning, after the webhook warnings', () => {
		const items = [
			prepareEnrolment(enrolContext({ webhook: { url: 'http://localhost:5678/webhook/veritus' } }), 0),
			prepareEnrolment(enrolContext({ customerId: 100231 }), 1),
		];
		expect(enrolmentWarnings(items)).toEqual([
			"The Webhook URL of item 0 points at localhost: Veritus's servers cannot reach it, so the drip campaign updates will be lost. Use an address Veritus can reach.",
			customerIdWarnings([{ itemIndex: 1, customerId: '100231' }])[0],
		]);
		expect(enrolmentWarnings([items[0]])).toHaveLength(1);
	});
});

describe('Drip Campaign → Enroll: reading the answer', () => {
	const node = fakeNode();
	let item: PreparedEnrolment;
	beforeEach(() => {
		item = prepareEnrolment(enrolContext(), 2);
	});
	const read = (status: number, body: unknown, simplify = true) =>
		readEnrolmentAnswer(node, item, status, body, simplify);
	const thrown = (status: number, body: unknown): NodeApiError => {
		try {
			read(status, body);
		} catch (error) {
			expect(error).toBeInstanceOf(NodeApiError);
			return error as NodeApiError;
		}
		throw new Error('expected a NodeApiError');
	};
	const compliance = (passed: boolean, failed: string[] = []) => ({
		passed,
		checksPassed: [],
		checksFailed: failed.map((id) => ({ id, name: id, description: '', reason: `${id} failed` })),
	});

	test("the emulator's enrolment, started now: Passed, every column filled", () => {
		const data = {
			id: DRIP,
			status: 'in-progress',
			startsAt: '2026-11-30T18:00:00.000Z',
			compliance: compliance(true),
		};
		expect(read(200, { requestId: 'r-1', success: true, data })).toEqual({
			passed: true,
			json: {
				customerId: CUSTOMER,
				campaignName: CAMPAIGN,
				enrolled: true,
				dripCampaignId: DRIP,
				dripCampaignStatus: 'in-progress',
				startsAt: '2026-11-30T18:00:00.000Z',
				startsNow: true,
				alreadyEnrolled: false,
				compliancePassed: true,
				failedCheckIds: [],
				failedReasons: '',
				requestId: 'r-1',
				checksPassed: [],
				checksFailed: [],
			},
		});
	});

	test('scheduled, with failed time-bound checks and success: true: Passed, startsNow false', () => {
		const data = {
			id: DRIP,
			status: 'scheduled',
			startsAt: '2026-12-01T13:00:00.000Z',
			compliance: compliance(false, ['respectful-hours-check']),
		};
		const outcome = read(200, { success: true, data });
		expect(outcome.passed).toBe(true);
		expect(outcome.json).toMatchObject({
			startsNow: false,
			compliancePassed: false,
			failedCheckIds: ['respectful-hours-check'],
		});
	});

	test('a 2xx the document does not describe (an empty body, a bare success, a 201): Passed, unknown columns null', () => {
		for (const [status, body] of [
			[200, ''],
			[204, undefined],
			[200, { requestId: 'r-2', success: true }],
			[201, { data: { id: DRIP } }],
		] as const) {
			const outcome = read(status, body);
			expect(outcome.passed).toBe(true);
			expect(outcome.json).toMatchObject({
				enrolled: true,
				dripCampaignStatus: null,
				startsNow: null,
				compliancePassed: null,
			});
		}
		expect(read(200, '', false)).toEqual({ passed: true, json: {} });
	});

	test('a 422 "not eligible": Failed, the rules parsed, like a blocked call', () => {
		const body = {
			requestId: 'r-3',
			success: false,
			publicFacingMessage:
				'Customer not eligible for drip campaign. Failed rules: Is Active (Customer is not active), Cease And Desist Exclusion (Customer has requested cease and desist)',
		};
		const outcome = read(422, body);
		expect(outcome.passed).toBe(false);
		expect(outcome.json).toMatchObject({
			enrolled: false,
			compliancePassed: false,
			failedCheckIds: ['is-active', 'cease-and-desist-exclusion'],
			failedReasons:
				'Is Active: Customer is not active; Cease And Desist Exclusion: Customer has requested cease and desist',
			requestId: 'r-3',
		});
		expect(read(422, body, false).json).toMatchObject({ ...body, compliancePassed: false });
	});

	test('the seed shape of a block (data.compliance failed with success: false, at 200 or a 4xx): Failed', () => {
		for (const status of [200, 403]) {
			const outcome = read(status, { success: false, data: { compliance: compliance(false, ['is-active']) } });
			expect(outcome).toMatchObject({ passed: false, json: { enrolled: false, failedCheckIds: ['is-active'] } });
		}
	});

	test('a "not eligible" sentence at 2xx without success: true is still a block', () => {
		const outcome = read(200, {
			publicFacingMessage: 'Customer not eligible for drip campaign. Failed rules: Is Active (x)',
		});
		expect(outcome.passed).toBe(false);
	});

	test('a 409: Failed, already enrolled, quoting Veritus', () => {
		const body = {
			requestId: 'r-4',
			success: false,
			publicFacingMessage: "Customer is already enrolled in drip campaign 'x'",
		};
		expect(read(409, body)).toMatchObject({
			passed: false,
			json: {
				enrolled: false,
				alreadyEnrolled: true,
				failedCheckIds: ['already-enrolled'],
				failedReasons: "Already Enrolled: Customer is already enrolled in drip campaign 'x'",
				requestId: 'r-4',
			},
		});
		expect(read(409, body, false).json).toEqual({ ...body, alreadyEnrolled: true });
	});

	test('errors: 404, 400, 401, a 5xx (may have been made), success: false (not made), text that is not JSON (unknown)', () => {
		expect(thrown(404, { success: false, publicFacingMessage: 'Customer not found' }).message).toBe(
			`[item 2] Customer ${CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
		);
		const bad = thrown(400, { success: false, publicFacingMessage: 'Invalid request data: campaignName x' });
		expect(bad.description).toBe("Veritus did not make the enrolment. Fix the item's fields and run it again.");
		expect(thrown(401, { success: false }).message).toContain('The Veritus API token was rejected (HTTP 401)');
		const failed = thrown(502, '<html>Bad Gateway</html>');
		expect(failed.message).toBe(
			`[item 2] The Veritus API failed (HTTP 502). The enrolment may have been made: check customer ${CUSTOMER} in Veritus before trying again`,
		);
		expect(failed.context.callMayHaveBeenPlaced).toBe(true);
		const refused = thrown(200, { success: false, publicFacingMessage: 'Campaign paused' });
		expect(refused.message).toBe('[item 2] Veritus did not make the enrolment: Campaign paused');
		expect(refused.context.callMayHaveBeenPlaced).toBe(false);
		const unreadable = thrown(200, '<html>ok</html>');
		expect(unreadable.message).toContain('with a body that is not JSON. The enrolment may have been made');
		const contradictory = thrown(400, { success: false, data: { compliance: compliance(true) } });
		expect(contradictory.message).toContain('although compliance passed');
	});
});

describe('Drip Campaign → Cancel: validation', () => {
	test.each(ID_REJECTIONS)('Customer ID %s is rejected', (_name, value, problem) => {
		expect(rejection(() => prepareCancel(cancelContext({ customerId: value }), 6)).message).toBe(
			`[item 6] Customer ID ${problem}`,
		);
	});

	test.each(ID_REJECTIONS)(
		'Drip Campaign ID %s is rejected, the error carrying the customer',
		(_name, value, problem) => {
			const error = rejection(() => prepareCancel(cancelContext({ dripCampaignId: value }), 1));
			expect(error.message).toBe(`[item 1] Drip Campaign ID ${problem}`);
			expect(error.context.customerId).toBe(CUSTOMER);
		},
	);

	test('"." and ".." are rejected for either ID; expressions that throw name their field', () => {
		expect(rejection(() => prepareCancel(cancelContext({ dripCampaignId: '..' }), 0)).message).toBe(
			'[item 0] Drip Campaign ID cannot be ".."',
		);
		expect(rejection(() => prepareCancel(cancelContext({ customerId: '.' }), 0)).message).toBe(
			'[item 0] Customer ID cannot be "."',
		);
		for (const field of ['customerId', 'dripCampaignId', 'reason']) {
			const label = { customerId: 'Customer ID', dripCampaignId: 'Drip Campaign ID', reason: 'Reason' }[field];
			expect(rejection(() => prepareCancel(cancelContext({}, field), 0)).message).toBe(
				`[item 0] ${label} could not be resolved: Cannot read properties of undefined`,
			);
		}
	});

	// prettier-ignore
	const REASON_REJECTIONS: Array<[string, unknown, string]> = [
		['an unknown reason',        'customer-paid',         'must be customer-converted or customer-engaged (or empty), got "customer-paid"'],
		['another case',             'Customer-Converted',    'must be customer-converted or customer-engaged (or empty), got "Customer-Converted"'],
		['a number',                 1,                       'must be text, but is number'],
		['a list',                   ['customer-engaged'],    'must be text, but is a list'],
	];
	test.each(REASON_REJECTIONS)('Reason %s is rejected', (_name, value, problem) => {
		expect(rejection(() => prepareCancel(cancelContext({ reason: value }), 2)).message).toBe(
			`[item 2] Reason ${problem}`,
		);
	});

	test('accepted: each reason (trimmed), none (empty, blank or missing) sends no body, IDs as path segments', () => {
		expect(prepareCancel(cancelContext({ reason: ' customer-engaged ' }), 0)).toMatchObject({
			reason: 'customer-engaged',
			body: { reason: 'customer-engaged' },
			path: `/customers/${CUSTOMER}/drip-campaigns/${DRIP}`,
		});
		expect(prepareCancel(cancelContext({ reason: 'customer-converted' }), 0).body).toEqual({
			reason: 'customer-converted',
		});
		for (const reason of ['', '  ', null, undefined]) {
			const item = prepareCancel(cancelContext({ reason }), 0);
			expect(item.body).toBeUndefined();
			expect(item.reason).toBeUndefined();
		}
		expect(prepareCancel(cancelContext({ customerId: 7, dripCampaignId: 'a/b' }), 0).path).toBe(
			'/customers/7/drip-campaigns/a%2Fb',
		);
	});

	test('a Customer ID that is not a UUID gets the shared customer-ID warning; UUIDs get none', () => {
		const { warnings } = cancelOperation(true);
		const items = [prepareCancel(cancelContext(), 0), prepareCancel(cancelContext({ customerId: 'A-17' }), 1)];
		expect(warnings?.(items)).toEqual(customerIdWarnings([{ itemIndex: 1, customerId: 'A-17' }]));
		expect(warnings?.(items)[0]).toMatch(/^The Customer ID of item 1 is not a Veritus customer ID \(a UUID\)/);
		expect(warnings?.([items[0]])).toEqual([]);
	});
});

describe('Drip Campaign → Cancel: reading the answer', () => {
	const node = fakeNode();
	let item: PreparedCancel;
	beforeEach(() => {
		item = prepareCancel(cancelContext({ reason: 'customer-engaged' }), 3);
	});
	const thrown = (status: number, body: unknown): NodeApiError => {
		try {
			readCancelAnswer(node, item, status, body, true);
		} catch (error) {
			expect(error).toBeInstanceOf(NodeApiError);
			return error as NodeApiError;
		}
		throw new Error('expected a NodeApiError');
	};

	test("the emulator's answer and the document's bare 200: one flat item; Simplify off passes the answer through", () => {
		const data = { id: DRIP, campaignName: CAMPAIGN, status: 'canceled', reason: 'customer-engaged', canceledAt: 'T' };
		expect(readCancelAnswer(node, item, 200, { requestId: 'r-9', success: true, data }, true)).toEqual({
			customerId: CUSTOMER,
			dripCampaignId: DRIP,
			canceled: true,
			reason: 'customer-engaged',
			campaignName: CAMPAIGN,
			dripCampaignStatus: 'canceled',
			canceledAt: 'T',
			requestId: 'r-9',
		});
		expect(readCancelAnswer(node, item, 200, '', true)).toEqual({
			customerId: CUSTOMER,
			dripCampaignId: DRIP,
			canceled: true,
			reason: 'customer-engaged',
			campaignName: null,
			dripCampaignStatus: null,
			canceledAt: null,
			requestId: null,
		});
		expect(readCancelAnswer(node, item, 200, { success: true, data }, false)).toEqual({ success: true, data });
		expect(readCancelAnswer(node, item, 200, '', false)).toEqual({});
	});

	test('errors: 404 names the drip campaign, 400 and 5xx in cancellation words, success: false, text that is not JSON', () => {
		expect(thrown(404, { success: false, publicFacingMessage: 'Drip campaign not found' }).message).toBe(
			`[item 3] Drip campaign ${DRIP} of customer ${CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Drip campaign not found"`,
		);
		expect(thrown(400, { success: false, publicFacingMessage: 'Invalid request data: reason' }).description).toBe(
			"Veritus did not cancel the drip campaign. Fix the item's fields and run it again.",
		);
		const failed = thrown(500, {});
		expect(failed.message).toContain('The drip campaign may have been cancelled');
		expect(failed.context.dripCampaignMayHaveBeenCancelled).toBe(true);
		expect(failed.context).not.toHaveProperty('callMayHaveBeenPlaced');
		expect(thrown(200, { success: false }).message).toBe('[item 3] Veritus did not cancel the drip campaign');
		expect(thrown(200, 'OK').message).toContain('with a body that is not JSON');
	});
});
