import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { asNodeError } from '../../helpers/errors';
import { invalidField, readParameter, uuidIdentifier } from '../../helpers/validation';
import { RequestPacer, veritusApiRequest, type RequestPolicy } from '../../transport';
import { apiMessage, errorFacts, veritusApiError } from '../../transport/errors';
import { downloadRecording, RECORDING_URL_LIFETIME_MS } from '../../transport/recording';

/** The path of Get Signed URL, under the Base URL (API document: `POST /calls/get-signed-url`). */
export const SIGNED_URL_PATH = '/calls/get-signed-url';

/** Per-request timeout in milliseconds. */
const TIMEOUT_MS = 30_000;

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
];

/**
 * Call → Get Recording URL: for each item, asks Veritus for a signed URL of the call's recording
 * (`POST /calls/get-signed-url`, body `{ callId }`) and, with "Download Recording", downloads the
 * audio into the item's binary data at once (docs/call.md, "Get Recording URL").
 *
 * Each output item: `{ callId, signedUrl, expiresAt, expiresAtEstimated: true, requestId }`.
 * The API returns no expiry; the document says the URL is valid for about 30 minutes, so
 * `expiresAt` is 30 minutes after Veritus answered (ISO 8601, UTC), an estimate, and says so. A
 * failed download is not an error: the item keeps the URL and gets `recordingError`.
 *
 * It places nothing, so it does not use the placement pipeline: a request per item, in input
 * order. A request that fails is an error for its item (continueOnFail honoured: an error item on
 * the regular or the error output); without continueOnFail the first error is thrown.
 *
 * @returns one output, one item per input item, with `pairedItem`.
 * @throws NodeOperationError `[item N] Call ID …` for a bad Call ID; NodeApiError for a failed request.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const signal = typeof this.getExecutionCancelSignal === 'function' ? this.getExecutionCancelSignal() : undefined;
	const policy: RequestPolicy = {
		timeoutMs: TIMEOUT_MS,
		maxAttempts: 5,
		maxRetryWaitMs: 60_000,
		pacer: new RequestPacer(0),
		signal,
	};
	return [await eachItem(this, async (itemIndex) => await recordingItem(this, itemIndex, policy))];
}

/**
 * Runs `run` for every input item in order and returns one output item each, with `pairedItem`
 * (n8n's item linking). A thrown error ends the run unless the node continues on fail: then the
 * item becomes `{ error, … }` on the regular output, or moves to the error output under
 * "Continue (using error output)". Kept small and on its own, for a shared runner of operations
 * that place nothing to replace.
 */
async function eachItem(
	ctx: IExecuteFunctions,
	run: (itemIndex: number) => Promise<INodeExecutionData>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			output.push({ ...(await run(itemIndex)), pairedItem });
		} catch (caught) {
			const error = asNodeError(ctx, caught, itemIndex);
			if (!ctx.continueOnFail()) throw error;
			if (ctx.getNode().onError === 'continueErrorOutput') {
				output.push({ json: { error: error.message }, error, pairedItem });
			} else {
				const context = (error.context ?? {}) as IDataObject;
				output.push({
					json: {
						error: error.message,
						description: error.description ?? null,
						itemIndex,
						callId: (context.callId as string | undefined) ?? null,
						httpCode: (context.httpCode as number | undefined) ?? null,
					},
					pairedItem,
				});
			}
		}
	}
	return output;
}

