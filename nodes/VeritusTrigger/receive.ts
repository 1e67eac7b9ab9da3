import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { eventKey, isSelected, KNOWN_EVENT_TYPES, OTHER_EVENT_TYPES, simplifyEvent, type VeritusEvent } from './events';
import { DEFAULT_RECORD_SIZE, RedeliveryRecord, type ProcessedDataStore } from './redelivery';
import {
	DEFAULT_TOLERANCE_SECONDS,
	REJECT_MESSAGES,
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	verifySignature,
	type RejectReason,
} from './signature';

/**
 * What the Veritus Trigger does with one webhook request, in order. docs/trigger.md, "Veritus Trigger".
 *
 * 1. **Verify** (unless Signature Verification is None): the HMAC of the timestamp and the raw body
 *    bytes n8n read (`req.rawBody`; see {@link rawBodyOf}) against `X-Webhook-Signature`, and the
 *    timestamp against the tolerance. A failure is answered **401** at once, starts no execution, and
 *    logs one warning naming the reason (never the signature or the secret).
 * 2. **Parse** the raw bytes as JSON (n8n's parsed body only when there are no raw bytes, which can
 *    only be an unsigned request). A body that is not a JSON object gets **400** and no execution.
 * 3. **Filter** by the Events parameter: an unselected type is answered 200 and starts nothing.
 * 4. **Redeliveries**: an event whose key (type + call ID, or type + SMS ID) was seen before is
 *    dropped (200, nothing started) or passed on with `redelivered: true`. Listening for a test
 *    event (manual mode) neither reads nor writes the record.
 * 5. **Shape** one item (Simplify on: flat fields; off: the body and the verified headers) and hand
 *    it to n8n, which answers 200 once the execution is created (`responseMode: onReceived`), before
 *    the workflow runs, so a slow workflow never makes Veritus retry.
 */

/** The credential type that holds the webhook secret. */
export const SECRET_CREDENTIAL = 'veritusWebhookSecretApi';

/** The Signature Verification value that accepts unsigned events. */
export const NO_VERIFICATION = 'none';

/** The trigger's Options collection, with defaults applied. */
export interface TriggerOptions {
	/** Accepted clock difference of `X-Webhook-Timestamp`, in seconds, past and future. */
	timestampToleranceSeconds: number;
	/** What a redelivered event does: `drop` (default) or `passThrough` (marked `redelivered: true`). */
	redeliveredEvent: 'drop' | 'passThrough';
	/** Most events remembered to recognise redeliveries (oldest forgotten first). */
	redeliveryRecordSize: number;
	/** Whether call-ended events get their recording as binary data (in execute()). */
	downloadRecording: boolean;
	/** The binary property for the recording. */
	recordingBinaryProperty: string;
}

