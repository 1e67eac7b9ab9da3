import type { IExecuteFunctions } from 'n8n-workflow';

import { UUID_PATTERN } from './fields';
import { coerceIdentifier, customerIdPathSegment, preview, readParameter } from './validation';

/**
 * The customer-ID check every operation that takes a Customer ID shares (Call → Create,
 * Customer → Update, SMS and Email; later Drip Campaign).
 *
 * Veritus names a customer by the UUID it assigned (the `id` that Customer → Create returns). A
 * spreadsheet or CRM holds the team's own account number instead (Veritus keeps it as the
 * customer's `externalId`), and mapping that to Customer ID is the most likely mistake. It is a
 * **warning**, not a block: the item is still sent (Veritus answers for it), and the run shows
 * one execution hint that says where the UUID comes from.
 */

/** Whether `customerId` has the form of a Veritus customer ID: a UUID (8-4-4-4-12 hex digits, either case). */
export function isVeritusCustomerId(customerId: string): boolean {
	return UUID_PATTERN.test(customerId);
}

/** Most item indexes one warning lists by number; the rest are counted. */
const LISTED_ITEMS = 10;

/**
 * The warning for items whose Customer ID is not a UUID, or none when every ID is one.
 *
 * @param items the items about to be sent: their index and the Customer ID as sent.
 * @returns zero or one sentence, for the run's execution hints (type `warning`) and n8n's log.
 */
export function customerIdWarnings(items: ReadonlyArray<{ itemIndex: number; customerId: string }>): string[] {
	const odd = items.filter((item) => !isVeritusCustomerId(item.customerId));
	if (!odd.length) return [];
	const listed = odd
		.slice(0, LISTED_ITEMS)
		.map((item) => item.itemIndex)
		.join(', ');
	const more = odd.length > LISTED_ITEMS ? ` and ${odd.length - LISTED_ITEMS} more` : '';
	return [
		`The Customer ID of item${odd.length > 1 ? 's' : ''} ${listed}${more} is not a Veritus customer ID (a UUID), for example ${preview(odd[0].customerId)}: it looks like your own account number. Veritus names each customer by the UUID it assigns: create the customers with Customer → Create (or Create Many), keep the id field of its output, and map that id to Customer ID.`,
	];
}

/** A Customer ID as read from an item: the ID as sent, and its path segment. */
export interface CustomerIdField {
	/** The ID, trimmed (a number from a sheet becomes its digits). */
	customerId: string;
	/** The ID percent-encoded as exactly one URL path segment, for `/customers/{customerId}/…`. */
	segment: string;
}

/**
 * Reads and checks the `customerId` parameter of item `itemIndex` ("Customer ID"): text or a
 * whole number, at most 256 characters, no control characters, not `.` or `..`; percent-encoded
 * as one path segment. A value that is not a UUID is accepted here; {@link customerIdWarnings}
 * warns about it.
 *
 * @throws NodeOperationError `[item N] Customer ID …`.
 */
export function readCustomerId(ctx: IExecuteFunctions, itemIndex: number): CustomerIdField {
	const node = ctx.getNode();
	const customerId = coerceIdentifier(
		node,
		itemIndex,
		'Customer ID',
		readParameter(ctx, 'customerId', 'Customer ID', itemIndex),
	);
	return { customerId, segment: customerIdPathSegment(node, itemIndex, customerId) };
}
