import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { answer, type ItemAnswer } from '../../helpers/runner';
import type { ErrorSubject } from '../../transport/errors';

/** The subject of Customer → Create and Create Many, for error wording: "The customer may have been created". */
export const CREATE_SUBJECT: ErrorSubject = Object.freeze({
	noun: 'customer',
	verb: 'create',
	done: 'created',
	unknownFlag: 'customerMayHaveBeenCreated',
	request: 'request',
});

/** The subject of Customer → Update: "The customer may have been updated". */
export const UPDATE_SUBJECT: ErrorSubject = Object.freeze({
	noun: 'customer',
	verb: 'update',
	done: 'updated',
	unknownFlag: 'customerMayHaveBeenUpdated',
	request: 'request',
});

/**
 * Where the items of Create and Create Many go (parameter Output Layout; the node's outputs
 * expression in `actions/description.ts` shows the same outputs):
 * - "Created and Already Exists" (`split`, default): output 0 **Created**, output 1 **Already
 *   Exists**; error items (when the node continues on fail) go to output 1 too, as Call → Create
 *   puts them with Failed, so that Created only ever holds customers Veritus created (and n8n's
 *   Retry On Fail, which looks at output 0's first item, never mistakes it for a failure);
 * - "Single Output": everything on output 0; branch on `alreadyExists`.
 */
export interface CreateLayout {
	outputs: number;
	created: number;
	alreadyExists: number;
	errors: number;
}

/** Reads Output Layout (node-wide, item 0). */
export function readCreateLayout(ctx: IExecuteFunctions): CreateLayout {
	const split = ctx.getNodeParameter('outputLayout', 0, 'split') !== 'single';
	return split
		? { outputs: 2, created: 0, alreadyExists: 1, errors: 1 }
		: { outputs: 1, created: 0, alreadyExists: 0, errors: 0 };
}

/** The answer for a customer Veritus created: the customer record as Veritus returned it, and `alreadyExists: false`. */
export function createdAnswer(record: IDataObject, layout: CreateLayout): ItemAnswer {
	return answer({ ...record, alreadyExists: false }, layout.created);
}

/**
 * The answer for an External ID Veritus already has (409 on Create; a bulk result whose `error`
 * says so): not an error in a sync. Veritus does not say which customer has it, so `id` is null.
 *
 * @param message Veritus's own sentence (the 409's `publicFacingMessage`, the bulk result's `error`).
 */
export function alreadyExistsAnswer(externalId: string, message: string | undefined, layout: CreateLayout): ItemAnswer {
	return answer({ alreadyExists: true, externalId, id: null, message: message ?? null }, layout.alreadyExists);
}

/**
 * Whether a bulk result's `error` says the External ID already exists. The API document's example
 * reads `Customer with external ID 'CUST-123456' already exists`; the 409 of Create reads
 * `A customer with external ID '…' already exists.`.
 */
export function saysAlreadyExists(text: string): boolean {
	return /external\s*id\b/i.test(text) && /\balready exists\b/i.test(text);
}

/** Whether `value` is a plain object (a JSON record). */
export function isRecord(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}
