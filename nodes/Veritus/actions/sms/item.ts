import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readCustomerId } from '../../helpers/customerId';
import { optionalMessageText, optionalPhone, optionalPositiveInteger, optionalUuid } from '../../helpers/fields';
import {
	generateSubjects,
	importSubject,
	readImportBase,
	readPersist,
	type PreparedImport,
} from '../../helpers/interactions';
import type { RunnerItem } from '../../helpers/runner';
import { invalidField, readCollection, readParameter } from '../../helpers/validation';

/** The subjects of SMS → Generate: Persist on ("may have been generated and stored") and off (read-only). */
export const GENERATE_SUBJECTS = generateSubjects('sms');

/** The subject of SMS → Import and Import Many: "The SMS may have been imported". */
export const IMPORT_SUBJECT = importSubject('sms');

/** One SMS → Generate item, read and validated. */
export interface PreparedSmsGenerate extends RunnerItem {
	customerId: string;
	/** `/customers/{customerId}/interactions/sms/generate`. */
	path: string;
	/** `SmsGenerateRequest`: `from`, `persist` (always sent), and `to`, `threadId` when given. */
	body: IDataObject & { persist: boolean };
}

/**
 * Reads and validates one item of SMS → Generate: Customer ID, From (E.164, required), Persist
 * (default true), To (E.164; required when Persist is on, as the API requires it then, and sent
 * when given with Persist off), Additional Fields → Thread ID (a UUID). With Persist off the
 * item's subject is read-only: nothing is stored, so no error says the SMS may have been.
 *
 * @throws NodeOperationError `[item N] <Field> …`.
 */
export function prepareSmsGenerate(ctx: IExecuteFunctions, itemIndex: number): PreparedSmsGenerate {
	const node = ctx.getNode();
	const { customerId, segment } = readCustomerId(ctx, itemIndex);
	const from = optionalPhone(node, itemIndex, 'From', readParameter(ctx, 'from', 'From', itemIndex));
	if (from === undefined) {
		throw invalidField(
			node,
			itemIndex,
			'From',
			'is empty',
			"Map your organization's phone number, such as +12025550100.",
		);
	}
	const persist = readPersist(ctx, itemIndex);
	const to = optionalPhone(node, itemIndex, 'To', readParameter(ctx, 'to', 'To', itemIndex, ''));
	if (to === undefined && persist) {
		throw invalidField(
			node,
			itemIndex,
			'To',
			'is required when Persist is on',
			"Veritus stores a persisted SMS with the customer's number: map it to To, or turn Persist off to only draft the text.",
		);
	}
	const additional = readCollection(ctx, 'additionalFields', 'Additional Fields', itemIndex);
	const threadId = optionalUuid(node, itemIndex, 'Thread ID', additional.threadId);
	return {
		itemIndex,
		customerId,
		path: `/customers/${segment}/interactions/sms/generate`,
		body: {
			from,
			...(to !== undefined ? { to } : {}),
			persist,
			...(threadId !== undefined ? { threadId } : {}),
		},
		subject: persist ? GENERATE_SUBJECTS.stored : GENERATE_SUBJECTS.draft,
	};
}

/**
 * Reads and validates one item of SMS → Import or Import Many (API `SmsImportRequest`): Customer
 * ID, Direction, Timestamp (see `readImportBase`), From and To (E.164, required), Body (at least
 * one character that is not white space, sent exactly as written; tabs and line breaks allowed),
 * Additional Fields → Segments (a whole number ≥ 1) and Thread ID (a UUID).
 *
 * @throws NodeOperationError `[item N] <Field> …`.
 */
export function prepareSmsImport(ctx: IExecuteFunctions, itemIndex: number): PreparedImport {
	const node = ctx.getNode();
	const additional = readCollection(ctx, 'additionalFields', 'Additional Fields', itemIndex);
	const base = readImportBase(ctx, itemIndex, 'sms', additional);
	const phone = (name: string, label: string) => {
		const value = optionalPhone(node, itemIndex, label, readParameter(ctx, name, label, itemIndex));
		if (value === undefined) throw invalidField(node, itemIndex, label, 'is empty', `Map a phone number to ${label}.`);
		return value;
	};
	const from = phone('from', 'From');
	const to = phone('to', 'To');
	const body = optionalMessageText(node, itemIndex, 'Body', readParameter(ctx, 'body', 'Body', itemIndex));
	if (body === undefined) {
		throw invalidField(node, itemIndex, 'Body', 'is empty', 'Map the text of the SMS to Body.');
	}
	const segments = optionalPositiveInteger(node, itemIndex, 'Segments', additional.segments);
	return {
		itemIndex,
		customerId: base.customerId,
		basePath: base.basePath,
		reference: `customer ${base.customerId}'s SMS of ${base.timestamp}`,
		errorFields: { timestamp: base.timestamp },
		body: {
			direction: base.direction,
			timestamp: base.timestamp,
			from,
			to,
			body,
			...(base.threadId !== undefined ? { threadId: base.threadId } : {}),
			...(segments !== undefined ? { segments } : {}),
		},
	};
}
