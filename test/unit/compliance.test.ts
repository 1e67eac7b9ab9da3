// Covers compliance/: every documented shape of a compliance result read into one shape
// (readCompliance), and the "not eligible" sentences of the published contract parsed into checks
// (parseFailedRules, notEligibleChecks, ruleId), with the exact example bodies of the provider's
// OpenAPI document.
import {
	isNotEligible,
	NOT_ELIGIBLE_CHECK,
	notEligibleChecks,
	parseFailedRules,
	readCompliance,
	ruleId,
} from '../../nodes/Veritus/compliance';

/** Create Call's 422 example in the provider's OpenAPI document, verbatim. */
const SPEC_422_BODY = {
	requestId: '25deb7a2-ea2a-4993-8ad5-faed5367915b',
	publicFacingMessage:
		'Customer not eligible for call. Failed rules: Respectful Hours Check (Customer local time is 03:00 (outside respectful hours 8am-8:50pm)), Model Validation Notice Delivered (No Model Validation Notice has been sent)',
	success: false,
};

/** The failed result of Create Calls in Bulk's 200 example in the same document, verbatim. */
const SPEC_BULK_FAILED_RESULT = {
	customerId: '550e8400-e29b-41d4-a716-446655440002',
	success: false,
	error:
		'Customer not eligible for call. 2 failed rule(s): 1. Respectful Hours Check [Customer local time is 03:00 (outside respectful hours 8am-8:50pm)], 2. Four Voice Call Per Day [Customer has had 4 voice calls today within respectful hours window (America/Los_Angeles), exceeding the limit of 4]',
};

const RESPECTFUL_HOURS = {
	id: 'respectful-hours-check',
	name: 'Respectful Hours Check',
	description: '',
	reason: 'Customer local time is 03:00 (outside respectful hours 8am-8:50pm)',
};

describe('parseFailedRules', () => {
	test("the spec's 422 message: two rules, the first reason with parentheses of its own", () => {
		expect(parseFailedRules(SPEC_422_BODY.publicFacingMessage)).toEqual([
			RESPECTFUL_HOURS,
			{
				id: 'model-validation-notice-delivered',
				name: 'Model Validation Notice Delivered',
				description: '',
				reason: 'No Model Validation Notice has been sent',
			},
		]);
	});

	test("the spec's bulk error text: numbered rules in square brackets, a comma inside a reason", () => {
		expect(parseFailedRules(SPEC_BULK_FAILED_RESULT.error)).toEqual([
			RESPECTFUL_HOURS,
			{
				id: 'four-voice-call-per-day',
				name: 'Four Voice Call Per Day',
				description: '',
				reason:
					'Customer has had 4 voice calls today within respectful hours window (America/Los_Angeles), exceeding the limit of 4',
			},
		]);
	});

	test('the issue\'s bulk form with "[...]" as a reason', () => {
		expect(
			parseFailedRules(
				'Customer not eligible for call. 2 failed rule(s): 1. Respectful Hours Check [Customer local time is 03:00 (outside respectful hours 8am-8:50pm)], 2. Four Voice Call Per Day [...]',
			)?.map((check) => [check.id, check.reason]),
		).toEqual([
			['respectful-hours-check', 'Customer local time is 03:00 (outside respectful hours 8am-8:50pm)'],
			['four-voice-call-per-day', '...'],
		]);
	});

	test('one rule, a trailing full stop, and brackets nested three deep', () => {
		expect(
			parseFailedRules('Customer not eligible for call. Failed rules: Is Active (Customer is not active).'),
		).toEqual([{ id: 'is-active', name: 'Is Active', description: '', reason: 'Customer is not active' }]);
		expect(parseFailedRules('Customer not eligible for call. 1 failed rule(s): 1. A [b (c [d, e] f), g]')).toEqual([
			{ id: 'a', name: 'A', description: '', reason: 'b (c [d, e] f), g' },
		]);
	});

	test.each<[string, string]>([
		['no list of rules', 'Customer not eligible for call.'],
		['a list without brackets', 'Customer not eligible for call. Failed rules: Respectful Hours Check, Is Active'],
		['a rule without a name', 'Customer not eligible for call. Failed rules: (outside respectful hours)'],
		[
			'an unclosed bracket',
			'Customer not eligible for call. Failed rules: Respectful Hours Check (Customer local time',
		],
		['brackets that do not pair up', 'Customer not eligible for call. Failed rules: A (b], C (d)'],
		['text after the list', 'Customer not eligible for call. Failed rules: A (b). Try again tomorrow'],
		['a count that differs from the rules', 'Customer not eligible for call. 3 failed rule(s): 1. A [b], 2. C [d]'],
		['an empty list', 'Customer not eligible for call. Failed rules: '],
	])('%s: not parsed', (_name, message) => {
		expect(parseFailedRules(message)).toBeUndefined();
	});
});

