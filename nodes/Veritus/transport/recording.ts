import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

/**
 * Downloading a call's recording from its signed URL into n8n binary data, for Call → Get
 * Recording URL (docs/call.md, "Get Recording URL") and the Veritus Trigger (docs/trigger.md, "Recordings").
 *
 * The signed URL (the API document's `signedUrl` of `POST /calls/get-signed-url`, and
 * `callEnded.recordingUrl`) expires after about 30 minutes, so a workflow that must keep the audio
 * downloads it at once. The URL works as a password while it is valid: it is sent without the
 * Veritus credential (it may point at another host), and never appears in an error sentence.
 */

/** Longest wait for a recording, in milliseconds. */
export const RECORDING_TIMEOUT_MS = 120_000;

/** How long a signed recording URL lives after Veritus hands it out, in milliseconds (the API document: "about 30 minutes"). */
export const RECORDING_URL_LIFETIME_MS = 30 * 60 * 1000;

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

/**
 * The result of {@link downloadRecording}: the audio as n8n binary data, or a sentence saying why
 * there is none (`recordingError`: an HTTP status, with a hint at expiry for 401/403/404/410; a
 * network error; an empty file). The sentence never quotes the signed URL.
 */
export type RecordingDownload = { binary: IBinaryData } | { recordingError: string };

/**
 * Downloads one recording (`GET url`, `encoding: 'arraybuffer'`, no credential) and stores it with
 * n8n's `prepareBinaryData` as `recording-<callId>.<ext>`. The MIME type comes from the answer's
 * Content-Type (`audio/mpeg` when there is none or it is `application/octet-stream`); the extension
 * from the MIME type, else from the URL's path.
 *
 * @param callId the call's ID, for the file name (`call` when unknown).
 * @returns the binary data, or `recordingError`. Never throws for a failed download.
 */
export async function downloadRecording(
	ctx: IExecuteFunctions,
	url: string,
	callId: string | undefined,
): Promise<RecordingDownload> {
	try {
		const response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: RECORDING_TIMEOUT_MS,
		})) as { body: unknown; headers: Record<string, string | string[] | undefined>; statusCode: number };
		if (response.statusCode < 200 || response.statusCode > 299) {
			return {
				recordingError: `Could not download the recording: HTTP ${response.statusCode}${
					[401, 403, 404, 410].includes(response.statusCode)
						? ' (the signed recording URL is valid for about 30 minutes; it may have expired)'
						: ''
				}.`,
			};
		}
		const body = toBuffer(response.body);
		if (!body.length) return { recordingError: 'Could not download the recording: the file was empty.' };
		const mimeType = contentTypeOf(response.headers) ?? 'audio/mpeg';
		const fileName = `recording-${callId ?? 'call'}.${extensionOf(mimeType, url)}`;
		return { binary: await ctx.helpers.prepareBinaryData(body, fileName, mimeType) };
	} catch (error) {
		return { recordingError: `Could not download the recording: ${describeError(error)}.` };
	}
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