/** Reads the Options collection of the node and fills in the defaults. */
export function readOptions(raw: IDataObject): TriggerOptions {
	const tolerance = Number(raw.timestampToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
	const size = Number(raw.redeliveryRecordSize ?? DEFAULT_RECORD_SIZE);
	return {
		timestampToleranceSeconds: Number.isFinite(tolerance) && tolerance >= 0 ? tolerance : DEFAULT_TOLERANCE_SECONDS,
		redeliveredEvent: raw.redeliveredEvent === 'passThrough' ? 'passThrough' : 'drop',
		redeliveryRecordSize: Number.isFinite(size) && size >= 1 ? Math.floor(size) : DEFAULT_RECORD_SIZE,
		downloadRecording: raw.downloadRecording === true,
		recordingBinaryProperty:
			typeof raw.recordingBinaryProperty === 'string' && raw.recordingBinaryProperty.trim()
				? raw.recordingBinaryProperty.trim()
				: 'recording',
	};
}

/**
 * Handles one webhook request (the node's `webhook()`).
 *
 * @returns `{ workflowData }` with one item to start an execution; `{ webhookResponse }` (200, no
 *   execution) for an unselected type or a dropped redelivery; `{ noWebhookResponse: true }` after
 *   answering 401 (verification failed), 400 (not a JSON object) or 500 (no secret to verify with)
 *   itself.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const options = readOptions(this.getNodeParameter('options', {}) as IDataObject);
	const verification = this.getNodeParameter('authentication', SECRET_CREDENTIAL) as string;
	const headers = request.headers ?? {};
	const receivedAtMs = Date.now();
	const rawBody = await rawBodyOf(request);

	let signatureVerified = false;
	if (verification !== NO_VERIFICATION) {
		const secret = await secretOf(this);
		if (!secret) {
			this.logger.error(
				`Veritus Trigger "${this.getNode().name}": no Veritus Webhook Secret credential to verify the event with (answered 500, no execution). Select the credential, or set Signature Verification to None to accept unsigned events.`,
				{ workflowId: this.getWorkflow().id, node: this.getNode().name },
			);
			return answer(this, 500, {
				message: 'The n8n workflow has no webhook secret to verify this event with',
			});
		}
		const result = verifySignature({
			secret,
			rawBody,
			signature: headers[SIGNATURE_HEADER],
			timestamp: headers[TIMESTAMP_HEADER],
			toleranceSeconds: options.timestampToleranceSeconds,
			nowMs: receivedAtMs,
		});
		if (!result.valid) return reject(this, result.reason);
		signatureVerified = true;
	}

	const event = parseEvent(rawBody, this.getBodyData());
	if (!event) {
		this.logger.warn(
			`Veritus Trigger "${this.getNode().name}": rejected a webhook request (HTTP 400): the body is not a JSON object`,
			{ workflowId: this.getWorkflow().id, node: this.getNode().name },
		);
		return answer(this, 400, { message: 'Webhook rejected: the body is not a JSON object' });
	}

	const selected = this.getNodeParameter('events', [...KNOWN_EVENT_TYPES, OTHER_EVENT_TYPES]) as string[];
	if (!isSelected(event.type, selected)) {
		return { webhookResponse: { received: true, started: false, reason: 'event type not selected' } };
	}

	let redelivered = false;
	const key = eventKey(event);
	if (key && this.getMode() !== 'manual') {
		const record = new RedeliveryRecord(
			`${String(this.getWorkflow().id ?? '')}\u0000${this.getNode().name}`,
			this.getWorkflowStaticData('node'),
			options.redeliveryRecordSize,
			processedDataStoreOf(this),
		);
		const admission = await record.admit(key);
		redelivered = admission.redelivered;
		if (admission.storeError)
			this.logger.warn(
				`Veritus Trigger "${this.getNode().name}": could not check n8n's processed-data store (${admission.storeError}); ${key} starts an execution and only this n8n process remembers it`,
				{ workflowId: this.getWorkflow().id, node: this.getNode().name },
			);
		if (redelivered) {
			const dropped = options.redeliveredEvent === 'drop';
			this.logger.info(
				`Veritus Trigger "${this.getNode().name}": ${key} was delivered again; ${dropped ? 'dropped (no execution)' : 'passed on with redelivered: true'}`,
				{ workflowId: this.getWorkflow().id, node: this.getNode().name },
			);
			if (dropped) return { webhookResponse: { received: true, started: false, reason: 'redelivered event' } };
		}
	}

	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const receivedAt = new Date(receivedAtMs).toISOString();
	const json: IDataObject = simplify
		? { ...simplifyEvent(event), signatureVerified, redelivered, receivedAt }
		: { body: event, headers: verifiedHeaders(headers), signatureVerified, redelivered, receivedAt };
	return { workflowData: [[{ json }]] };
}

/**
 * The raw body bytes n8n read for this request. n8n 2.x's webhook handler reads the body with its
 * `rawBodyReader` (`req.readRawBody()`, which keeps the bytes in `req.rawBody`) before it parses JSON,
 * for every webhook node of type version 1 (n8n's `parseRequestBody`). If the bytes are not there yet
 * (a host that parses lazily), they are read now.
 *
 * @returns the bytes, or `undefined` when the host kept none (then a signed request is rejected with
 *   `raw-body-unavailable`: the trigger never hashes a re-serialised body).
 */
export async function rawBodyOf(request: {
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
}): Promise<Buffer | undefined> {
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		try {
			await request.readRawBody();
		} catch {
			return undefined; // the stream was already consumed: there are no raw bytes to verify
		}
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

/**
 * The event as a JSON object: parsed from the raw bytes when there are some (a UTF-8 byte-order mark
 * is skipped), else n8n's parsed body.
 *
 * @returns `undefined` when the body is not a JSON object (an array, text, invalid JSON, empty).
 */
export function parseEvent(rawBody: Buffer | undefined, parsedBody: unknown): VeritusEvent | undefined {
	let value: unknown = parsedBody;
	if (rawBody) {
		try {
			value = JSON.parse(rawBody.toString('utf8').replace(/^\uFEFF/, ''));
		} catch {
			return undefined;
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as VeritusEvent) : undefined;
}

/** The two signature headers as received, for Simplify off (the signature is not the secret). */
function verifiedHeaders(headers: Record<string, string | string[] | undefined>): IDataObject {
	const picked: IDataObject = {};
	for (const name of [SIGNATURE_HEADER, TIMESTAMP_HEADER]) {
		if (headers[name] !== undefined) picked[name] = headers[name] as string | string[];
	}
	return picked;
}

/** The secret's value from the node's credential, trimmed; `undefined` when none is selected or readable. */
async function secretOf(ctx: IWebhookFunctions): Promise<string | undefined> {
	if (!ctx.getNode().credentials?.[SECRET_CREDENTIAL]) return undefined;
	try {
		const credentials = await ctx.getCredentials(SECRET_CREDENTIAL);
		const secret = typeof credentials?.secret === 'string' ? credentials.secret.trim() : '';
		return secret || undefined;
	} catch {
		return undefined;
	}
}

/** The processed-data helpers, when the host's webhook context offers them (n8n 2.8's does not). */
function processedDataStoreOf(ctx: IWebhookFunctions): ProcessedDataStore | undefined {
	const helpers = ctx.helpers as unknown as Partial<ProcessedDataStore>;
	return typeof helpers.checkProcessedAndRecord === 'function' ? (helpers as ProcessedDataStore) : undefined;
}

/** Answers 401, logs the reason (never the signature or the secret), starts nothing. */
function reject(ctx: IWebhookFunctions, reason: RejectReason): IWebhookResponseData {
	ctx.logger.warn(
		`Veritus Trigger "${ctx.getNode().name}": rejected a webhook request (HTTP 401, no execution): ${reason}: ${REJECT_MESSAGES[reason]}`,
		{ workflowId: ctx.getWorkflow().id, node: ctx.getNode().name, reason },
	);
	return answer(ctx, 401, { message: `Webhook rejected: ${REJECT_MESSAGES[reason]}`, reason });
}

/** Writes the answer itself and tells n8n not to answer or start anything. */
function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}
