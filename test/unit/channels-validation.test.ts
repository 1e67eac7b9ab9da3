// Covers the validation of SMS → Generate / Import / Import Many (actions/sms/item.ts), Email →
// Generate / Import / Import Many (actions/email/item.ts) and Interaction → Analyze
// (actions/interaction/analyze.operation.ts), and the field validators of helpers/fields.ts they
// add: one bad value in one field per row, for EVERY validated field. A rejected row throws a
// NodeOperationError `[item N] <Field> <problem>`; an accepted row gives the exact request body.
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { prepareEmailGenerate, prepareEmailImport } from '../../nodes/Veritus/actions/email/item';
import { prepareAnalysis } from '../../nodes/Veritus/actions/interaction/analyze.operation';
import { prepareSmsGenerate, prepareSmsImport } from '../../nodes/Veritus/actions/sms/item';
import { optionalDateTime } from '../../nodes/Veritus/helpers/fields';
import { fakeNode } from './fakes';

const CUSTOMER = 'b9d6eaf9-071d-5246-bded-af2d3a4b7cf8';
const THREAD = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** An IExecuteFunctions with what `prepare` uses: getNode, and getNodeParameter over `parameters`. */
function context(parameters: Record<string, unknown>): IExecuteFunctions {
	return {
		getNode: () => fakeNode('channels-node'),
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			const value = parameters[name];
			if (value instanceof Error) throw value;
			return value === undefined ? fallback : value;
		},
	} as unknown as IExecuteFunctions;
}

/** Runs `fn`, expects a NodeOperationError, and returns it. */
function rejection(fn: () => unknown): NodeOperationError {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(NodeOperationError);
	return caught as NodeOperationError;
}

/** `base` with `field` (a top-level name, or `additionalFields.x`) set to `value`. */
function withField(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
	const [group, name] = field.split('.');
	if (name === undefined) return { ...base, [group]: value };
	return { ...base, [group]: { ...(base[group] as IDataObject), [name]: value } };
}

interface Reject {
	field: string;
	value: unknown;
	/** The message after `[item 3] `. */
	message: string;
}

/** Runs every row of `rejects` through `prepare` from `base` as item 3. */
function rejectsEach(
	title: string,
	base: Record<string, unknown>,
	prepare: (ctx: IExecuteFunctions, itemIndex: number) => unknown,
	rejects: Reject[],
): void {
	describe(title, () => {
		test.each(rejects.map((row) => [`${row.field} = ${JSON.stringify(row.value) ?? 'undefined'}`, row] as const))(
			'%s',
			(_name, row) => {
				const error = rejection(() => prepare(context(withField(base, row.field, row.value)), 3));
				expect(error.message).toBe(`[item 3] ${row.message}`);
				expect(error.context.itemIndex).toBe(3);
			},
		);
	});
}

const E164 =
	'must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got';
const ISO =
	'must be an ISO 8601 date and time with a time zone, such as 2024-01-15T10:30:00Z or 2024-01-15T05:30:00-05:00';

/** Customer ID rows every operation with a Customer ID shares. */
const CUSTOMER_ID_REJECTS: Reject[] = [
	{ field: 'customerId', value: '', message: 'Customer ID is empty' },
	{ field: 'customerId', value: undefined, message: 'Customer ID is missing' },
	{ field: 'customerId', value: { id: 1 }, message: 'Customer ID must be text or a number, but is an object' },
	{ field: 'customerId', value: 'a\u0000b', message: 'Customer ID contains a control character: "a\\u0000b"' },
	{ field: 'customerId', value: '..', message: 'Customer ID cannot be ".."' },
	{
		field: 'customerId',
		value: 1e20,
		message: 'Customer ID is the number 100000000000000000000, which cannot be an exact ID',
	},
];

/** Thread ID rows (Additional Fields). */
const THREAD_REJECTS: Reject[] = [
	{
		field: 'additionalFields.threadId',
		value: 'thread-1',
		message: 'Thread ID must be a UUID (8-4-4-4-12 hexadecimal digits), got "thread-1"',
	},
	{ field: 'additionalFields.threadId', value: ['x'], message: 'Thread ID must be text, but is a list' },
];

