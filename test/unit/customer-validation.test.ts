// Covers the validation of Customer → Create / Create Many (prepareCustomer) and Customer → Update
// (prepareUpdate) in actions/customer/item.ts, and the field validators of helpers/fields.ts they
// use: one bad value in one field per row, for EVERY validated field. A rejected row must throw a
// NodeOperationError `[item N] <Field> <problem>`; for SSN Last Four and Date of Birth the message
// and description must not contain the value given. Accepted rows give the exact request body.
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { prepareCustomer, prepareUpdate } from '../../nodes/Veritus/actions/customer/item';
import { fakeNode } from './fakes';

const CLIENT = 'e5510822-3a2d-579b-82a6-5b7f834247da';
const CUSTOMER = 'b9d6eaf9-071d-5246-bded-af2d3a4b7cf8';

/** Valid parameters of Create: the required fields, no optional ones. */
const CREATE: Record<string, unknown> = {
	externalId: 'ACC-1',
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada@example.com',
	primaryPhone: '+12025551234',
	zip: '20001',
	additionalFields: {},
	collections: {},
};

/** Valid parameters of Update: one field to change. */
const UPDATE: Record<string, unknown> = {
	customerId: CUSTOMER,
	updateFields: { firstName: 'Grace' },
	collections: {},
	fieldsToClear: [],
};

