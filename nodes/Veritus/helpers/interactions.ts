import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import type { ErrorSubject } from '../transport/errors';
import { veritusApiError } from '../transport/errors';
import { readCustomerId } from './customerId';
import { optionalBoolean, optionalChoice, optionalDateTime, optionalUuid } from './fields';
import { answer, type ItemAnswer, type RunnerItem, type RunnerRequests } from './runner';
import { invalidField, readParameter } from './validation';

/**
 * What SMS and Email share (`actions/sms/`, `actions/email/`; two resources may not import each
 * other, so it lives here): the interaction endpoints of a customer
 * (`/customers/{customerId}/interactions/{channel}/…`), the fields every import has (direction,
 * timestamp, thread), Generate's Persist, the wording of their errors, and how one import and a
 * bulk import are sent and read back.
 */

/** The channels of `/customers/{customerId}/interactions/{channel}/…`. */
export type InteractionChannel = 'sms' | 'email';

/** The API's `direction` values: inbound (the customer wrote), outbound (the team wrote). */
export const DIRECTIONS = ['inbound', 'outbound'] as const;

/** The API's `direction`. */
export type Direction = (typeof DIRECTIONS)[number];

/** The API document's limit of `interactions` per bulk import (`minItems: 1`, `maxItems: 100`). */
export const MAX_INTERACTIONS_PER_REQUEST = 100;

/** How each channel is named in sentences. */
const NOUNS: Record<InteractionChannel, string> = { sms: 'SMS', email: 'email' };