/** Direction and Timestamp rows every import shares. */
const IMPORT_BASE_REJECTS: Reject[] = [
	{ field: 'direction', value: '', message: 'Direction is empty' },
	{ field: 'direction', value: 'incoming', message: 'Direction must be "inbound" or "outbound", got "incoming"' },
	{ field: 'direction', value: true, message: 'Direction must be "inbound" or "outbound", but is a boolean' },
	{ field: 'timestamp', value: '', message: 'Timestamp is empty' },
	{ field: 'timestamp', value: '2024-01-15', message: `Timestamp ${ISO}, got "2024-01-15"` },
	{ field: 'timestamp', value: '01/15/2024 10:30', message: `Timestamp ${ISO}, got "01/15/2024 10:30"` },
	{ field: 'timestamp', value: '2024-01-15T10:30:00', message: 'Timestamp has no time zone: "2024-01-15T10:30:00"' },
	{
		field: 'timestamp',
		value: '2023-02-29T10:30:00Z',
		message: 'Timestamp is not a real calendar date: "2023-02-29T10:30:00Z"',
	},
	{
		field: 'timestamp',
		value: '2024-01-15T24:30:00Z',
		message: 'Timestamp is not a real time of day: "2024-01-15T24:30:00Z"',
	},
	{
		field: 'timestamp',
		value: '2024-01-15T10:30:00+25:00',
		message: 'Timestamp has an impossible UTC offset: "2024-01-15T10:30:00+25:00"',
	},
	{ field: 'timestamp', value: 1705314600000, message: `Timestamp ${ISO}, but is a number` },
	{ field: 'timestamp', value: new Date(Number.NaN), message: 'Timestamp is an invalid date' },
];

// ---------------------------------------------------------------------------------------------
// SMS

const SMS_GENERATE: Record<string, unknown> = {
	customerId: CUSTOMER,
	from: '+12025550100',
	to: '+12135550142',
	persist: true,
	additionalFields: {},
};

// prettier-ignore
rejectsEach('SMS → Generate: every validated field rejects a bad value', SMS_GENERATE, prepareSmsGenerate, [
	...CUSTOMER_ID_REJECTS,
	{ field: 'from', value: '', message: 'From is empty' },
	{ field: 'from', value: '2025550100', message: `From ${E164} "2025550100" (add + and the country code)` },
	{ field: 'from', value: 12025550100, message: 'From must be text in E.164 form such as +12025551234, but is the number 12025550100' },
	{ field: 'to', value: '', message: 'To is required when Persist is on' },
	{ field: 'to', value: '+1 213 555 0142', message: `To ${E164} "+1 213 555 0142" (remove the spaces, dashes and brackets)` },
	{ field: 'persist', value: 'yes', message: 'Persist must be true or false, got "yes"' },
	{ field: 'persist', value: 1, message: 'Persist must be true or false, but is a number' },
	{ field: 'additionalFields', value: 'x', message: 'Additional Fields must be a set of fields' },
	...THREAD_REJECTS,
]);

describe('SMS → Generate: accepted items', () => {
	test('Persist on: from, to, persist and threadId; the stored subject', () => {
		const item = prepareSmsGenerate(
			context({ ...SMS_GENERATE, customerId: ` ${CUSTOMER} `, additionalFields: { threadId: THREAD } }),
			0,
		);
		expect(item.body).toEqual({ from: '+12025550100', to: '+12135550142', persist: true, threadId: THREAD });
		expect(item.path).toBe(`/customers/${CUSTOMER}/interactions/sms/generate`);
		expect(item.customerId).toBe(CUSTOMER);
		expect(item.subject).toMatchObject({
			noun: 'SMS',
			done: 'generated and stored',
			unknownFlag: 'smsMayHaveBeenStored',
		});
		expect(item.subject?.readOnly).toBeUndefined();
	});

	test('Persist off (also as text "false"): To may be left out; the subject is read-only', () => {
		for (const persist of [false, 'false', ' FALSE ']) {
			const item = prepareSmsGenerate(context({ ...SMS_GENERATE, to: '', persist }), 0);
			expect(item.body).toEqual({ from: '+12025550100', persist: false });
			expect(item.subject?.readOnly).toBe(true);
		}
	});

	test('Persist left empty is on (the API default); a Customer ID path is one encoded segment', () => {
		const item = prepareSmsGenerate(context({ ...SMS_GENERATE, persist: undefined, customerId: 'a/b?c' }), 0);
		expect(item.body.persist).toBe(true);
		expect(item.path).toBe('/customers/a%2Fb%3Fc/interactions/sms/generate');
	});
});

const SMS_IMPORT: Record<string, unknown> = {
	customerId: CUSTOMER,
	direction: 'inbound',
	timestamp: '2024-01-15T10:30:00Z',
	from: '+12135550142',
	to: '+12025550100',
	body: 'Hello',
	additionalFields: {},
};

