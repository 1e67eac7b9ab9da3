import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadRecording } from '../Veritus/transport/recording';
import { CALL_ENDED_TYPES } from './events';

/**
 * Downloading a call's recording into the item's binary data. docs/trigger.md, "Recordings".
 *
 * `callEnded.recordingUrl` is a signed URL that expires after about 30 minutes (the API document's
 * `CallEnded.recordingUrl`), so a workflow that must keep the audio downloads it at once. The
 * download runs in the execution the event started (the trigger's execute(), on a queue-mode worker
 * when there is one), never while Veritus waits for its answer: the webhook is answered first.
 *
 * A failed download never fails the event: the item keeps every field and gets `recordingError`,
 * a sentence saying what went wrong (without the signed URL, which works as a password while valid).
 */

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
 * Adds each call-ended item's recording as binary data (`downloadRecording`, shared with the
 * Veritus node's Call → Get Recording URL). Items of other events pass unchanged. Every
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
		const download = await downloadRecording(this, recording.url, recording.callId);
		if ('binary' in download) base.binary = { ...(item.binary ?? {}), [options.binaryProperty]: download.binary };
		else base.json.recordingError = download.recordingError;
		output.push(base);
	}
	return output;
}
