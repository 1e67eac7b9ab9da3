import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * The parameters of the Customer operations, named after the API's fields (`POST /customers`,
 * `POST /customers/bulk`, `PATCH /customers/{customerId}`), so that an AI Agent's `$fromAI()`
 * names match the API document. Every value may be an expression, resolved per item.
 *
 * Create and Create Many share their fields: the required ones on top, the optional ones under
 * Additional Fields, the collections account as its own group. Update has Customer ID, Update
 * Fields, the same Collections Account group, and Fields to Clear.
 */

/** Show a property for resource `customer` and the given operations. */
export function showFor(operations: string[]): IDisplayOptions {
	return { show: { resource: ['customer'], operation: operations } };
}

/** The operations that create customers. */
const CREATING = ['create', 'createMany'];

/** Where a value is sensitive: described in errors by its shape only, never shown. */
const SENSITIVE_NOTE = 'Sensitive: never shown in an error message or a log line.';

const middleName: INodeProperties = {
	displayName: 'Middle Name',
	name: 'middleName',
	type: 'string',
	default: '',
};

const secondaryPhone: INodeProperties = {
	displayName: 'Secondary Phone',
	name: 'secondaryPhone',
	type: 'string',
	default: '',
	placeholder: '+12025555678',
	description: 'Another phone number of the customer, in E.164 form: + and the country code, no spaces',
};

const ssnLastFour: INodeProperties = {
	displayName: 'SSN Last Four',
	name: 'ssnLastFour',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description: `The last four digits of the customer's Social Security number: exactly 4 digits. Needed with a Collections Account. ${SENSITIVE_NOTE}`,
};

const dateOfBirth: INodeProperties = {
	displayName: 'Date of Birth',
	name: 'dateOfBirth',
	type: 'string',
	default: '',
	placeholder: '1985-03-15',
	description: `The customer's date of birth, written YYYY-MM-DD. Needed with a Collections Account. ${SENSITIVE_NOTE}`,
};

const line1: INodeProperties = {
	displayName: 'Address Line 1',
	name: 'line1',
	type: 'string',
	default: '',
	placeholder: '123 Main St',
};

const line2: INodeProperties = {
	displayName: 'Address Line 2',
	name: 'line2',
	type: 'string',
	default: '',
	placeholder: 'Apt 4B',
	description: 'Apartment, suite or unit',
};

const city: INodeProperties = { displayName: 'City', name: 'city', type: 'string', default: '' };

const state: INodeProperties = {
	displayName: 'State',
	name: 'state',
	type: 'string',
	default: '',
	placeholder: 'DC',
};

/** A number field of the collections account (API: a number, at least 0). */
function amount(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'number', typeOptions: { minValue: 0 }, default: 0, description };
}

/** A date field of the collections account (API: format `date`). */
function date(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', placeholder: '2023-01-15', description };
}

/** A text field of the collections account. */
function text(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', description };
}

/** The fields of the collections account block (API `collections`), in alphabetical order. */
export const collectionsFields: INodeProperties[] = [
	amount('Accrued Interest Amount', 'accruedInterestAmount', 'The amount of accrued interest, 0 or more'),
	date('Charge-Off Date', 'chargeOffDate', 'When the account was charged off, written YYYY-MM-DD'),
	{
		displayName: 'Extensions',
		name: 'extensions',
		type: 'json',
		default: '{}',
		description:
			"Your organization's own extension fields for the balance, as a JSON object. Which fields Veritus accepts depends on your organization's set-up.",
	},
	date('First Delinquency Date', 'firstDelinquencyDate', 'The date of the first delinquency, written YYYY-MM-DD'),
	amount('Itemization Balance', 'itemizationBalance', 'The itemization balance, 0 or more'),
	text('Original Account Number', 'originalAccountNumber', 'The account number at the original creditor'),
	text('Original Creditor', 'originalCreditor', 'The name of the original creditor'),
	text('Original Product Type', 'originalProductType', 'The original product type, such as Visa Signature'),
	amount('Post-Itemization Credits', 'postItemizationCredits', 'Credits applied after itemization, 0 or more'),
	amount('Post-Itemization Fees', 'postItemizationFees', 'Fees accrued after itemization, 0 or more'),
	amount('Post-Itemization Interest', 'postItemizationInterest', 'Interest accrued after itemization, 0 or more'),
	amount('Post-Itemization Payments', 'postItemizationPayments', 'Payments made after itemization, 0 or more'),
	amount('Principal Balance', 'principalBalance', 'The principal balance, 0 or more'),
	text('Product Type', 'productType', 'The current product type, such as Credit Card'),
	amount('Settlement Aggregation Rate', 'settlementAggregationRate', 'The settlement aggregation rate, 0 or more'),
	amount(
		'Total Balance',
		'totalBalance',
		"The total balance of the customer's collections account, 0 or more. Required by Create once the Collections Account is used.",
	),
];

/** Output Layout of Create and Create Many (the outputs expression in `actions/description.ts`). */
const outputLayout: INodeProperties = {
	displayName: 'Output Layout',
	name: 'outputLayout',
	type: 'options',
	noDataExpression: true,
	displayOptions: showFor(CREATING),
	options: [
		{
			name: 'Created and Already Exists',
			value: 'split',
			description:
				'Two outputs: customers Veritus created, and customers whose External ID Veritus already had (not an error in a sync)',
		},
		{
			name: 'Single Output',
			value: 'single',
			description: 'One output with every item; branch on the alreadyExists field',
		},
	],
	default: 'split',
};

