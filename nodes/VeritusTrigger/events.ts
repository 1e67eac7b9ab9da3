import type { IDataObject } from 'n8n-workflow';

/**
 * The events Veritus sends to a webhook URL, and how the trigger turns one into an output item.
 * docs/trigger.md, "Events and outputs".
 *
 * From the API document's `webhooks` (`../shared/veritus-api/provider-openapi.json`): events are told
 * apart by `type`:
 * - `call-created` carries `callCreated{id, threadId, toPhoneNumber, fromPhoneNumber, createdAt}`;
 * - `call-ended` carries `callEnded{id, customerId, threadId, toPhoneNumber, fromPhoneNumber,
 *   direction, endedReason, recordingUrl, durationMs, endedAt, createdAt, messages[],
 *   inputVariables, outputVariables}`;
 * - `drip-campaign.call-created` and `drip-campaign.call-ended` carry the same objects;
 * - `drip-campaign.sms` carries `sms{id, message, toPhoneNumber, fromPhoneNumber, createdAt}` and,
 *   at the top, `threadId` and `direction`.
 * Every event also has `id`, `name`, `customerId`, `status` and `createdAt` at the top. The document
 * describes `id`, `name` and `status` as the drip campaign's even for plain call events, so they are
 * read as the drip campaign's only on `drip-campaign.*` events, and any of them may be absent.
 *
 * Nothing here depends on the order events arrive in: `call-ended` may come before `call-created`,
 * and each event is shaped from its own body alone.
 */

/** The event types the API document names, in the order the Events parameter lists them. */
export const KNOWN_EVENT_TYPES = [
	'call-created',
	'call-ended',
	'drip-campaign.call-created',
	'drip-campaign.call-ended',
	'drip-campaign.sms',
] as const;

/** One of {@link KNOWN_EVENT_TYPES}. */
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];

/** The Events parameter's value for every type the API document does not name (or a body without `type`). */
export const OTHER_EVENT_TYPES = 'other';

/** Event types whose body carries `callEnded` (and so a recording URL). */
export const CALL_ENDED_TYPES: readonly string[] = ['call-ended', 'drip-campaign.call-ended'];

/** A parsed webhook body: a JSON object, loosely typed (the trigger never rejects a body for its shape). */
export type VeritusEvent = IDataObject;

/**
 * Whether the Events parameter lets `type` through. An unknown type (or none) passes when
 * {@link OTHER_EVENT_TYPES} is selected; it never causes an error.
 *
 * @param type the body's `type` (anything; non-strings count as unknown)
 * @param selected the Events parameter's values
 */
export function isSelected(type: unknown, selected: readonly string[]): boolean {
	if (typeof type === 'string' && (KNOWN_EVENT_TYPES as readonly string[]).includes(type))
		return selected.includes(type);
	return selected.includes(OTHER_EVENT_TYPES);
}

/**
 * The identity of an event for recognising a redelivery: its type and the ID of the call (call
 * events) or of the SMS (`drip-campaign.sms`), e.g. `call-ended:0b7c…`. Two deliveries of the same
 * event have the same key; `call-created` and `call-ended` of one call have different keys.
 *
 * @returns `undefined` when the body has no type or no such ID (an unknown type, an incomplete
 *   body): such an event is never treated as a redelivery.
 */
export function eventKey(event: VeritusEvent): string | undefined {
	const type = stringOrNull(event.type);
	if (!type) return undefined;
	const id = stringOrNull(callOf(event)?.id) ?? (type === 'drip-campaign.sms' ? stringOrNull(smsOf(event)?.id) : null);
	return id ? `${type}:${id}` : undefined;
}

/**
 * The flat output of one event (Simplify on). Every item has the same keys, `null` where the event
 * has no such field, so that rows line up in a sheet whatever the event type:
 *
 * | Key | From |
 * | --- | --- |
 * | `event` | `type` |
 * | `callId` | `callCreated.id` / `callEnded.id` |
 * | `customerId` | `callEnded.customerId`, else the top-level `customerId` |
 * | `threadId` | `callCreated.threadId` / `callEnded.threadId`, else the top-level `threadId` (SMS) |
 * | `toPhoneNumber`, `fromPhoneNumber` | the call's or the SMS's (E.164) |
 * | `direction` | `callEnded.direction`, else the top-level `direction` (SMS) |
 * | `endedReason` | `callEnded.endedReason` |
 * | `durationSeconds` | `callEnded.durationMs` / 1000 (seconds, with milliseconds as decimals) |
 * | `createdAt`, `endedAt` | the call's (or the SMS's) ISO 8601 times |
 * | `recordingUrl` | `callEnded.recordingUrl` (signed; valid for about 30 minutes) |
 * | `outputVariables`, `inputVariables` | `callEnded.outputVariables` (object or `null`), `callEnded.inputVariables` |
 * | `transcript` | `callEnded.messages` as text, see {@link transcriptText} |
 * | `messages` | `callEnded.messages` as sent (array, `[]` when absent) |
 * | `smsId`, `smsMessage` | `sms.id`, `sms.message` |
 * | `dripCampaignId`, `dripCampaignName`, `dripCampaignStatus` | top-level `id`, `name`, `status` of `drip-campaign.*` events |
 *
 * @param event the parsed body
 */