/** An IExecuteFunctions with what `prepare` uses: getNode, and getNodeParameter over `parameters`. */
function context(parameters: Record<string, unknown>): IExecuteFunctions {
	return {
		getNode: () => fakeNode('customer-node'),
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

/** Parameters of Create with `field` (a top-level name, or `additionalFields.x` / `collections.x`) set to `value`. */
function createWith(field: string, value: unknown, base: Record<string, unknown> = CREATE): Record<string, unknown> {
	const [group, name] = field.split('.');
	if (name === undefined) return { ...base, [group]: value };
	return { ...base, [group]: { ...(base[group] as IDataObject), [name]: value } };
}

/** A collections account with the fields Create needs around it. */
const COLLECTIONS_BASE: Record<string, unknown> = {
	...CREATE,
	additionalFields: { ssnLastFour: '4821', dateOfBirth: '1984-02-29' },
	collections: { totalBalance: 100 },
};

interface Reject {
	field: string;
	value: unknown;
	/** The message after `[item 4] `. */
	message: string;
	/** Parameters to start from (default CREATE). */
	base?: Record<string, unknown>;
}

// prettier-ignore
const CREATE_REJECTS: Reject[] = [
	// External ID
	{ field: 'externalId', value: '', message: 'External ID is empty' },
	{ field: 'externalId', value: '   ', message: 'External ID is empty' },
	{ field: 'externalId', value: undefined, message: 'External ID is missing' },
	{ field: 'externalId', value: { id: 1 }, message: 'External ID must be text or a number, but is an object' },
	{ field: 'externalId', value: true, message: 'External ID must be text or a number, but is a boolean' },
	{ field: 'externalId', value: 'A\u0000B', message: 'External ID contains a control character: "A\\u0000B"' },
	{ field: 'externalId', value: 'x'.repeat(257), message: 'External ID is 257 characters long; the limit is 256' },
	{ field: 'externalId', value: 1e20, message: 'External ID is the number 100000000000000000000, which cannot be an exact ID' },
	// First and last name
	{ field: 'firstName', value: '', message: 'First Name is empty' },
	{ field: 'firstName', value: ['Ada'], message: 'First Name must be text, but is a list' },
	{ field: 'lastName', value: ' ', message: 'Last Name is empty' },
	{ field: 'lastName', value: { n: 1 }, message: 'Last Name must be text, but is an object' },
	{ field: 'lastName', value: 'Love\nlace', message: 'Last Name contains a control character: "Love\\u000alace"' },
	// Email
	{ field: 'email', value: '', message: 'Email is empty' },
	{ field: 'email', value: 'ada.example.com', message: 'Email is not an email address such as name@example.com: "ada.example.com"' },
	{ field: 'email', value: 'ada@example', message: 'Email is not an email address such as name@example.com: "ada@example"' },
	{ field: 'email', value: 'a da@example.com', message: 'Email is not an email address such as name@example.com: "a da@example.com"' },
	{ field: 'email', value: 'ada@@example.com', message: 'Email is not an email address such as name@example.com: "ada@@example.com"' },
	// Primary phone
	{ field: 'primaryPhone', value: '', message: 'Primary Phone is empty' },
	{ field: 'primaryPhone', value: '2025551234', message: 'Primary Phone must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got "2025551234" (add + and the country code)' },
	{ field: 'primaryPhone', value: '+1 202-555-1234', message: 'Primary Phone must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got "+1 202-555-1234" (remove the spaces, dashes and brackets)' },
	{ field: 'primaryPhone', value: '+1202555123456789', message: 'Primary Phone must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got "+1202555123456789"' },
	{ field: 'primaryPhone', value: '+01202555123', message: 'Primary Phone must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got "+01202555123"' },
	{ field: 'primaryPhone', value: 'call me', message: 'Primary Phone must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got "call me"' },
	{ field: 'primaryPhone', value: 12025551234, message: 'Primary Phone must be text in E.164 form such as +12025551234, but is the number 12025551234' },
	// ZIP code
	{ field: 'zip', value: '', message: 'ZIP Code is empty' },
	{ field: 'zip', value: '2001', message: 'ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), got "2001"' },
	{ field: 'zip', value: '200011', message: 'ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), got "200011"' },
	{ field: 'zip', value: '200011234', message: 'ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), got "200011234"' },
	{ field: 'zip', value: '20001-12', message: 'ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), got "20001-12"' },
	{ field: 'zip', value: 'SW1A 1AA', message: 'ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), got "SW1A 1AA"' },
	{ field: 'zip', value: 2134, message: 'ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), but is the number 2134' },
	{ field: 'zip', value: { zip: 1 }, message: 'ZIP Code must be text, but is an object' },
	// Additional fields
	{ field: 'additionalFields.clientId', value: 'Northwind', message: 'Client must be a UUID (8-4-4-4-12 hexadecimal digits), got "Northwind"' },
	{ field: 'additionalFields.middleName', value: { m: 1 }, message: 'Middle Name must be text, but is an object' },
	{ field: 'additionalFields.secondaryPhone', value: '555-0100', message: 'Secondary Phone must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got "555-0100" (add + and the country code)' },
	{ field: 'additionalFields.line1', value: ['12 Elm St'], message: 'Address Line 1 must be text, but is a list' },
	{ field: 'additionalFields.line2', value: 'Apt\u00074', message: 'Address Line 2 contains a control character: "Apt\\u00074"' },
	{ field: 'additionalFields.city', value: false, message: 'City must be text, but is a boolean' },
	{ field: 'additionalFields.state', value: { s: 'DC' }, message: 'State must be text, but is an object' },
	// Collections account: amounts
	{ field: 'collections.totalBalance', value: -1, message: 'Total Balance must be 0 or more, got -1', base: COLLECTIONS_BASE },
	{ field: 'collections.totalBalance', value: '$5,250.50', message: 'Total Balance must be a number of 0 or more written with digits and a decimal point (5250.50), got "$5,250.50"', base: COLLECTIONS_BASE },
	{ field: 'collections.principalBalance', value: '-10.5', message: 'Principal Balance must be 0 or more, got -10.5', base: COLLECTIONS_BASE },
	{ field: 'collections.accruedInterestAmount', value: Infinity, message: 'Accrued Interest Amount must be a finite number, got Infinity', base: COLLECTIONS_BASE },
	{ field: 'collections.itemizationBalance', value: NaN, message: 'Itemization Balance must be a finite number, got NaN', base: COLLECTIONS_BASE },
	{ field: 'collections.postItemizationInterest', value: 'ten', message: 'Post-Itemization Interest must be a number of 0 or more written with digits and a decimal point (5250.50), got "ten"', base: COLLECTIONS_BASE },
	{ field: 'collections.postItemizationFees', value: { fee: 1 }, message: 'Post-Itemization Fees must be a number of 0 or more, but is an object', base: COLLECTIONS_BASE },
	{ field: 'collections.postItemizationCredits', value: -0.01, message: 'Post-Itemization Credits must be 0 or more, got -0.01', base: COLLECTIONS_BASE },
	{ field: 'collections.postItemizationPayments', value: true, message: 'Post-Itemization Payments must be a number of 0 or more, but is a boolean', base: COLLECTIONS_BASE },
	{ field: 'collections.settlementAggregationRate', value: -0.65, message: 'Settlement Aggregation Rate must be 0 or more, got -0.65', base: COLLECTIONS_BASE },
	// Collections account: dates
	{ field: 'collections.chargeOffDate', value: '2023-02-29', message: 'Charge-Off Date is not a real calendar date: "2023-02-29"', base: COLLECTIONS_BASE },
	{ field: 'collections.chargeOffDate', value: '01/15/2023', message: 'Charge-Off Date must be a date written YYYY-MM-DD, such as 1985-03-15; got "01/15/2023"', base: COLLECTIONS_BASE },
	{ field: 'collections.firstDelinquencyDate', value: '2022-13-01', message: 'First Delinquency Date is not a real calendar date: "2022-13-01"', base: COLLECTIONS_BASE },
	{ field: 'collections.firstDelinquencyDate', value: 20220601, message: 'First Delinquency Date must be text written YYYY-MM-DD, but is a number', base: COLLECTIONS_BASE },
	// Collections account: texts and extensions
	{ field: 'collections.originalCreditor', value: ['ABC'], message: 'Original Creditor must be text, but is a list', base: COLLECTIONS_BASE },
	{ field: 'collections.originalAccountNumber', value: { n: 1 }, message: 'Original Account Number must be text, but is an object', base: COLLECTIONS_BASE },
	{ field: 'collections.productType', value: false, message: 'Product Type must be text, but is a boolean', base: COLLECTIONS_BASE },
	{ field: 'collections.originalProductType', value: 'Visa\u0000', message: 'Original Product Type contains a control character: "Visa\\u0000"', base: COLLECTIONS_BASE },
	{ field: 'collections.extensions', value: '{branch: east}', message: 'Extensions is not valid JSON text', base: COLLECTIONS_BASE },
	{ field: 'collections.extensions', value: '[1, 2]', message: 'Extensions must be a JSON object ({ … }), but is a list', base: COLLECTIONS_BASE },
	// Collections account: what it needs
	{ field: 'collections', value: { principalBalance: 10 }, message: 'Total Balance is required when a Collections Account is given', base: COLLECTIONS_BASE },
	{ field: 'additionalFields', value: { dateOfBirth: '1984-02-29' }, message: 'SSN Last Four is required when a Collections Account is given', base: COLLECTIONS_BASE },
	{ field: 'additionalFields', value: { ssnLastFour: '4821' }, message: 'Date of Birth is required when a Collections Account is given', base: COLLECTIONS_BASE },
	// Collections and additional fields that are not sets of fields
	{ field: 'collections', value: 'all of it', message: 'Collections Account must be a set of fields' },
	{ field: 'additionalFields', value: ['x'], message: 'Additional Fields must be a set of fields' },
];

/**
 * Sensitive fields: the message names the field and the shape, never the value. `value` is what
 * the row gives; the test also checks that neither the message nor the description contains it.
 */
// prettier-ignore
const SENSITIVE_REJECTS: Reject[] = [
	{ field: 'additionalFields.ssnLastFour', value: '482', message: 'SSN Last Four must be exactly 4 digits; the value given has 3 characters' },
	{ field: 'additionalFields.ssnLastFour', value: '48213', message: 'SSN Last Four must be exactly 4 digits; the value given has 5 characters' },
	{ field: 'additionalFields.ssnLastFour', value: '48a1', message: 'SSN Last Four must be exactly 4 digits; the value given has 4 characters and characters other than digits' },
	{ field: 'additionalFields.ssnLastFour', value: '123-45-4821', message: 'SSN Last Four must be exactly 4 digits; the value given has 11 characters and characters other than digits' },
	{ field: 'additionalFields.ssnLastFour', value: 482, message: 'SSN Last Four must be exactly 4 digits; the number given has 3 digits' },
	{ field: 'additionalFields.ssnLastFour', value: 48213, message: 'SSN Last Four must be exactly 4 digits; the number given has 5 digits' },
	{ field: 'additionalFields.ssnLastFour', value: 48.21, message: 'SSN Last Four must be exactly 4 digits; the number given is not a whole number of 4 digits' },
	{ field: 'additionalFields.ssnLastFour', value: { ssn: '4821' }, message: 'SSN Last Four must be text of exactly 4 digits, but is an object' },
	{ field: 'additionalFields.dateOfBirth', value: '03/15/1985', message: 'Date of Birth must be a date written YYYY-MM-DD, such as 1985-03-15; the value given has 10 characters' },
	{ field: 'additionalFields.dateOfBirth', value: '1985-3-15', message: 'Date of Birth must be a date written YYYY-MM-DD, such as 1985-03-15; the value given has 9 characters' },
	{ field: 'additionalFields.dateOfBirth', value: '1985-03-15T00:00:00Z', message: 'Date of Birth must be a date written YYYY-MM-DD, such as 1985-03-15; the value given has 20 characters' },
	{ field: 'additionalFields.dateOfBirth', value: '1985-02-29', message: 'Date of Birth is not a real calendar date (the value given has the YYYY-MM-DD form, but no such month or day)' },
	{ field: 'additionalFields.dateOfBirth', value: '1985-00-10', message: 'Date of Birth is not a real calendar date (the value given has the YYYY-MM-DD form, but no such month or day)' },
	{ field: 'additionalFields.dateOfBirth', value: '1900-02-29', message: 'Date of Birth is not a real calendar date (the value given has the YYYY-MM-DD form, but no such month or day)' },
	{ field: 'additionalFields.dateOfBirth', value: 19850315, message: 'Date of Birth must be text written YYYY-MM-DD, but is a number' },
];

describe('Customer → Create and Create Many: every validated field rejects a bad value', () => {
	test.each(CREATE_REJECTS.map((row) => [`${row.field} = ${JSON.stringify(row.value) ?? 'undefined'}`, row] as const))(
		'%s',
		(_name, row) => {
			const error = rejection(() => prepareCustomer(context(createWith(row.field, row.value, row.base)), 4));
			expect(error.message).toBe(`[item 4] ${row.message}`);
			expect(error.context.itemIndex).toBe(4);
		},
	);
});

describe('SSN Last Four and Date of Birth: rejected by shape, never echoed', () => {
	test.each(SENSITIVE_REJECTS.map((row) => [`${row.field} = ${JSON.stringify(row.value)}`, row] as const))(
		'%s',
		(_name, row) => {
			const error = rejection(() => prepareCustomer(context(createWith(row.field, row.value)), 2));
			expect(error.message).toBe(`[item 2] ${row.message}`);
			const shown = `${error.message}\n${String(error.description)}\n${JSON.stringify(error.context)}`;
			if (typeof row.value === 'string') expect(shown).not.toContain(row.value);
			if (typeof row.value === 'number') expect(shown).not.toContain(String(row.value));
			if (typeof row.value === 'object') expect(shown).not.toContain('4821');
			expect(error.description).toMatch(/sensitive, so it is never shown/);
		},
	);

	test('a spreadsheet number that lost its leading zero gets that hint', () => {
		const error = rejection(() => prepareCustomer(context(createWith('additionalFields.ssnLastFour', 482)), 0));
		expect(error.description).toBe(
			'A spreadsheet drops leading zeros (0123 becomes 123). Format the column as text and map it again. The value is sensitive, so it is never shown.',
		);
	});
});

describe('Customer → Create: accepted values give the exact body', () => {
	test('only the required fields: the body holds them and the ZIP in address', () => {
		const prepared = prepareCustomer(context(CREATE), 0);
		expect(prepared.body).toEqual({
			externalId: 'ACC-1',
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			primaryPhone: '+12025551234',
			address: { zip: '20001' },
		});
		expect(prepared).toMatchObject({
			itemIndex: 0,
			externalId: 'ACC-1',
			reference: "external ID 'ACC-1'",
			errorFields: { externalId: 'ACC-1' },
		});
	});

	test('spreadsheet cells: number IDs, ZIPs and SSNs, amounts as text, blanks left out, values trimmed', () => {
		const prepared = prepareCustomer(
			context({
				...CREATE,
				externalId: 7215,
				firstName: '  Ada ',
				zip: 20001,
				additionalFields: {
					clientId: ` ${CLIENT} `,
					middleName: '',
					secondaryPhone: '   ',
					ssnLastFour: 4821,
					dateOfBirth: ' 1984-02-29 ',
					line1: '12 Elm St',
					state: 'DC',
				},
				collections: {
					totalBalance: '5250.50',
					principalBalance: 0,
					chargeOffDate: '2024-02-29',
					originalCreditor: 'ABC Bank',
					extensions: '{"branch": "east"}',
					productType: '',
				},
			}),
			1,
		);
		expect(prepared.body).toEqual({
			externalId: '7215',
			clientId: CLIENT,
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			primaryPhone: '+12025551234',
			ssnLastFour: '4821',
			dateOfBirth: '1984-02-29',
			address: { line1: '12 Elm St', state: 'DC', zip: '20001' },
			collections: {
				totalBalance: 5250.5,
				principalBalance: 0,
				chargeOffDate: '2024-02-29',
				originalCreditor: 'ABC Bank',
				extensions: { branch: 'east' },
			},
		});
		expect(prepared.sensitive).toEqual(['4821', '1984-02-29']);
	});

	test('ZIP+4 and a Collections Account of defaults (Extensions "{}") are accepted', () => {
		const prepared = prepareCustomer(
			context({ ...COLLECTIONS_BASE, zip: '20001-1234', collections: { totalBalance: 0, extensions: '{}' } }),
			0,
		);
		expect(prepared.body.address).toEqual({ zip: '20001-1234' });
		expect(prepared.body.collections).toEqual({ totalBalance: 0 });
	});

	test('an expression that throws names the item and the field', () => {
		const error = rejection(() =>
			prepareCustomer(
				context({ ...CREATE, email: new Error("Cannot read properties of undefined (reading 'mail')") }),
				6,
			),
		);
		expect(error.message).toBe(
			"[item 6] Email could not be resolved: Cannot read properties of undefined (reading 'mail')",
		);
	});
});

/** Parameters of Update with `field` (a top-level name, or `updateFields.x` / `collections.x`) set to `value`. */
const updateWith = (field: string, value: unknown, base: Record<string, unknown> = UPDATE) =>
	createWith(field, value, base);

// prettier-ignore
const UPDATE_REJECTS: Reject[] = [
	{ field: 'customerId', value: '', message: 'Customer ID is empty' },
	{ field: 'customerId', value: null, message: 'Customer ID is missing' },
	{ field: 'customerId', value: '..', message: 'Customer ID cannot be ".."' },
	{ field: 'customerId', value: ['a'], message: 'Customer ID must be text or a number, but is a list' },
	{ field: 'updateFields', value: {}, message: 'Update Fields is empty: there is nothing to change' },
	{ field: 'updateFields', value: { firstName: '', email: '  ' }, message: 'Update Fields is empty: there is nothing to change' },
	{ field: 'updateFields.firstName', value: { f: 1 }, message: 'First Name must be text, but is an object' },
	{ field: 'updateFields.middleName', value: ['M'], message: 'Middle Name must be text, but is a list' },
	{ field: 'updateFields.lastName', value: true, message: 'Last Name must be text, but is a boolean' },
	{ field: 'updateFields.email', value: 'grace', message: 'Email is not an email address such as name@example.com: "grace"' },
	{ field: 'updateFields.primaryPhone', value: '+1 (202) 555 1234', message: 'Primary Phone must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got "+1 (202) 555 1234" (remove the spaces, dashes and brackets)' },
	{ field: 'updateFields.secondaryPhone', value: 2025550100, message: 'Secondary Phone must be text in E.164 form such as +12025551234, but is the number 2025550100' },
	{ field: 'updateFields.zip', value: '123', message: 'ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), got "123"' },
	{ field: 'updateFields.line1', value: { l: 1 }, message: 'Address Line 1 must be text, but is an object' },
	{ field: 'updateFields.line2', value: ['x'], message: 'Address Line 2 must be text, but is a list' },
	{ field: 'updateFields.city', value: true, message: 'City must be text, but is a boolean' },
	{ field: 'updateFields.state', value: 'D\u0000C', message: 'State contains a control character: "D\\u0000C"' },
	{ field: 'collections.totalBalance', value: -5, message: 'Total Balance must be 0 or more, got -5' },
	{ field: 'collections.chargeOffDate', value: '2023-04-31', message: 'Charge-Off Date is not a real calendar date: "2023-04-31"' },
	{ field: 'collections.extensions', value: 'not json', message: 'Extensions is not valid JSON text' },
	{ field: 'fieldsToClear', value: ['externalId'], message: 'Fields to Clear names a field that cannot be cleared: "externalId"' },
	{ field: 'fieldsToClear', value: ['address.zip'], message: 'Fields to Clear names a field that cannot be cleared: "address.zip"' },
	{ field: 'fieldsToClear', value: ['collections.totalBalance'], message: 'Fields to Clear names a field that cannot be cleared: "collections.totalBalance"' },
	{ field: 'fieldsToClear', value: { a: 1 }, message: 'Fields to Clear must be a list of fields' },
	{ field: 'fieldsToClear', value: ['address.city'], message: 'Fields to Clear clears City, but it is also given a new value', base: { ...UPDATE, updateFields: { city: 'Boston' } } },
	{ field: 'fieldsToClear', value: ['secondaryPhone'], message: 'Fields to Clear clears Secondary Phone, but it is also given a new value', base: { ...UPDATE, updateFields: { secondaryPhone: '+12025550100' } } },
	{ field: 'fieldsToClear', value: ['address'], message: 'Fields to Clear clears Address (All Fields), but fields of it are also given or cleared', base: { ...UPDATE, updateFields: { city: 'Boston' } } },
	{ field: 'fieldsToClear', value: ['address', 'address.line1'], message: 'Fields to Clear clears Address Line 1, but the whole Address is cleared too' },
	{ field: 'fieldsToClear', value: ['collections.productType', 'collections'], message: 'Fields to Clear clears Collections Account (All Fields), but fields of it are also given or cleared' },
	{ field: 'fieldsToClear', value: ['collections.principalBalance'], message: 'Fields to Clear clears Principal Balance, but it is also given a new value', base: { ...UPDATE, collections: { principalBalance: 5 } } },
	{ field: 'fieldsToClear', value: ['ssnLastFour'], message: 'Fields to Clear clears SSN Last Four, but a Collections Account is given', base: { ...UPDATE, collections: { totalBalance: 5 } } },
	{ field: 'fieldsToClear', value: ['dateOfBirth'], message: 'Fields to Clear clears Date of Birth, but a Collections Account is given', base: { ...UPDATE, collections: { totalBalance: 5 } } },
];

// prettier-ignore
const UPDATE_SENSITIVE: Reject[] = [
	{ field: 'updateFields.ssnLastFour', value: '93I7', message: 'SSN Last Four must be exactly 4 digits; the value given has 4 characters and characters other than digits' },
	{ field: 'updateFields.dateOfBirth', value: '1961-06-31', message: 'Date of Birth is not a real calendar date (the value given has the YYYY-MM-DD form, but no such month or day)' },
	{ field: 'updateFields.dateOfBirth', value: '31.05.1961', message: 'Date of Birth must be a date written YYYY-MM-DD, such as 1985-03-15; the value given has 10 characters' },
];

describe('Customer → Update: every validated field rejects a bad value', () => {
	test.each(UPDATE_REJECTS.map((row) => [`${row.field} = ${JSON.stringify(row.value)}`, row] as const))(
		'%s',
		(_name, row) => {
			const error = rejection(() => prepareUpdate(context(updateWith(row.field, row.value, row.base)), 3));
			expect(error.message).toBe(`[item 3] ${row.message}`);
		},
	);

	test.each(UPDATE_SENSITIVE.map((row) => [`${row.field} (sensitive)`, row] as const))('%s', (_name, row) => {
		const error = rejection(() => prepareUpdate(context(updateWith(row.field, row.value)), 3));
		expect(error.message).toBe(`[item 3] ${row.message}`);
		expect(`${error.message} ${String(error.description)}`).not.toContain(String(row.value));
	});
});

describe('Customer → Update: the body', () => {
	test('only the fields given, null for each field to clear, the ID as one path segment', () => {
		const prepared = prepareUpdate(
			context({
				customerId: ` ${CUSTOMER} `,
				updateFields: { firstName: 'Grace', city: 'Boston', zip: '02134', ssnLastFour: '0042', email: '' },
				collections: { totalBalance: '10.5' },
				fieldsToClear: ['secondaryPhone', 'address.line2', 'collections.productType'],
			}),
			0,
		);
		expect(prepared.path).toBe(`/customers/${CUSTOMER}`);
		expect(prepared.customerId).toBe(CUSTOMER);
		expect(prepared.body).toEqual({
			firstName: 'Grace',
			ssnLastFour: '0042',
			address: { city: 'Boston', zip: '02134', line2: null },
			collections: { totalBalance: 10.5, productType: null },
			secondaryPhone: null,
		});
		expect(prepared.sensitive).toEqual(['0042', undefined]);
	});

	test('clearing alone is an update; whole blocks are cleared with null', () => {
		const prepared = prepareUpdate(
			context({ ...UPDATE, updateFields: {}, fieldsToClear: ['collections', 'address', 'dateOfBirth'] }),
			0,
		);
		expect(prepared.body).toEqual({ collections: null, address: null, dateOfBirth: null });
	});

	test('a Customer ID with reserved characters stays one path segment', () => {
		expect(prepareUpdate(context({ ...UPDATE, customerId: 'a/b?c' }), 0).path).toBe('/customers/a%2Fb%3Fc');
	});
});