/** One item of Get Recording URL: the signed URL, its estimated expiry and, when asked for, the audio. */
async function recordingItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	policy: RequestPolicy,
): Promise<INodeExecutionData> {
	const node = ctx.getNode();
	const callId = uuidIdentifier(
		node,
		itemIndex,
		'Call ID',
		readParameter(ctx, 'callId', 'Call ID', itemIndex),
		'Use the callId that Call → Create or Create Many returned, or the callId of a Veritus Trigger event.',
	);
	const download = ctx.getNodeParameter('downloadRecording', itemIndex, false) === true;
	const binaryProperty = download
		? String(readParameter(ctx, 'recordingBinaryProperty', 'Put Recording in Field', itemIndex, 'recording')).trim()
		: '';
	if (download && !binaryProperty) {
		throw invalidField(
			node,
			itemIndex,
			'Put Recording in Field',
			'is empty',
			'Name the binary field that receives the audio, such as recording.',
		);
	}

	let statusCode: number;
	let body: unknown;
	try {
		({ statusCode, body } = await veritusApiRequest.call(
			ctx,
			{ method: 'POST', path: SIGNED_URL_PATH, body: { callId } },
			policy,
			{ itemIndex, customerId: '' },
		));
	} catch (error) {
		throw forCall(node, asNodeError(ctx, error, itemIndex), callId);
	}
	const answeredAt = Date.now();
	const data = (body && typeof body === 'object' ? (body as IDataObject).data : undefined) as IDataObject | undefined;
	if (statusCode < 200 || statusCode >= 300 || typeof data?.signedUrl !== 'string' || !data.signedUrl) {
		throw forCall(node, statusError(node, itemIndex, callId, statusCode, body), callId);
	}
	const signedUrl = data.signedUrl;
	const json: IDataObject = {
		callId: typeof data.callId === 'string' ? data.callId : callId,
		signedUrl,
		expiresAt: new Date(answeredAt + RECORDING_URL_LIFETIME_MS).toISOString(),
		expiresAtEstimated: true,
		requestId: typeof (body as IDataObject).requestId === 'string' ? (body as IDataObject).requestId : null,
	};
	if (!download) return { json };
	const recording = await downloadRecording(ctx, signedUrl, json.callId as string);
	if ('recordingError' in recording) return { json: { ...json, recordingError: recording.recordingError } };
	return { json, binary: { [binaryProperty]: recording.binary } };
}

/**
 * The error of an answer that is not a signed URL: 404 "Call not found", a rejected token, a rate
 * limit, a server error, or a 2xx without `data.signedUrl`. The message quotes Veritus's
 * `publicFacingMessage` when there is one. Nothing is placed by this operation, so no error says a
 * call may have been placed.
 */
function statusError(node: INode, itemIndex: number, callId: string, statusCode: number, body: unknown): NodeApiError {
	const said = apiMessage(body);
	const quote = said ? `. Veritus said: "${said}"` : '';
	const facts = { itemIndex, customerId: '', httpCode: statusCode, certainty: 'notPlaced' as const };
	if (statusCode === 404)
		return veritusApiError(
			node,
			facts,
			`Call ${callId} was not found in Veritus (HTTP 404)${quote}`,
			'Check the Call ID mapped for this item, and that the Base URL points at the Veritus environment that placed the call.',
		);
	if (statusCode === 401 || statusCode === 403)
		return veritusApiError(
			node,
			facts,
			`The Veritus API token was rejected (HTTP ${statusCode})${quote}`,
			'Check the API Token in the Veritus API credential, and that it belongs to this Base URL.',
		);
	if (statusCode === 429)
		return veritusApiError(
			node,
			{ ...facts, retryable: true },
			`Veritus rate limit reached (HTTP 429) and the retry budget is used up${quote}`,
			'Run the item again later.',
		);
	if (statusCode >= 500)
		return veritusApiError(
			node,
			facts,
			`The Veritus API failed (HTTP ${statusCode})${quote}`,
			'This operation places nothing: running the item again is safe.',
		);
	if (statusCode >= 200 && statusCode < 300)
		return veritusApiError(
			node,
			facts,
			`Veritus answered HTTP ${statusCode} without a signed URL`,
			'The answer has no data.signedUrl. Running the item again is safe.',
		);
	return veritusApiError(
		node,
		facts,
		`Veritus rejected the request (HTTP ${statusCode})${quote}`,
		'Check the Call ID mapped for this item.',
	);
}

/**
 * `error` as this operation reports it: the call's ID in `context.callId` instead of a customer,
 * and never "may have been placed" (a transport failure of this request places nothing, so its
 * message is told again without that sentence).
 */
function forCall(
	node: INode,
	error: NodeApiError | NodeOperationError,
	callId: string,
): NodeApiError | NodeOperationError {
	const origin = errorFacts(error);
	const told =
		origin && origin.facts.certainty === 'unknown'
			? veritusApiError(
					node,
					{ ...origin.facts, certainty: 'notPlaced' },
					origin.message,
					'This operation places nothing: running the item again is safe.',
				)
			: error;
	const context = told.context as IDataObject;
	delete context.customerId;
	delete context.callMayHaveBeenPlaced;
	context.callId = callId;
	return told;
}
