// Covers Call → Get Recording URL's validation (actions/call/getRecordingUrl.operation.ts) without a
// network: a bad value for every validated field (Call ID, Put Recording in Field) gives an error
// naming the item and the field, and no request is sent for it.
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { execute } from '../../nodes/Veritus/actions/call/getRecordingUrl.operation';
import { fakeNode } from './fakes';

const CALL = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

/** A context with one input item whose parameters are `parameters`; any request fails the test. */
function context(parameters: Record<string, unknown | Error>, continueOnFail: boolean) {
	const requests: unknown[] = [];
	const ctx = {
		getNode: () => fakeNode(),
		getInputData: () => [{ json: {} }],
		continueOnFail: () => continueOnFail,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			const value = name in parameters ? parameters[name] : fallback;
			if (value instanceof Error) throw value;
			return value;
		},
		helpers: {
			httpRequestWithAuthentication: async (...args: unknown[]) => {
				requests.push(args);
				throw new Error('no request expected');
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, requests };
}

const UUID_PROBLEM =
	'must be a UUID (8-4-4-4-12 hexadecimal digits, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a), got';

// prettier-ignore
const REJECTED: Array<{ name: string; parameters: Record<string, unknown>; message: string }> = [
	{ name: 'Call ID empty',             parameters: { callId: ' ' },                 message: '[item 0] Call ID is empty' },
	{ name: 'Call ID missing',           parameters: { callId: null },                message: '[item 0] Call ID is missing' },
	{ name: 'Call ID not a UUID',        parameters: { callId: 'call-42' },           message: `[item 0] Call ID ${UUID_PROBLEM} "call-42"` },
	{ name: 'Call ID a number',          parameters: { callId: 42 },                  message: `[item 0] Call ID ${UUID_PROBLEM} "42"` },
	{ name: 'Call ID an object',         parameters: { callId: { id: CALL } },        message: '[item 0] Call ID must be text or a number, but is an object' },
	{ name: 'Call ID expression throws', parameters: { callId: new Error('no $json.callId') }, message: '[item 0] Call ID could not be resolved: no $json.callId' },
	{ name: 'Put Recording in Field empty', parameters: { callId: CALL, downloadRecording: true, recordingBinaryProperty: '  ' }, message: '[item 0] Put Recording in Field is empty' },
	{ name: 'Put Recording in Field expression throws', parameters: { callId: CALL, downloadRecording: true, recordingBinaryProperty: new Error('bad') }, message: '[item 0] Put Recording in Field could not be resolved: bad' },
];

describe('every validated field rejects a bad value before any request', () => {
	test.each(REJECTED)('$name: the run stops with the error', async ({ parameters, message }) => {
		const { ctx, requests } = context(parameters, false);
		await expect(execute.call(ctx)).rejects.toThrow(NodeOperationError);
		await expect(execute.call(ctx)).rejects.toThrow(message);
		expect(requests).toEqual([]);
	});

	test.each(REJECTED)(
		'$name: with continue on fail, an error item paired with its input',
		async ({ parameters, message }) => {
			const { ctx, requests } = context(parameters, true);
			const [[item]] = await execute.call(ctx);
			expect(item.json).toMatchObject({ error: message, itemIndex: 0, httpCode: null });
			// A read changes nothing: no "may have been" flag.
			expect(Object.keys(item.json).filter((key) => key.endsWith('MayHaveBeenIssued'))).toEqual([]);
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(requests).toEqual([]);
		},
	);
});