/** The fields of Create and Create Many, in editor order (their Options come from each operation). */
export const createFields: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.account_number }}',
		description:
			'Your own ID of the customer, such as the account number in your sheet or CRM. Veritus keeps one customer per External ID: a second one goes to Already Exists.',
		displayOptions: showFor(CREATING),
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showFor(CREATING),
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showFor(CREATING),
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		displayOptions: showFor(CREATING),
	},
	{
		displayName: 'Primary Phone',
		name: 'primaryPhone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+12025551234',
		description: 'The number Veritus calls, in E.164 form: + and the country code, no spaces or dashes',
		displayOptions: showFor(CREATING),
	},
	{
		displayName: 'ZIP Code',
		name: 'zip',
		type: 'string',
		required: true,
		default: '',
		placeholder: '20001',
		description: "The ZIP code of the customer's address: 5 digits, or 5+4 written 12345-1234",
		displayOptions: showFor(CREATING),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(CREATING),
		options: [
			line1,
			line2,
			city,
			{
				displayName: 'Client Name or ID',
				name: 'clientId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getClients' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			dateOfBirth,
			middleName,
			secondaryPhone,
			ssnLastFour,
			state,
		],
	},
	{
		displayName: 'Collections Account',
		name: 'collections',
		type: 'collection',
		placeholder: 'Add Collections Field',
		default: {},
		description:
			"The customer's collections account. Once any field is set, Total Balance, SSN Last Four and Date of Birth are required.",
		displayOptions: showFor(CREATING),
		options: collectionsFields,
	},
	outputLayout,
];

/** The nullable fields Update can clear (send `null`), as `Fields to Clear` options: value = the body path. */
const CLEARABLE: Array<{ name: string; value: string }> = [
	{ name: 'Accrued Interest Amount', value: 'collections.accruedInterestAmount' },
	{ name: 'Address (All Fields)', value: 'address' },
	{ name: 'Address Line 1', value: 'address.line1' },
	{ name: 'Address Line 2', value: 'address.line2' },
	{ name: 'Charge-Off Date', value: 'collections.chargeOffDate' },
	{ name: 'City', value: 'address.city' },
	{ name: 'Collections Account (All Fields)', value: 'collections' },
	{ name: 'Date of Birth', value: 'dateOfBirth' },
	{ name: 'Extensions', value: 'collections.extensions' },
	{ name: 'First Delinquency Date', value: 'collections.firstDelinquencyDate' },
	{ name: 'Itemization Balance', value: 'collections.itemizationBalance' },
	{ name: 'Original Account Number', value: 'collections.originalAccountNumber' },
	{ name: 'Original Creditor', value: 'collections.originalCreditor' },
	{ name: 'Original Product Type', value: 'collections.originalProductType' },
	{ name: 'Post-Itemization Credits', value: 'collections.postItemizationCredits' },
	{ name: 'Post-Itemization Fees', value: 'collections.postItemizationFees' },
	{ name: 'Post-Itemization Interest', value: 'collections.postItemizationInterest' },
	{ name: 'Post-Itemization Payments', value: 'collections.postItemizationPayments' },
	{ name: 'Principal Balance', value: 'collections.principalBalance' },
	{ name: 'Product Type', value: 'collections.productType' },
	{ name: 'Secondary Phone', value: 'secondaryPhone' },
	{ name: 'Settlement Aggregation Rate', value: 'collections.settlementAggregationRate' },
	{ name: 'SSN Last Four', value: 'ssnLastFour' },
	{ name: 'State', value: 'address.state' },
];

/** The body paths Fields to Clear accepts, with their display names (for messages). */
export const CLEARABLE_FIELDS: ReadonlyMap<string, string> = new Map(CLEARABLE.map((o) => [o.value, o.name]));

/** The fields of Update, in editor order (its Options come from the operation). */
export const updateFields: INodeProperties[] = [
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.veritus_customer_id }}',
		description:
			'The Veritus customer ID: the UUID that Customer → Create returns (not your own account number, which is the External ID)',
		displayOptions: showFor(['update']),
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'The fields to change. Only the fields added here are sent; the others stay as they are.',
		displayOptions: showFor(['update']),
		options: [
			line1,
			line2,
			city,
			dateOfBirth,
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			middleName,
			{
				displayName: 'Primary Phone',
				name: 'primaryPhone',
				type: 'string',
				default: '',
				placeholder: '+12025551234',
				description: 'The number Veritus calls, in E.164 form: + and the country code, no spaces or dashes',
			},
			secondaryPhone,
			ssnLastFour,
			state,
			{
				displayName: 'ZIP Code',
				name: 'zip',
				type: 'string',
				default: '',
				placeholder: '20001',
				description: '5 digits, or 5+4 written 12345-1234',
			},
		],
	},
	{
		displayName: 'Collections Account',
		name: 'collections',
		type: 'collection',
		placeholder: 'Add Collections Field',
		default: {},
		description: "Fields of the customer's collections account to change. Only the fields added here are sent.",
		displayOptions: showFor(['update']),
		options: collectionsFields,
	},
	{
		displayName: 'Fields to Clear',
		name: 'fieldsToClear',
		type: 'multiOptions',
		options: CLEARABLE,
		default: [],
		description:
			'Fields to empty in Veritus (sent as null). Only fields the API lets you clear are listed; a field cannot be both changed and cleared.',
		displayOptions: showFor(['update']),
	},
];
