import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import {
	isBlank,
	optionalAmount,
	optionalDate,
	optionalEmail,
	optionalJsonObject,
	optionalPhone,
	optionalSsnLastFour,
	optionalText,
	optionalUuid,
	optionalZip,
	requiredText,
} from '../../helpers/fields';
import type { RunnerItem } from '../../helpers/runner';
import {
	coerceIdentifier,
	customerIdPathSegment,
	invalidField,
	readCollection,
	readParameter,
} from '../../helpers/validation';
import { CLEARABLE_FIELDS } from './fields';

/**
 * One customer item, read and validated (Customer → Create and Create Many): the request body of
 * `POST /customers`, which is also one entry of `POST /customers/bulk`'s `customers`.
 */
export interface PreparedCustomer extends RunnerItem {
	/** The body, with only the fields given (API document's `CreateCustomerRequest`). */
	body: IDataObject & { externalId: string };
	externalId: string;
}

/** One update item, read and validated (Customer → Update). */
export interface PreparedUpdate extends RunnerItem {
	customerId: string;
	/** `/customers/{customerId}`, the ID percent-encoded as one path segment. */
	path: string;
	/** Only the fields given, and `null` for each field to clear (API document's `UpdateCustomerRequest`). */
	body: IDataObject;
}

/** The number fields of the collections block (API: numbers, minimum 0). */
const COLLECTIONS_AMOUNTS: Record<string, string> = {
	accruedInterestAmount: 'Accrued Interest Amount',
	itemizationBalance: 'Itemization Balance',
	postItemizationCredits: 'Post-Itemization Credits',
	postItemizationFees: 'Post-Itemization Fees',
	postItemizationInterest: 'Post-Itemization Interest',
	postItemizationPayments: 'Post-Itemization Payments',
	principalBalance: 'Principal Balance',
	settlementAggregationRate: 'Settlement Aggregation Rate',
	totalBalance: 'Total Balance',
};

/** The date fields of the collections block (API: format `date`). */
const COLLECTIONS_DATES: Record<string, string> = {
	chargeOffDate: 'Charge-Off Date',
	firstDelinquencyDate: 'First Delinquency Date',
};

/** The text fields of the collections block. */
const COLLECTIONS_TEXTS: Record<string, string> = {
	originalAccountNumber: 'Original Account Number',
	originalCreditor: 'Original Creditor',
	originalProductType: 'Original Product Type',
	productType: 'Product Type',
};

/** Sets `body[key]` to `value` unless it is `undefined`. */
function put(body: IDataObject, key: string, value: unknown): void {
	if (value !== undefined) body[key] = value as IDataObject[keyof IDataObject];
}

/**
 * The collections block from the Collections Account collection: every field given, validated
 * (amounts numbers ≥ 0, dates real YYYY-MM-DD dates, Extensions a JSON object).
 *
 * @returns the block, or `undefined` when no field is given.
 * @throws NodeOperationError `[item N] <Field> …`.
 */
function readCollections(node: INode, itemIndex: number, raw: IDataObject): IDataObject | undefined {
	const block: IDataObject = {};
	for (const [key, label] of Object.entries(COLLECTIONS_AMOUNTS)) {
		put(block, key, optionalAmount(node, itemIndex, label, raw[key]));
	}
	for (const [key, label] of Object.entries(COLLECTIONS_DATES)) {
		put(block, key, optionalDate(node, itemIndex, label, raw[key]));
	}
	for (const [key, label] of Object.entries(COLLECTIONS_TEXTS)) {
		put(block, key, optionalText(node, itemIndex, label, raw[key]));
	}
	put(block, 'extensions', optionalJsonObject(node, itemIndex, 'Extensions', raw.extensions));
	return Object.keys(block).length ? block : undefined;
}

/** The address fields shared by Create (Additional Fields) and Update (Update Fields). */
function readAddressLines(node: INode, itemIndex: number, raw: IDataObject): IDataObject {
	const address: IDataObject = {};
	put(address, 'line1', optionalText(node, itemIndex, 'Address Line 1', raw.line1));
	put(address, 'line2', optionalText(node, itemIndex, 'Address Line 2', raw.line2));
	put(address, 'city', optionalText(node, itemIndex, 'City', raw.city));
	put(address, 'state', optionalText(node, itemIndex, 'State', raw.state));
	return address;
}

