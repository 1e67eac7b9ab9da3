import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../helpers/requestOptions';
import { answer, runItems, type ItemAnswer, type ItemOperation, type RunnerItem } from '../../helpers/runner';
import { invalidField, readParameter, uuidIdentifier } from '../../helpers/validation';
import { apiMessage, type ErrorSubject } from '../../transport/errors';
import { downloadRecording, RECORDING_URL_LIFETIME_MS } from '../../transport/recording';

/** The path of Get Signed URL, under the Base URL (API document: `POST /calls/get-signed-url`). */
export const SIGNED_URL_PATH = '/calls/get-signed-url';

/** The subject of Call → Get Recording URL: it changes nothing, so no outcome is ever unknown. */
export const RECORDING_URL_SUBJECT: ErrorSubject = Object.freeze({
	noun: 'recording URL',
	verb: 'issue',
	done: 'issued',
	unknownFlag: 'recordingUrlMayHaveBeenIssued',
	request: 'request',
	readOnly: true,
});

/** Show a property only for resource `call`, operation `getRecordingUrl`. */
const showForGetRecordingUrl = { show: { resource: ['call'], operation: ['getRecordingUrl'] } };

/** The parameters of Call → Get Recording URL. */
export const description: INodeProperties[] = [
	{
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.callId }}',
		description:
			'The UUID of the call whose recording you want: the callId of Call → Create or Create Many, or of a Veritus Trigger event',
		displayOptions: showForGetRecordingUrl,
	},
	{
		displayName: 'Download Recording',
		name: 'downloadRecording',
		type: 'boolean',
		default: false,
		description:
			'Whether to download the recording into the binary data of the item right away, while the signed URL is valid (about 30 minutes). A failed download leaves the URL and adds recordingError.',
		displayOptions: showForGetRecordingUrl,
	},
	{
		displayName: 'Put Recording in Field',
		name: 'recordingBinaryProperty',
		type: 'string',
		default: 'recording',
		required: true,
		description: 'The name of the binary field that receives the audio',
		displayOptions: { show: { ...showForGetRecordingUrl.show, downloadRecording: [true] } },
	},
	optionsCollection(showForGetRecordingUrl),
];

/** One item of Get Recording URL, read and validated. */
export interface RecordingItem extends RunnerItem {
	callId: string;
	/** The binary field for the audio, or `undefined` when Download Recording is off. */
	binaryProperty?: string;
}

/**
 * Reads and validates item `itemIndex`: the Call ID must be a UUID (the API document's `callId`,
 * `format: uuid`); with Download Recording on, Put Recording in Field must name a field.
 *
 * @throws NodeOperationError `[item N] <Field> <problem>`.
 */
export function prepareRecordingItem(ctx: IExecuteFunctions, itemIndex: number): RecordingItem {
	const node = ctx.getNode();
	const callId = uuidIdentifier(
		node,
		itemIndex,
		'Call ID',
		readParameter(ctx, 'callId', 'Call ID', itemIndex),
		'Use the callId that Call → Create or Create Many returned, or the callId of a Veritus Trigger event.',
	);
	const item: RecordingItem = { itemIndex, callId, reference: `call ${callId}`, errorFields: { callId } };
	if (ctx.getNodeParameter('downloadRecording', itemIndex, false) !== true) return item;
	const field = readParameter(ctx, 'recordingBinaryProperty', 'Put Recording in Field', itemIndex, 'recording');
	const binaryProperty = typeof field === 'string' ? field.trim() : '';
	if (!binaryProperty) {
		throw invalidField(
			node,
			itemIndex,
			'Put Recording in Field',
			'is empty',
			'Name the binary field that receives the audio, such as recording.',
		);
	}
	return { ...item, binaryProperty };
}

/**
 * Call → Get Recording URL, through the shared runner of operations that place nothing
 * (`helpers/runner.ts`): for each item, asks Veritus for a signed URL of the call's recording
 * (`POST /calls/get-signed-url`, body `{ callId }`) and, with "Download Recording", downloads the
 * audio into the item's binary data at once (docs/call.md, "Get Recording URL").
 *
 * Each output item: `{ callId, signedUrl, expiresAt, expiresAtEstimated: true, requestId }`. The
 * API returns no expiry; its document says the URL is valid for about 30 minutes, so `expiresAt`
 * is 30 minutes after Veritus answered (ISO 8601, UTC), an estimate, and says so. A failed
 * download is not an error: the item keeps the URL and gets `recordingError`. A 404 names the call.
 *
 * @returns one output, one item per input item, with `pairedItem`.
 * @throws NodeOperationError for a bad Call ID; NodeApiError for a failed request; unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation: ItemOperation<RecordingItem> = {
		subject: RECORDING_URL_SUBJECT,
		prepare: prepareRecordingItem,
		send: async (ctx, [item], requests): Promise<ItemAnswer[]> => {
			const response = await requests.send({ method: 'POST', path: SIGNED_URL_PATH, body: { callId: item.callId } });
			const answeredAt = Date.now();
			if (response.statusCode === 404) {
				const said = apiMessage(response.body);
				throw requests.error(
					`Call ${item.callId} was not found in Veritus (HTTP 404)${said ? `. Veritus said: "${said}"` : ''}`,
					'Check the Call ID mapped for this item, and that the Base URL points at the Veritus environment that placed the call.',
					'notPlaced',
					404,
				);
			}
			const data = requests.data(response) as IDataObject | null;
			const signedUrl = data && typeof data.signedUrl === 'string' ? data.signedUrl : '';
			if (!signedUrl) {
				throw requests.error(
					`Veritus answered HTTP ${response.statusCode} without a signed URL`,
					'The answer has no data.signedUrl. Running the item again is safe.',
					'notPlaced',
					response.statusCode,
				);
			}
			const body = response.body as IDataObject;
			const callId = typeof data?.callId === 'string' ? data.callId : item.callId;
			const json: IDataObject = {
				callId,
				signedUrl,
				expiresAt: new Date(answeredAt + RECORDING_URL_LIFETIME_MS).toISOString(),
				expiresAtEstimated: true,
				requestId: typeof body.requestId === 'string' ? body.requestId : null,
			};
			if (!item.binaryProperty) return [answer(json)];
			const recording = await downloadRecording(ctx, signedUrl, callId);
			if ('recordingError' in recording) return [answer({ ...json, recordingError: recording.recordingError })];
			return [{ items: [{ json, binary: { [item.binaryProperty]: recording.binary } }] }];
		},
	};
	return await runItems(this, operation);
}