// prettier-ignore
rejectsEach('SMS → Import and Import Many: every validated field rejects a bad value', SMS_IMPORT, prepareSmsImport, [
	...CUSTOMER_ID_REJECTS,
	...IMPORT_BASE_REJECTS,
	{ field: 'from', value: '', message: 'From is empty' },
	{ field: 'from', value: '(213) 555-0142', message: `From ${E164} "(213) 555-0142" (add + and the country code)` },
	{ field: 'to', value: undefined, message: 'To is empty' },
	{ field: 'to', value: '+0202555010', message: `To ${E164} "+0202555010"` },
	{ field: 'body', value: '', message: 'Body is empty' },
	{ field: 'body', value: ' \n\t ', message: 'Body is empty' },
	{ field: 'body', value: { text: 'hi' }, message: 'Body must be text, but is an object' },
	{ field: 'body', value: 'Hi\u0000there', message: 'Body contains a control character (\\u0000) at position 3' },
	{ field: 'body', value: 'Hi\u001bthere', message: 'Body contains a control character (\\u001b) at position 3' },
	{ field: 'additionalFields.segments', value: 0, message: 'Segments must be a whole number of 1 or more, got 0' },
	{ field: 'additionalFields.segments', value: 1.5, message: 'Segments must be a whole number of 1 or more, got 1.5' },
	{ field: 'additionalFields.segments', value: 'two', message: 'Segments must be a whole number of 1 or more, got "two"' },
	{ field: 'additionalFields.segments', value: true, message: 'Segments must be a whole number of 1 or more, but is a boolean' },
	...THREAD_REJECTS,
]);

describe('SMS → Import: accepted items', () => {
	test('the body is sent exactly as written; timestamps become UTC; direction is read without case', () => {
		const item = prepareSmsImport(
			context({
				...SMS_IMPORT,
				direction: ' Outbound ',
				timestamp: '2024-01-15 05:30:00.25-05:00',
				body: '  Line 1\r\n\tLine 2  ',
				additionalFields: { segments: '2', threadId: THREAD.toUpperCase() },
			}),
			5,
		);
		expect(item.body).toEqual({
			direction: 'outbound',
			timestamp: '2024-01-15T10:30:00.250Z',
			from: '+12135550142',
			to: '+12025550100',
			body: '  Line 1\r\n\tLine 2  ',
			threadId: THREAD.toUpperCase(),
			segments: 2,
		});
		expect(item.basePath).toBe(`/customers/${CUSTOMER}/interactions/sms`);
		expect(item.reference).toBe(`customer ${CUSTOMER}'s SMS of 2024-01-15T10:30:00.250Z`);
		expect(item.errorFields).toEqual({ timestamp: '2024-01-15T10:30:00.250Z' });
	});

	test('a number as the body (a sheet cell) becomes its text', () => {
		expect(prepareSmsImport(context({ ...SMS_IMPORT, body: 42 }), 0).body.body).toBe('42');
	});
});

// ---------------------------------------------------------------------------------------------
// Email

const EMAIL_GENERATE: Record<string, unknown> = { customerId: CUSTOMER, persist: true, additionalFields: {} };

// prettier-ignore
rejectsEach('Email → Generate: every validated field rejects a bad value', EMAIL_GENERATE, prepareEmailGenerate, [
	...CUSTOMER_ID_REJECTS,
	{ field: 'persist', value: 'no', message: 'Persist must be true or false, got "no"' },
	{ field: 'persist', value: {}, message: 'Persist must be true or false, but is an object' },
	...THREAD_REJECTS,
]);

describe('Email → Generate: accepted items', () => {
	test('persist and threadId, with the subject that matches Persist', () => {
		const on = prepareEmailGenerate(context({ ...EMAIL_GENERATE, additionalFields: { threadId: THREAD } }), 0);
		expect(on.body).toEqual({ persist: true, threadId: THREAD });
		expect(on.path).toBe(`/customers/${CUSTOMER}/interactions/email/generate`);
		expect(on.subject).toMatchObject({ noun: 'email', unknownFlag: 'emailMayHaveBeenStored' });
		const off = prepareEmailGenerate(context({ ...EMAIL_GENERATE, persist: false }), 0);
		expect(off.body).toEqual({ persist: false });
		expect(off.subject?.readOnly).toBe(true);
	});
});

const EMAIL_IMPORT: Record<string, unknown> = {
	customerId: CUSTOMER,
	direction: 'inbound',
	timestamp: '2024-01-15T10:30:00Z',
	from: 'maria@example.com',
	to: 'accounts@example.com',
	subject: 'My account',
	plainTextBody: 'Hello',
	htmlBody: '',
	additionalFields: {},
};