/**
 * Reads and validates one item of Customer → Create or Create Many:
 * - required: External ID (text; a number from a sheet becomes its decimal form), First Name,
 *   Last Name, Email, Primary Phone (E.164), ZIP Code (5 or 5+4 digits);
 * - Additional Fields: Client (a UUID), Middle Name, Secondary Phone (E.164), SSN Last Four
 *   (exactly 4 digits), Date of Birth (a real YYYY-MM-DD date), address lines, City, State;
 * - Collections Account: amounts (numbers ≥ 0), dates (real YYYY-MM-DD dates), texts,
 *   Extensions (a JSON object). Once any of its fields is given, Total Balance is required (API
 *   document: `collections.required`), and so are SSN Last Four and Date of Birth ("If set, you
 *   must also provide ssnLastFour and dateOfBirth").
 * SSN Last Four and Date of Birth are sensitive: their errors describe the value's shape only.
 *
 * @throws NodeOperationError `[item N] <Field> <problem>`.
 */
export function prepareCustomer(ctx: IExecuteFunctions, itemIndex: number): PreparedCustomer {
	const node = ctx.getNode();
	const read = (name: string, label: string) => readParameter(ctx, name, label, itemIndex);
	const externalId = coerceIdentifier(node, itemIndex, 'External ID', read('externalId', 'External ID'));
	const firstName = requiredText(node, itemIndex, 'First Name', read('firstName', 'First Name'));
	const lastName = requiredText(node, itemIndex, 'Last Name', read('lastName', 'Last Name'));
	const email = optionalEmail(node, itemIndex, 'Email', read('email', 'Email'));
	if (email === undefined) throw invalidField(node, itemIndex, 'Email', 'is empty', 'Map a value to Email.');
	const primaryPhone = optionalPhone(node, itemIndex, 'Primary Phone', read('primaryPhone', 'Primary Phone'));
	if (primaryPhone === undefined) {
		throw invalidField(node, itemIndex, 'Primary Phone', 'is empty', 'Map a value to Primary Phone.');
	}
	const zip = optionalZip(node, itemIndex, 'ZIP Code', read('zip', 'ZIP Code'));
	if (zip === undefined) throw invalidField(node, itemIndex, 'ZIP Code', 'is empty', 'Map a value to ZIP Code.');

	const extra = readCollection(ctx, 'additionalFields', 'Additional Fields', itemIndex);
	const clientId = optionalUuid(node, itemIndex, 'Client', extra.clientId);
	const middleName = optionalText(node, itemIndex, 'Middle Name', extra.middleName);
	const secondaryPhone = optionalPhone(node, itemIndex, 'Secondary Phone', extra.secondaryPhone);
	const ssnLastFour = optionalSsnLastFour(node, itemIndex, 'SSN Last Four', extra.ssnLastFour);
	const dateOfBirth = optionalDate(node, itemIndex, 'Date of Birth', extra.dateOfBirth, true);
	const address = { ...readAddressLines(node, itemIndex, extra), zip };

	const collections = readCollections(
		node,
		itemIndex,
		readCollection(ctx, 'collections', 'Collections Account', itemIndex),
	);
	if (collections) {
		if (collections.totalBalance === undefined) {
			throw invalidField(
				node,
				itemIndex,
				'Total Balance',
				'is required when a Collections Account is given',
				'Add Total Balance to the Collections Account, or remove its fields.',
			);
		}
		for (const [value, label] of [
			[ssnLastFour, 'SSN Last Four'],
			[dateOfBirth, 'Date of Birth'],
		] as const) {
			if (value === undefined) {
				throw invalidField(
					node,
					itemIndex,
					label,
					'is required when a Collections Account is given',
					'Veritus needs SSN Last Four and Date of Birth for every customer with a collections account. Add them under Additional Fields.',
				);
			}
		}
	}

	const body: PreparedCustomer['body'] = { externalId };
	put(body, 'clientId', clientId);
	body.firstName = firstName;
	put(body, 'middleName', middleName);
	body.lastName = lastName;
	body.email = email;
	body.primaryPhone = primaryPhone;
	put(body, 'secondaryPhone', secondaryPhone);
	put(body, 'ssnLastFour', ssnLastFour);
	put(body, 'dateOfBirth', dateOfBirth);
	body.address = address;
	put(body, 'collections', collections);
	return {
		itemIndex,
		externalId,
		body,
		reference: `external ID '${externalId}'`,
		sensitive: [ssnLastFour, dateOfBirth],
		errorFields: { externalId },
	};
}

/**
 * Reads and validates one item of Customer → Update: the Customer ID (one encoded path segment),
 * the Update Fields and Collections Account fields given (validated as for Create; only those are
 * sent) and Fields to Clear (each sent as `null`; only the fields the API document marks
 * nullable are offered). A field both given and cleared, a whole block cleared while one of its
 * fields is given or cleared, an update with nothing to send, and a Collections Account given
 * while SSN Last Four or Date of Birth is cleared are rejected.
 *
 * @throws NodeOperationError `[item N] <Field> <problem>`.
 */
