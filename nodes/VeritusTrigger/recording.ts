import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { CALL_ENDED_TYPES } from './events';

/**
 * Downloading a call's recording into the item's binary data. README, "Veritus Trigger".
 *
 * `callEnded.recordingUrl` is a signed URL that expires after about 30 minutes (the API document's
 * `CallEnded.recordingUrl`), so a workflow that must keep the audio downloads it at once. The
 * download runs in the execution the event started (the trigger's execute(), on a queue-mode worker
 * when there is one), never while Veritus waits for its answer: the webhook is answered first.
 *
 * A failed download never fails the event: the item keeps every field and gets `recordingError`,
 * a sentence saying what went wrong (without the signed URL, which works as a password while valid).
 */

/** Longest wait for a recording, in milliseconds. */
export const RECORDING_TIMEOUT_MS = 120_000;

/** File extensions by audio MIME type, for the binary file name. */
const EXTENSIONS: Record<string, string> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/ogg': 'ogg',
	'audio/webm': 'webm',
	'audio/mp4': 'm4a',
	'audio/aac': 'aac',
	'audio/flac': 'flac',
};

/** The options of {@link downloadRecordings}. */
export interface RecordingOptions {
	/** Whether the trigger's output items are simplified (the URL is `recordingUrl`), else raw (`body.callEnded.recordingUrl`). */
	simplify: boolean;
	/** The binary property that receives the audio, e.g. `recording`. */
	binaryProperty: string;
}

/**
 * The recording URL and call ID of an output item of the trigger, when it is a call-ended event.
 *
 * @returns `undefined` for items of other events; `{ url: undefined }` for a call-ended event
 *   without a URL.
 */
export function recordingOf(
	json: IDataObject,
	simplify: boolean,
): { url: string | undefined; callId: string | undefined } | undefined {
	const source = simplify ? json : ((json.body as IDataObject | undefined) ?? {});
	const type = simplify ? json.event : source.type;
	if (typeof type !== 'string' || !CALL_ENDED_TYPES.includes(type)) return undefined;
	const ended = simplify ? json : ((source.callEnded as IDataObject | undefined) ?? {});
	const url = typeof ended.recordingUrl === 'string' && ended.recordingUrl ? ended.recordingUrl : undefined;
	const id = simplify ? json.callId : ended.id;
	return { url, callId: typeof id === 'string' && id ? id : undefined };
}

/**
 * Adds each call-ended item's recording as binary data (`this.helpers.httpRequest` with
 * `encoding: 'arraybuffer'`, then `prepareBinaryData`). Items of other events pass unchanged. Every
 * input item yields exactly one output item, with `pairedItem`.
 *
 * @returns the items, each call-ended one with `binary[binaryProperty]` or a `recordingError`
 *   sentence (no URL, an HTTP status, a network error, an empty file). Never throws for a download.
 */
export async function downloadRecordings(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	options: RecordingOptions,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const item = items[index];
		const recording = recordingOf(item.json, options.simplify);
		const base: INodeExecutionData = { ...item, json: { ...item.json }, pairedItem: { item: index } };
		if (!recording) {
			output.push(base);
			continue;
		}
		if (!recording.url) {
			base.json.recordingError = 'The event has no recording URL, so there was nothing to download.';
			output.push(base);
			continue;
		}
		try {
			const response = (await this.helpers.httpRequest({
				method: 'GET',
				url: recording.url,
				encoding: 'arraybuffer',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: RECORDING_TIMEOUT_MS,
			})) as { body: unknown; headers: Record<string, string | string[] | undefined>; statusCode: number };
			if (response.statusCode < 200 || response.statusCode > 299) {
				base.json.recordingError = `Could not download the recording: HTTP ${response.statusCode}${
					[401, 403, 404, 410].includes(response.statusCode)
						? ' (the signed recording URL is valid for about 30 minutes; it may have expired)'
						: ''
				}.`;
				output.push(base);
				continue;
			}
			const body = toBuffer(response.body);
			if (!body.length) {
				base.json.recordingError = 'Could not download the recording: the file was empty.';
				output.push(base);
				continue;
			}
			const mimeType = contentTypeOf(response.headers) ?? 'audio/mpeg';
			const fileName = `recording-${recording.callId ?? 'call'}.${extensionOf(mimeType, recording.url)}`;
			const binary = await this.helpers.prepareBinaryData(body, fileName, mimeType);
			base.binary = { ...(item.binary ?? {}), [options.binaryProperty]: binary };
		} catch (error) {
			base.json.recordingError = `Could not download the recording: ${describeError(error)}.`;
		}
		output.push(base);
	}
	return output;
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'binary');
	return Buffer.alloc(0);
}

function contentTypeOf(headers: Record<string, string | string[] | undefined>): string | undefined {
	const raw = headers?.['content-type'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	const type = value?.split(';')[0].trim().toLowerCase();
	return type && type !== 'application/octet-stream' ? type : undefined;
}

function extensionOf(mimeType: string, url: string): string {
	if (EXTENSIONS[mimeType]) return EXTENSIONS[mimeType];
	const fromPath = /\.([a-z0-9]{2,5})$/i.exec(url.split('?')[0]);
	return fromPath ? fromPath[1].toLowerCase() : 'mp3';
}

/** A short reason from a request error, without the URL (signed) or any header. */
function describeError(error: unknown): string {
	const facts = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
	const code = typeof facts?.code === 'string' ? facts.code : facts?.cause?.code;
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT')
		return `no answer within ${RECORDING_TIMEOUT_MS / 1000} seconds (${String(code)})`;
	if (typeof code === 'string' && code) return `network error ${code}`;
	return 'the request failed';
}