// prettier-ignore
rejectsEach('Email → Import and Import Many: every validated field rejects a bad value', EMAIL_IMPORT, prepareEmailImport, [
	...CUSTOMER_ID_REJECTS,
	...IMPORT_BASE_REJECTS,
	{ field: 'from', value: '', message: 'From is empty' },
	{ field: 'from', value: 'maria.example.com', message: 'From is not an email address such as name@example.com: "maria.example.com"' },
	{ field: 'from', value: 'Maria <maria@example.com>', message: 'From is not an email address such as name@example.com: "Maria <maria@example.com>"' },
	{ field: 'to', value: '', message: 'To is empty' },
	{ field: 'to', value: ' , ; ', message: 'To is empty' },
	{ field: 'to', value: [], message: 'To is empty' },
	{ field: 'to', value: 'a@example.com, b@example', message: 'To entry 2 is not an email address such as name@example.com: "b@example"' },
	{ field: 'to', value: ['a@example.com', 7], message: 'To entry 2 must be text, but is a number' },
	{ field: 'to', value: 'Jane <jane@example.com>', message: 'To entry 1 is not an email address such as name@example.com: "Jane <jane@example.com>"' },
	{ field: 'to', value: { to: 'a@example.com' }, message: 'To must be email addresses separated by commas, or a list of them, but is an object' },
	{ field: 'subject', value: { s: 1 }, message: 'Subject must be text, but is an object' },
	{ field: 'subject', value: 'Line\nbreak', message: 'Subject contains a control character: "Line\\u000abreak"' },
	{ field: 'plainTextBody', value: '', message: 'Plain Text Body or HTML Body is required: both are empty' },
	{ field: 'plainTextBody', value: '   ', message: 'Plain Text Body or HTML Body is required: both are empty' },
	{ field: 'plainTextBody', value: ['x'], message: 'Plain Text Body must be text, but is a list' },
	{ field: 'plainTextBody', value: 'a\u0007b', message: 'Plain Text Body contains a control character (\\u0007) at position 2' },
	{ field: 'htmlBody', value: { html: '<p>' }, message: 'HTML Body must be text, but is an object' },
	{ field: 'htmlBody', value: '<p>\u0000</p>', message: 'HTML Body contains a control character (\\u0000) at position 4' },
	{ field: 'additionalFields.cc', value: 'boss@', message: 'CC entry 1 is not an email address such as name@example.com: "boss@"' },
	{ field: 'additionalFields.cc', value: 5, message: 'CC must be email addresses separated by commas, or a list of them, but is a number' },
	{ field: 'additionalFields.bcc', value: ['audit@example.com', 'audit example.com'], message: 'BCC entry 2 is not an email address such as name@example.com: "audit example.com"' },
	{ field: 'additionalFields.messageId', value: { id: 1 }, message: 'Message ID must be text, but is an object' },
	{ field: 'additionalFields.messageId', value: 'abc\ndef', message: 'Message ID contains a control character: "abc\\u000adef"' },
	...THREAD_REJECTS,
]);

describe('Email → Import: accepted items', () => {
	test('address lists from text (commas or semicolons) or a list; only bodies with text; an empty subject', () => {
		const item = prepareEmailImport(
			context({
				...EMAIL_IMPORT,
				to: 'a@example.com; b@example.com,',
				subject: '',
				plainTextBody: ' ',
				htmlBody: '<p>Hi</p>\n',
				additionalFields: {
					cc: ['c@example.com', ''],
					bcc: 'd@example.com',
					messageId: ' m-1@mail ',
					threadId: THREAD,
				},
			}),
			0,
		);
		expect(item.body).toEqual({
			direction: 'inbound',
			timestamp: '2024-01-15T10:30:00.000Z',
			from: 'maria@example.com',
			to: ['a@example.com', 'b@example.com'],
			cc: ['c@example.com'],
			bcc: ['d@example.com'],
			subject: '',
			htmlBody: '<p>Hi</p>\n',
			threadId: THREAD,
			messageId: 'm-1@mail',
		});
		expect(item.errorFields).toEqual({ timestamp: '2024-01-15T10:30:00.000Z', messageId: 'm-1@mail' });
		expect(item.reference).toBe(`customer ${CUSTOMER}'s email of 2024-01-15T10:30:00.000Z`);
	});

	test('a subject left unset is sent as ""', () => {
		expect(prepareEmailImport(context({ ...EMAIL_IMPORT, subject: undefined }), 0).body.subject).toBe('');
	});
});

// ---------------------------------------------------------------------------------------------
// Interaction → Analyze

const ANALYZE: Record<string, unknown> = { interactionId: THREAD, applyOutcomes: true };