export function simplifyEvent(event: VeritusEvent): IDataObject {
	const type = stringOrNull(event.type);
	const call = callOf(event);
	const ended = isObject(event.callEnded) ? (event.callEnded as IDataObject) : undefined;
	const sms = smsOf(event);
	const drip = typeof type === 'string' && type.startsWith('drip-campaign.');
	const durationMs = numberOrNull(ended?.durationMs);
	const messages = Array.isArray(ended?.messages) ? (ended?.messages as IDataObject[]) : [];
	return {
		event: type,
		callId: stringOrNull(call?.id),
		customerId: stringOrNull(ended?.customerId) ?? stringOrNull(event.customerId),
		threadId: stringOrNull(call?.threadId) ?? stringOrNull(event.threadId),
		toPhoneNumber: stringOrNull(call?.toPhoneNumber) ?? stringOrNull(sms?.toPhoneNumber),
		fromPhoneNumber: stringOrNull(call?.fromPhoneNumber) ?? stringOrNull(sms?.fromPhoneNumber),
		direction: stringOrNull(ended?.direction) ?? stringOrNull(event.direction),
		endedReason: stringOrNull(ended?.endedReason),
		durationSeconds: durationMs === null ? null : durationMs / 1000,
		createdAt: stringOrNull(call?.createdAt) ?? stringOrNull(sms?.createdAt) ?? stringOrNull(event.createdAt),
		endedAt: stringOrNull(ended?.endedAt),
		recordingUrl: stringOrNull(ended?.recordingUrl),
		outputVariables: isObject(ended?.outputVariables) ? (ended?.outputVariables as IDataObject) : null,
		inputVariables: isObject(ended?.inputVariables) ? (ended?.inputVariables as IDataObject) : null,
		transcript: ended ? transcriptText(messages) : null,
		messages,
		smsId: stringOrNull(sms?.id),
		smsMessage: stringOrNull(sms?.message),
		dripCampaignId: drip ? stringOrNull(event.id) : null,
		dripCampaignName: drip ? stringOrNull(event.name) : null,
		dripCampaignStatus: drip ? stringOrNull(event.status) : null,
	};
}

/**
 * A call's messages as readable text, one line per turn in the order sent:
 * `[m:ss] Agent: …` / `[m:ss] Customer: …`. The time is the turn's `secondsFromStart` (seconds
 * from the start of the call); a turn without it has no time. `role` `agent` reads "Agent", `user`
 * reads "Customer" (the API document's roles), any other role is written as sent. Turns without
 * text are left out.
 *
 * @returns the lines joined with `\n`; `''` for no turns
 */
export function transcriptText(messages: unknown[]): string {
	const lines: string[] = [];
	for (const message of messages) {
		if (!isObject(message)) continue;
		const turn = message as IDataObject;
		const text = typeof turn.message === 'string' ? turn.message.trim() : '';
		if (!text) continue;
		const role = turn.role === 'agent' ? 'Agent' : turn.role === 'user' ? 'Customer' : String(turn.role ?? 'Unknown');
		const seconds = numberOrNull(turn.secondsFromStart);
		lines.push(seconds === null ? `${role}: ${text}` : `[${clock(seconds)}] ${role}: ${text}`);
	}
	return lines.join('\n');
}

/** The `callCreated` or `callEnded` object of an event, whichever it has. */
function callOf(event: VeritusEvent): IDataObject | undefined {
	if (isObject(event.callEnded)) return event.callEnded as IDataObject;
	if (isObject(event.callCreated)) return event.callCreated as IDataObject;
	return undefined;
}

function smsOf(event: VeritusEvent): IDataObject | undefined {
	return isObject(event.sms) ? (event.sms as IDataObject) : undefined;
}

/** `m:ss` (minutes unbounded) of a number of seconds, rounded down. */
function clock(seconds: number): string {
	const whole = Math.max(0, Math.floor(seconds));
	return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

function isObject(value: unknown): boolean {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function numberOrNull(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