/** Whether `value` is a plain object (a JSON record). */
export function isRecord(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The subject of SMS or Email → Import and Import Many: "The SMS may have been imported", with
 * the flag `smsMayHaveBeenImported` / `emailMayHaveBeenImported`. An import stores the message in
 * Veritus (its compliance counts see it); the API document gives no idempotency key, so an import
 * sent twice is stored twice.
 */
export function importSubject(channel: InteractionChannel): ErrorSubject {
	return Object.freeze({
		noun: NOUNS[channel],
		verb: 'import',
		done: 'imported',
		unknownFlag: `${channel}MayHaveBeenImported`,
		request: 'request',
	});
}

/**
 * The subjects of SMS or Email → Generate. With Persist on (the API's default), Veritus stores
 * the generated message as an outbound interaction: "The SMS may have been generated and stored",
 * flag `smsMayHaveBeenStored`. With Persist off nothing is stored: a read-only subject, so no
 * error says anything "may have" happened and a retry is harmless.
 */
export function generateSubjects(channel: InteractionChannel): { stored: ErrorSubject; draft: ErrorSubject } {
	const noun = NOUNS[channel];
	const unknownFlag = `${channel}MayHaveBeenStored`;
	return {
		stored: Object.freeze({
			noun,
			verb: 'generate and store',
			done: 'generated and stored',
			unknownFlag,
			request: 'request',
		}),
		draft: Object.freeze({
			noun,
			verb: 'generate',
			done: 'generated',
			unknownFlag,
			request: 'request',
			readOnly: true,
		}),
	};
}

/** One SMS or email to import, read and validated. */
export interface PreparedImport extends RunnerItem {
	customerId: string;
	/** `/customers/{customerId}/interactions/{channel}`, the ID percent-encoded as one segment. */
	basePath: string;
	/** The interaction as the API takes it (`SmsImportRequest`, `EmailImportRequest`): one entry of a bulk import too. */
	body: IDataObject & { direction: Direction; timestamp: string };
}

/** The fields every import has, read from one item. */
export interface ImportBase {
	customerId: string;
	basePath: string;
	direction: Direction;
	/** The instant in UTC, `toISOString()` form. */
	timestamp: string;
	threadId?: string;
}

/**
 * Reads the fields every SMS and email import has: Customer ID (see `readCustomerId`), Direction
 * (`inbound` or `outbound`, required), Timestamp (an ISO 8601 date-time with a time zone,
 * required, sent in UTC) and Additional Fields → Thread ID (a UUID: the API's SMS import declares
 * `format: uuid`, and every `threadId` Veritus answers is one; see docs/email.md for the email
 * import, whose request schema says only "string").
 *
 * @param additional the item's Additional Fields collection.
 * @throws NodeOperationError `[item N] <Field> …`.
 */
export function readImportBase(
	ctx: IExecuteFunctions,
	itemIndex: number,
	channel: InteractionChannel,
	additional: IDataObject,
): ImportBase {
	const node = ctx.getNode();
	const { customerId, segment } = readCustomerId(ctx, itemIndex);
	const direction = optionalChoice(
		node,
		itemIndex,
		'Direction',
		readParameter(ctx, 'direction', 'Direction', itemIndex),
		DIRECTIONS,
	);
	if (direction === undefined) {
		throw invalidField(node, itemIndex, 'Direction', 'is empty', 'Choose Inbound or Outbound.');
	}
	const timestamp = optionalDateTime(
		node,
		itemIndex,
		'Timestamp',
		readParameter(ctx, 'timestamp', 'Timestamp', itemIndex),
	);
	if (timestamp === undefined) {
		throw invalidField(
			node,
			itemIndex,
			'Timestamp',
			'is empty',
			`Map when the ${NOUNS[channel]} was sent or received, such as {{ $json.sent_at }}.`,
		);
	}
	const threadId = optionalUuid(node, itemIndex, 'Thread ID', additional.threadId);
	return {
		customerId,
		basePath: `/customers/${segment}/interactions/${channel}`,
		direction,
		timestamp,
		...(threadId !== undefined ? { threadId } : {}),
	};
}

/**
 * Reads Generate's **Persist** of one item (API `persist`, default true): `true`, `false`, or
 * the text of either.
 *
 * @throws NodeOperationError `[item N] Persist must be true or false …`.
 */
export function readPersist(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return optionalBoolean(
		ctx.getNode(),
		itemIndex,
		'Persist',
		readParameter(ctx, 'persist', 'Persist', itemIndex),
		true,
	);
}

/**
 * Reads "Interactions Per Request" of Import Many (node-wide, from Options): a whole number from
 * 1 to {@link MAX_INTERACTIONS_PER_REQUEST}; not set → the maximum.
 */
export function readInteractionsPerRequest(ctx: IExecuteFunctions): number {
	const options = ctx.getNodeParameter('options', 0, {}) as { chunkSize?: unknown };
	const value = options.chunkSize;
	return typeof value === 'number' && Number.isFinite(value)
		? Math.min(MAX_INTERACTIONS_PER_REQUEST, Math.max(1, Math.floor(value)))
		: MAX_INTERACTIONS_PER_REQUEST;
}

/**
 * Sends one SMS or email import (`POST {basePath}/import`) and reads the answer: the interaction
 * as Veritus returned it (`{ id, threadId, channel, direction, customerId, timestamp, createdAt }`,
 * and an email's `messageId`).
 *
 * @throws NodeApiError: the mapped error for a status outside 2xx (404 names the customer); for
 *   a 2xx without the interaction's `id`, an error saying the outcome is unknown.
 */
export async function sendImport(
	channel: InteractionChannel,
	item: PreparedImport,
	requests: RunnerRequests,
): Promise<ItemAnswer[]> {
	const response = await requests.send({ method: 'POST', path: `${item.basePath}/import`, body: item.body });
	const data = requests.data(response);
	if (!isRecord(data) || typeof data.id !== 'string') {
		throw requests.error(
			`Veritus answered HTTP ${response.statusCode} without the ${NOUNS[channel]}'s id`,
			`The answer does not have the published shape, so the node cannot tell whether the ${NOUNS[channel]} was imported.`,
			'unknown',
			response.statusCode,
		);
	}
	return [answer(data)];
}

/**
 * Whether a bulk import's success result can be the import of `item`: the fields the answer
 * repeats (`channel`, `direction`, `timestamp` as an instant, `customerId` without case, an
 * email's `messageId`) agree with what was sent. A field the answer leaves out is not compared.
 */
function sameInteraction(channel: InteractionChannel, interaction: IDataObject, item: PreparedImport): boolean {
	const { body } = item;
	if (interaction.channel !== undefined && interaction.channel !== channel) return false;
	if (interaction.direction !== undefined && interaction.direction !== body.direction) return false;
	if (typeof interaction.timestamp === 'string' && Date.parse(interaction.timestamp) !== Date.parse(body.timestamp)) {
		return false;
	}
	if (
		typeof interaction.customerId === 'string' &&
		interaction.customerId.toLowerCase() !== item.customerId.toLowerCase()
	) {
		return false;
	}
	if (
		typeof interaction.messageId === 'string' &&
		typeof body.messageId === 'string' &&
		interaction.messageId !== body.messageId
	) {
		return false;
	}
	return true;
}

/**
 * Sends one bulk import of one customer's items (`POST {basePath}/import/bulk` with
 * `{ interactions }`, 1 to 100 of them) and maps `data.results` back to the items.
 *
 * The API document's results are `{ success: true, interaction }` or `{ success: false, index,
 * error }`: only a failure names its `index` in the request's `interactions`. So each failure goes
 * to the item at its `index`, and the successes, in their order, to the other items in request
 * order. That holds whether Veritus lists the results in request order (its example) or the
 * successes first. Each success is checked against its item (channel, direction, timestamp,
 * customer, an email's message ID).
 *
 * - a success → the interaction as Veritus returned it, on the one output;
 * - a failure → an error for that item alone: Veritus did not import it, and says why.
 *
 * @throws NodeApiError for an answer that cannot be mapped back (no results list, a count that
 *   differs, an `index` out of range or named twice, a success that does not match its item):
 *   every item of the request may have been imported. The runner gives each item of a request
 *   that fails as a whole (timeout, reset, 4xx, 5xx) its own copy of the error.
 */
export async function sendImportBulk(
	node: INode,
	channel: InteractionChannel,
	items: PreparedImport[],
	requests: RunnerRequests,
	subject: ErrorSubject,
): Promise<ItemAnswer[]> {
	const noun = NOUNS[channel];
	const response = await requests.send({
		method: 'POST',
		path: `${items[0].basePath}/import/bulk`,
		body: { interactions: items.map((item) => item.body) },
	});
	const data = requests.data(response);
	const unreadable = (why: string) =>
		requests.error(
			`Veritus's answer to the bulk import cannot be mapped back to its ${noun === 'SMS' ? 'SMS' : 'emails'}: ${why}`,
			`The node cannot tell which ${noun === 'SMS' ? 'SMS' : 'emails'} were imported.`,
			'unknown',
			response.statusCode,
		);
	const results = isRecord(data) ? data.results : undefined;
	if (!Array.isArray(results)) throw unreadable('it has no results list');
	if (results.length !== items.length) throw unreadable(`${results.length} results for ${items.length} interactions`);

	const failures = new Map<number, string>();
	const successes: IDataObject[] = [];
	results.forEach((result: unknown, position) => {
		if (!isRecord(result)) throw unreadable(`result ${position} is not an object`);
		if (result.success === false) {
			const index = result.index;
			if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= items.length) {
				throw unreadable(`result ${position} names no interaction of the request (index ${String(index)})`);
			}
			if (failures.has(index)) throw unreadable(`index ${index} is named by two results`);
			failures.set(index, typeof result.error === 'string' ? result.error.trim() : '');
			return;
		}
		if (result.success === true && isRecord(result.interaction) && typeof result.interaction.id === 'string') {
			successes.push(result.interaction);
			return;
		}
		throw unreadable(`result ${position} says neither success with an interaction nor failure`);
	});

	let next = 0;
	return items.map((item, index): ItemAnswer => {
		if (failures.has(index)) {
			const text = failures.get(index) ?? '';
			return {
				error: veritusApiError(
					node,
					{
						itemIndex: item.itemIndex,
						customerId: item.customerId,
						reference: item.reference,
						context: item.errorFields,
						subject,
						certainty: 'notPlaced',
						httpCode: response.statusCode,
					},
					`Veritus did not import the ${noun}${text ? `: ${text.slice(0, 300)}` : ''}`,
					`Veritus answered this ${noun} of the bulk import on its own as not imported. Fix the item's fields and run it again.`,
				),
			};
		}
		const interaction = successes[next++];
		if (!sameInteraction(channel, interaction, item)) {
			throw unreadable(`the interaction answered for position ${index} does not match what was sent there`);
		}
		return answer(interaction);
	});
}