// prettier-ignore
rejectsEach('Interaction → Analyze: every validated field rejects a bad value', ANALYZE, prepareAnalysis, [
	{ field: 'interactionId', value: '', message: 'Interaction ID is empty' },
	{ field: 'interactionId', value: undefined, message: 'Interaction ID is empty' },
	{ field: 'interactionId', value: 'call-42', message: 'Interaction ID must be a UUID (8-4-4-4-12 hexadecimal digits), got "call-42"' },
	{ field: 'interactionId', value: `${THREAD}/x`, message: `Interaction ID must be a UUID (8-4-4-4-12 hexadecimal digits), got "${THREAD}/x"` },
	{ field: 'interactionId', value: ['x'], message: 'Interaction ID must be text, but is a list' },
	{ field: 'applyOutcomes', value: 'maybe', message: 'Apply Outcomes must be true or false, got "maybe"' },
	{ field: 'applyOutcomes', value: 0, message: 'Apply Outcomes must be true or false, but is a number' },
]);

describe('Interaction → Analyze: accepted items', () => {
	test('the ID trimmed, Apply Outcomes true by default, false as given', () => {
		expect(prepareAnalysis(context({ interactionId: ` ${THREAD} ` }), 1)).toEqual({
			itemIndex: 1,
			interactionId: THREAD,
			applyOutcomes: true,
			reference: `interaction ${THREAD}`,
			errorFields: { interactionId: THREAD },
		});
		expect(prepareAnalysis(context({ ...ANALYZE, applyOutcomes: 'False' }), 0).applyOutcomes).toBe(false);
	});
});

describe('an expression that throws names the item and the field', () => {
	test('Timestamp, Body, To', () => {
		const failing = new Error('Referenced node is unexecuted');
		expect(rejection(() => prepareSmsImport(context({ ...SMS_IMPORT, timestamp: failing }), 2)).message).toBe(
			'[item 2] Timestamp could not be resolved: Referenced node is unexecuted',
		);
		expect(rejection(() => prepareSmsImport(context({ ...SMS_IMPORT, body: failing }), 2)).message).toBe(
			'[item 2] Body could not be resolved: Referenced node is unexecuted',
		);
		expect(rejection(() => prepareEmailImport(context({ ...EMAIL_IMPORT, to: failing }), 2)).message).toBe(
			'[item 2] To could not be resolved: Referenced node is unexecuted',
		);
	});
});

describe('optionalDateTime', () => {
	const node = fakeNode();
	test.each([
		['2024-01-15T10:30:00Z', '2024-01-15T10:30:00.000Z'],
		['2024-01-15t10:30z', '2024-01-15T10:30:00.000Z'],
		['2024-01-15T05:30:00-05:00', '2024-01-15T10:30:00.000Z'],
		['2024-01-15T16:00:00+0530', '2024-01-15T10:30:00.000Z'],
		['2024-01-15T11:30:00+01', '2024-01-15T10:30:00.000Z'],
		['2024-01-15T10:30:00.123456789Z', '2024-01-15T10:30:00.123Z'],
		['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
		['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00.000Z'],
	])('%s → %s', (input, expected) => {
		expect(optionalDateTime(node, 0, 'Timestamp', input)).toBe(expected);
	});

	test('a Date and a Luxon-like DateTime (what {{ $now }} is) are read as their instant', () => {
		expect(optionalDateTime(node, 0, 'Timestamp', new Date(Date.UTC(2024, 0, 15, 10, 30)))).toBe(
			'2024-01-15T10:30:00.000Z',
		);
		const luxonLike = { toISO: () => '2024-01-15T11:30:00.000+01:00' };
		expect(optionalDateTime(node, 0, 'Timestamp', luxonLike)).toBe('2024-01-15T10:30:00.000Z');
		const invalidLuxon = { toISO: () => null };
		expect(rejection(() => optionalDateTime(node, 0, 'Timestamp', invalidLuxon)).message).toBe(
			'[item 0] Timestamp is an invalid date',
		);
	});

	test('blank is not given; a date-time without a zone explains the fix', () => {
		expect(optionalDateTime(node, 0, 'Timestamp', '  ')).toBeUndefined();
		expect(optionalDateTime(node, 0, 'Timestamp', null)).toBeUndefined();
		const error = rejection(() => optionalDateTime(node, 7, 'Timestamp', '2024-01-15 10:30'));
		expect(error.message).toBe('[item 7] Timestamp has no time zone: "2024-01-15 10:30"');
		expect(error.description).toBe(
			'Add Z (UTC) or an offset such as -05:00; without one the time would depend on where it is read.',
		);
	});
});