export function prepareUpdate(ctx: IExecuteFunctions, itemIndex: number): PreparedUpdate {
	const node = ctx.getNode();
	const customerId = coerceIdentifier(
		node,
		itemIndex,
		'Customer ID',
		readParameter(ctx, 'customerId', 'Customer ID', itemIndex),
	);
	const segment = customerIdPathSegment(node, itemIndex, customerId);
	const fields = readCollection(ctx, 'updateFields', 'Update Fields', itemIndex);

	const body: IDataObject = {};
	put(body, 'firstName', optionalText(node, itemIndex, 'First Name', fields.firstName));
	put(body, 'middleName', optionalText(node, itemIndex, 'Middle Name', fields.middleName));
	put(body, 'lastName', optionalText(node, itemIndex, 'Last Name', fields.lastName));
	put(body, 'email', optionalEmail(node, itemIndex, 'Email', fields.email));
	put(body, 'primaryPhone', optionalPhone(node, itemIndex, 'Primary Phone', fields.primaryPhone));
	put(body, 'secondaryPhone', optionalPhone(node, itemIndex, 'Secondary Phone', fields.secondaryPhone));
	const ssnLastFour = optionalSsnLastFour(node, itemIndex, 'SSN Last Four', fields.ssnLastFour);
	const dateOfBirth = optionalDate(node, itemIndex, 'Date of Birth', fields.dateOfBirth, true);
	put(body, 'ssnLastFour', ssnLastFour);
	put(body, 'dateOfBirth', dateOfBirth);
	const address = readAddressLines(node, itemIndex, fields);
	put(address, 'zip', optionalZip(node, itemIndex, 'ZIP Code', fields.zip));
	if (Object.keys(address).length) body.address = address;
	const collections = readCollections(
		node,
		itemIndex,
		readCollection(ctx, 'collections', 'Collections Account', itemIndex),
	);
	put(body, 'collections', collections);

	applyClears(node, itemIndex, body, readParameter(ctx, 'fieldsToClear', 'Fields to Clear', itemIndex, ''));
	if (!Object.keys(body).length) {
		throw invalidField(
			node,
			itemIndex,
			'Update Fields',
			'is empty: there is nothing to change',
			'Add at least one field to Update Fields or Collections Account, or choose Fields to Clear.',
		);
	}
	return {
		itemIndex,
		customerId,
		path: `/customers/${segment}`,
		body,
		sensitive: [ssnLastFour, dateOfBirth],
	};
}

/**
 * Adds `null` to `body` for each field of Fields to Clear (`secondaryPhone`, `address.city`,
 * `collections`, …), in place.
 *
 * @throws NodeOperationError for an unknown field, a field also given a value, a block cleared
 *   while one of its fields is given, or SSN Last Four / Date of Birth cleared while a
 *   Collections Account is given.
 */
function applyClears(node: INode, itemIndex: number, body: IDataObject, raw: unknown): void {
	if (isBlank(raw)) return;
	const list = typeof raw === 'string' ? raw.split(',').map((entry) => entry.trim()) : raw;
	if (!Array.isArray(list)) throw invalidField(node, itemIndex, 'Fields to Clear', 'must be a list of fields');
	const clears = [...new Set(list.filter((entry) => !isBlank(entry)).map(String))];
	for (const path of clears) {
		const label = CLEARABLE_FIELDS.get(path);
		if (!label) {
			throw invalidField(
				node,
				itemIndex,
				'Fields to Clear',
				`names a field that cannot be cleared: "${path.slice(0, 60)}"`,
				`Fields that can be cleared: ${[...CLEARABLE_FIELDS.keys()].join(', ')}.`,
			);
		}
		const [block, field] = path.split('.') as [string, string | undefined];
		const conflict = (what: string) =>
			invalidField(
				node,
				itemIndex,
				'Fields to Clear',
				`clears ${label}, but ${what}`,
				'Either change a field or clear it.',
			);
		if (field === undefined) {
			if (block in body) {
				throw conflict(
					block === 'address' || block === 'collections'
						? `fields of it are also given or cleared`
						: 'it is also given a new value',
				);
			}
			body[block] = null;
			continue;
		}
		const current = body[block];
		if (current === null)
			throw conflict(`the whole ${block === 'address' ? 'Address' : 'Collections Account'} is cleared too`);
		const target = (current ?? {}) as IDataObject;
		if (field in target) throw conflict('it is also given a new value');
		target[field] = null;
		body[block] = target;
	}
	const collections = body.collections;
	if (collections && typeof collections === 'object') {
		for (const [key, label] of [
			['ssnLastFour', 'SSN Last Four'],
			['dateOfBirth', 'Date of Birth'],
		] as const) {
			if (body[key] === null) {
				throw invalidField(
					node,
					itemIndex,
					'Fields to Clear',
					`clears ${label}, but a Collections Account is given`,
					'Veritus needs SSN Last Four and Date of Birth for every customer with a collections account.',
				);
			}
		}
	}
}