describe('ruleId', () => {
	test.each<[string, string]>([
		['Is Active', 'is-active'],
		['Cease And Desist Exclusion', 'cease-and-desist-exclusion'],
		['Four Voice Call Per Day', 'four-voice-call-per-day'],
		['Respectful Hours Check', 'respectful-hours-check'],
		['  Do-Not-Call / Registry (US)  ', 'do-not-call-registry-us'],
		['Zulässige Uhrzeit', 'zulässige-uhrzeit'],
		['***', 'rule'],
	])('%j → %s', (name, id) => {
		expect(ruleId(name)).toBe(id);
	});
});

describe('notEligibleChecks', () => {
	test('a sentence that names no readable rules is one not-eligible check holding the whole sentence', () => {
		const sentence = 'Customer not eligible for call: the account is under review';
		expect(notEligibleChecks(`  ${sentence} `)).toEqual([
			{
				id: NOT_ELIGIBLE_CHECK,
				name: 'Not Eligible',
				description: 'Veritus refused the call for compliance; its message names no rules the node could read',
				reason: sentence,
			},
		]);
		expect(NOT_ELIGIBLE_CHECK).toBe('not-eligible');
	});

	test.each<[string, unknown]>([
		['another error', 'agentId must be a UUID'],
		['no text', undefined],
		['a number', 422],
		['"eligible"', 'Customer eligible for call'],
	])('%s is not a compliance refusal', (_name, text) => {
		expect(isNotEligible(text)).toBe(false);
		expect(notEligibleChecks(text)).toBeUndefined();
	});
});

describe('readCompliance: every documented shape → one shape', () => {
	const seedBlocked = {
		requestId: 'r-1',
		success: false,
		data: {
			id: null,
			compliance: {
				passed: false,
				checksPassed: [{ id: 'is-active', name: 'Is Active', description: 'Check', reason: 'Customer is active' }],
				checksFailed: [
					{
						id: 'four-voice-call-per-day',
						name: 'Four Voice Call Per Day',
						description: 'At most four',
						reason: 'Customer already received 4 voice calls today',
					},
				],
			},
		},
	};

	test.each([200, 400, 403, 409, 422])("the seed's data.compliance at HTTP %i", (status) => {
		expect(readCompliance(status, seedBlocked)).toEqual({
			passed: false,
			checksPassed: seedBlocked.data.compliance.checksPassed,
			checksFailed: seedBlocked.data.compliance.checksFailed,
			source: 'data.compliance',
		});
	});

	test("the spec's 422 with only requestId, success and publicFacingMessage", () => {
		expect(readCompliance(422, SPEC_422_BODY)).toEqual({
			passed: false,
			checksPassed: [],
			checksFailed: parseFailedRules(SPEC_422_BODY.publicFacingMessage),
			source: 'publicFacingMessage',
		});
		expect(readCompliance(422, SPEC_422_BODY)?.checksFailed.map((check) => check.id)).toEqual([
			'respectful-hours-check',
			'model-validation-notice-delivered',
		]);
	});

	test('the bulk form of the sentence in a publicFacingMessage, and at 400 or 200 with success false', () => {
		for (const status of [200, 400, 422]) {
			expect(
				readCompliance(status, { success: false, publicFacingMessage: SPEC_BULK_FAILED_RESULT.error })?.checksFailed,
			).toEqual(parseFailedRules(SPEC_BULK_FAILED_RESULT.error));
		}
	});

	test('a passed data.compliance and missing check lists', () => {
		expect(readCompliance(200, { data: { compliance: { passed: true } } })).toEqual({
			passed: true,
			checksPassed: [],
			checksFailed: [],
			source: 'data.compliance',
		});
	});

	test.each<[string, number, unknown]>([
		['a 5xx that says not eligible', 503, SPEC_422_BODY],
		['a 429 that says not eligible', 429, SPEC_422_BODY],
		['success: true with such a message', 200, { ...SPEC_422_BODY, success: true }],
		['a 422 about another problem', 422, { success: false, publicFacingMessage: 'agentId must be a UUID' }],
		['the spec 500 body', 500, { requestId: 'r', success: false }],
		['a text body', 422, 'Customer not eligible for call.'],
		['no body', 422, undefined],
		['compliance without a boolean passed', 200, { data: { compliance: { passed: 'no' } } }],
	])('no compliance result: %s', (_name, status, body) => {
		expect(readCompliance(status, body)).toBeUndefined();
	});
});
