/**
 * Call → Get Recording URL (`POST /calls/get-signed-url`) in n8n-core's real WorkflowExecute
 * against the emulator: the signed URL and its estimated expiry, the download into binary data,
 * an expired URL (recordingError, not an error), a call Veritus does not know, a bad Call ID, and a
 * server error that says nothing about placing calls.
 */
import type { IDataObject, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import { AGENT, control, emulatorRequests, setFaults, UNKNOWN_CUSTOMER, useEmulator } from '../helpers/emulator';
import { veritusId } from '../helpers/fixtures';
import { runVeritusWorkflow, type RunVeritusOptions } from '../helpers/workflow-harness';

const TOKEN = 'tok_recording_8c7b6a';
const emulator = useEmulator({ token: TOKEN });

const THIRTY_MINUTES_MS = 30 * 60 * 1000;

const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({
		credentials: { apiToken: TOKEN, baseUrl: emulator.current.baseUrl },
		...options,
		veritus: {
			...options.veritus,
			parameters: { operation: 'getRecordingUrl', callId: '={{ $json.callId }}', ...options.veritus?.parameters },
		},
	});

/** Places a call for a fixture customer straight through the API and returns its ID. */
async function placeCall(accountNumber: string): Promise<string> {
	const response = await fetch(`${emulator.current.baseUrl}/customers/${veritusId(accountNumber)}/calls`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify({ agentId: AGENT }),
	});
	const body = (await response.json()) as { data: { id: string } };
	return body.data.id;
}

const signedUrlRequests = async () =>
	(await emulatorRequests(emulator.current)).filter((request) => request.operation === 'getCallRecordingUrl');
const errorContext = (item: INodeExecutionData) => (item.error as NodeApiError).context as IDataObject;

test('each item: the signed URL, when it expires (30 minutes after the answer, an estimate), the request ID; one output', async () => {
	const callIds = [await placeCall('100231'), await placeCall('100232')];
	const before = Date.now();
	const result = await run({ items: callIds.map((callId) => ({ callId })) });
	const after = Date.now();
	expect(result.error).toBeUndefined();
	expect(result.outputs).toHaveLength(1);
	const [items] = result.outputs;
	const requests = await signedUrlRequests();
	expect(requests.map((request) => request.body)).toEqual(callIds.map((callId) => ({ callId })));
	items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json).toMatchObject({
			callId: callIds[index],
			expiresAtEstimated: true,
			requestId: requests[index].requestId,
		});
		expect(String(item.json.signedUrl)).toMatch(new RegExp(`/recordings/${callIds[index]}\\.wav\\?`));
		const expiresAt = Date.parse(String(item.json.expiresAt));
		expect(expiresAt).toBeGreaterThanOrEqual(before + THIRTY_MINUTES_MS);
		expect(expiresAt).toBeLessThanOrEqual(after + THIRTY_MINUTES_MS);
		expect(item.binary).toBeUndefined();
	});
});

test('Download Recording: the audio in the binary field, named after the call', async () => {
	const callId = await placeCall('100233');
	const result = await run({
		items: [{ callId }],
		veritus: { parameters: { downloadRecording: true, recordingBinaryProperty: 'audio' } },
	});
	expect(result.error).toBeUndefined();
	const [[item]] = result.outputs;
	expect(item.json.recordingError).toBeUndefined();
	const binary = item.binary?.audio;
	expect(binary).toMatchObject({ mimeType: 'audio/wav', fileName: `recording-${callId}.wav` });
	// A WAV file starts with "RIFF".
	expect(Buffer.from(String(binary?.data), 'base64').subarray(0, 4).toString('latin1')).toBe('RIFF');
});

test('a URL that has expired before the download: recordingError, without the signed URL; the item is not an error', async () => {
	await control(emulator.current, '/config', { method: 'PUT', body: { webhooks: { recordingTtlMs: 1 } } });
	const callId = await placeCall('100234');
	const result = await run({ items: [{ callId }], veritus: { parameters: { downloadRecording: true } } });
	expect(result.error).toBeUndefined();
	const [[item]] = result.outputs;
	expect(item.binary).toBeUndefined();
	expect(item.json.recordingError).toBe(
		'Could not download the recording: HTTP 403 (the signed recording URL is valid for about 30 minutes; it may have expired).',
	);
	expect(String(item.json.recordingError)).not.toContain(String(item.json.signedUrl));
	expect(item.json.signedUrl).toEqual(expect.any(String));
});

test('a call Veritus does not know: 404 quoted, on the regular output with the call ID; without Continue, the run stops', async () => {
	const known = await placeCall('100235');
	const items = [{ callId: UNKNOWN_CUSTOMER }, { callId: known }];
	const continued = await run({ items, veritus: { continueOnFail: true, onError: 'continueRegularOutput' } });
	const [[missing, found]] = continued.outputs;
	expect(missing.json).toEqual({
		error: `[item 0] Call ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Call not found"`,
		description: expect.stringContaining('Check the Call ID'),
		itemIndex: 0,
		callId: UNKNOWN_CUSTOMER,
		httpCode: 404,
	});
	expect(found.json.callId).toBe(known);

	const stopped = await run({ items });
	expect(stopped.error?.message).toBe(
		`[item 0] Call ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Call not found"`,
	);
});

test('"Continue (using error output)": the failed item on the error output; a 503 never says a call may have been placed', async () => {
	const callId = await placeCall('100236');
	await setFaults(emulator.current, [{ type: 'status', status: 503, operation: 'getCallRecordingUrl', times: 1 }]);
	const result = await run({
		items: [{ callId }, { callId }],
		veritus: { continueOnFail: true, onError: 'continueErrorOutput' },
	});
	const [ok, errors] = result.outputs;
	expect(ok.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
	expect(errors[0].json.error).toBe('[item 0] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable"');
	expect(errorContext(errors[0])).toMatchObject({ callId, httpCode: 503 });
	expect(errorContext(errors[0])).not.toHaveProperty('callMayHaveBeenPlaced');
});

test('a bad Call ID is an error naming the item and the field; nothing is sent for it', async () => {
	const callId = await placeCall('100237');
	const result = await run({ items: [{ callId }, { callId: 'call-42' }], veritus: { continueOnFail: true } });
	const [[first, second]] = result.outputs;
	expect(first.json.signedUrl).toEqual(expect.any(String));
	expect(second.json.error).toBe(
		'[item 1] Call ID must be a UUID (8-4-4-4-12 hexadecimal digits, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a), got "call-42"',
	);
	expect(await signedUrlRequests()).toHaveLength(1);
});
