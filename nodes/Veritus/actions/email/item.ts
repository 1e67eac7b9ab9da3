import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readCustomerId } from '../../helpers/customerId';
import {
	optionalEmail,
	optionalEmailList,
	optionalMessageText,
	optionalText,
	optionalUuid,
} from '../../helpers/fields';
import {
	generateSubjects,
	importSubject,
	readImportBase,
	readPersist,
	type PreparedImport,
} from '../../helpers/interactions';
import type { RunnerItem } from '../../helpers/runner';
import { invalidField, readCollection, readParameter } from '../../helpers/validation';

/** The subjects of Email → Generate: Persist on ("may have been generated and stored") and off (read-only). */
export const GENERATE_SUBJECTS = generateSubjects('email');

/** The subject of Email → Import and Import Many: "The email may have been imported". */
export const IMPORT_SUBJECT = importSubject('email');

/** One Email → Generate item, read and validated. */
export interface PreparedEmailGenerate extends RunnerItem {
	customerId: string;
	/** `/customers/{customerId}/interactions/email/generate`. */
	path: string;
	/** `EmailGenerateRequest`: `persist` (always sent) and `threadId` when given. */
	body: IDataObject & { persist: boolean };
}

/**
 * Reads and validates one item of Email → Generate: Customer ID, Persist (default true),
 * Additional Fields → Thread ID (a UUID). With Persist off the item's subject is read-only.
 *
 * @throws NodeOperationError `[item N] <Field> …`.
 */
export function prepareEmailGenerate(ctx: IExecuteFunctions, itemIndex: number): PreparedEmailGenerate {
	const node = ctx.getNode();
	const { customerId, segment } = readCustomerId(ctx, itemIndex);
	const persist = readPersist(ctx, itemIndex);
	const additional = readCollection(ctx, 'additionalFields', 'Additional Fields', itemIndex);
	const threadId = optionalUuid(node, itemIndex, 'Thread ID', additional.threadId);
	return {
		itemIndex,
		customerId,
		path: `/customers/${segment}/interactions/email/generate`,
		body: { persist, ...(threadId !== undefined ? { threadId } : {}) },
		subject: persist ? GENERATE_SUBJECTS.stored : GENERATE_SUBJECTS.draft,
	};
}

/**
 * Reads and validates one item of Email → Import or Import Many (API `EmailImportRequest`):
 * Customer ID, Direction, Timestamp (see `readImportBase`); From (an email address, required);
 * To (one or more addresses, required); Subject (text on one line; may be empty, sent as `""`,
 * for an email that had none); Plain Text Body and HTML Body (at least one of them must hold
 * text that is not white space, as the API requires; each sent exactly as written, only when it
 * holds text); Additional Fields → CC and BCC (addresses), Message ID (text), Thread ID (a UUID).
 *
 * @throws NodeOperationError `[item N] <Field> …`.
 */
export function prepareEmailImport(ctx: IExecuteFunctions, itemIndex: number): PreparedImport {
	const node = ctx.getNode();
	const read = (name: string, label: string, fallback?: string) => readParameter(ctx, name, label, itemIndex, fallback);
	const additional = readCollection(ctx, 'additionalFields', 'Additional Fields', itemIndex);
	const base = readImportBase(ctx, itemIndex, 'email', additional);
	const from = optionalEmail(node, itemIndex, 'From', read('from', 'From'));
	if (from === undefined) throw invalidField(node, itemIndex, 'From', 'is empty', "Map the sender's email address.");
	const to = optionalEmailList(node, itemIndex, 'To', read('to', 'To'));
	if (to === undefined) {
		throw invalidField(node, itemIndex, 'To', 'is empty', 'An email needs at least one recipient address.');
	}
	const subject = optionalText(node, itemIndex, 'Subject', read('subject', 'Subject', '')) ?? '';
	const plainTextBody = optionalMessageText(
		node,
		itemIndex,
		'Plain Text Body',
		read('plainTextBody', 'Plain Text Body', ''),
	);
	const htmlBody = optionalMessageText(node, itemIndex, 'HTML Body', read('htmlBody', 'HTML Body', ''));
	if (plainTextBody === undefined && htmlBody === undefined) {
		throw invalidField(
			node,
			itemIndex,
			'Plain Text Body or HTML Body',
			'is required: both are empty',
			'Veritus needs the content of the email: map its text to Plain Text Body, its HTML to HTML Body, or both.',
		);
	}
	const cc = optionalEmailList(node, itemIndex, 'CC', additional.cc);
	const bcc = optionalEmailList(node, itemIndex, 'BCC', additional.bcc);
	const messageId = optionalText(node, itemIndex, 'Message ID', additional.messageId);
	return {
		itemIndex,
		customerId: base.customerId,
		basePath: base.basePath,
		reference: `customer ${base.customerId}'s email of ${base.timestamp}`,
		errorFields: { timestamp: base.timestamp, ...(messageId !== undefined ? { messageId } : {}) },
		body: {
			direction: base.direction,
			timestamp: base.timestamp,
			from,
			to,
			...(cc !== undefined ? { cc } : {}),
			...(bcc !== undefined ? { bcc } : {}),
			subject,
			...(plainTextBody !== undefined ? { plainTextBody } : {}),
			...(htmlBody !== undefined ? { htmlBody } : {}),
			...(base.threadId !== undefined ? { threadId: base.threadId } : {}),
			...(messageId !== undefined ? { messageId } : {}),
		},
	};
}
