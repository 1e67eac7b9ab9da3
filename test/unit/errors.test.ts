// Covers transport/errors.ts: errorForStatus for every mapped HTTP status with error bodies of
// several plausible shapes, apiMessage extraction, and veritusApiError keeping its own message.
import { NodeApiError } from 'n8n-workflow';

import {
	apiMessage,
	errorForStatus,
	HIDDEN_SECRET,
	hideSecret,
	veritusApiError,
} from '../../nodes/Veritus/transport/errors';
import { fakeNode } from './fakes';

const node = fakeNode('errors-node');
const ITEM = 3;
const CUSTOMER = '100231';

const HTML = '<html><body><h1>502 Bad Gateway</h1></body></html>';

/** Error bodies of different shapes, with the text apiMessage must find in each (or undefined). */
const BODIES: Array<[string, unknown, string | undefined]> = [
	['{message}', { message: 'Agent is busy' }, 'Agent is busy'],
	['{error: text}', { error: 'Unknown agent agent-x' }, 'Unknown agent agent-x'],
	[
		'{error: {code, message}}',
		{ error: { code: 'invalid_request', message: 'agentId is required' } },
		'agentId is required',
	],
	[
		'{errors: [{message}]}',
		{ errors: [{ message: 'agentId is required' }, { message: 'webhook.url must be a URI' }] },
		'agentId is required; webhook.url must be a URI',
	],
	['HTML string (an error page is no message)', HTML, undefined],
	['plain text', 'Upstream timed out', 'Upstream timed out'],
	['empty string', '', undefined],
];

interface Expectation {
	message: (said: string | undefined) => string;
	/** Whether the API's text is quoted in the description ("Veritus said: ..."). */
	saidInDescription: boolean;
	descriptionStart: string;
	mayHaveBeenPlaced: boolean;
	retryable: boolean;
}

const tokenRejected = (status: number): Expectation => ({
	message: () => `The Veritus API token was rejected (HTTP ${status})`,
	saidInDescription: true,
	descriptionStart: 'Check the API Token in the Veritus API credential',
	mayHaveBeenPlaced: false,
	retryable: false,
});
const rejected = (status: number): Expectation => ({
	message: (said) => (said ? `Veritus rejected the request: ${said}` : `Veritus rejected the request (HTTP ${status})`),
	saidInDescription: false,
	descriptionStart: 'Veritus did not place the call.',
	mayHaveBeenPlaced: false,
	retryable: false,
});
const serverFailed = (status: number): Expectation => ({
	message: () => `The Veritus API failed (HTTP ${status})`,
	saidInDescription: true,
	descriptionStart: 'The node does not retry server errors',
	mayHaveBeenPlaced: true,
	retryable: false,
});

const STATUSES: Array<[number, Expectation]> = [
	[400, rejected(400)],
	[401, tokenRejected(401)],
	[403, tokenRejected(403)],
	[
		404,
		{
			message: () => `Customer ${CUSTOMER} was not found in Veritus (HTTP 404)`,
			saidInDescription: true,
			descriptionStart: 'Check the Customer ID mapped for this item',
			mayHaveBeenPlaced: false,
			retryable: false,
		},
	],
	[
		409,
		{
			message: (said) => (said ? `Veritus answered HTTP 409: ${said}` : 'Veritus answered HTTP 409'),
			saidInDescription: false,
			descriptionStart: 'Veritus did not place the call.',
			mayHaveBeenPlaced: false,
			retryable: false,
		},
	],
	[422, rejected(422)],
	[
		429,
		{
			message: () => 'Veritus rate limit reached (HTTP 429) and the retry budget is used up',
			saidInDescription: true,
			descriptionStart: 'The call was not placed. Lower "Max Concurrent Requests"',
			mayHaveBeenPlaced: false,
			retryable: true,
		},
	],
	[500, serverFailed(500)],
	[502, serverFailed(502)],
	[503, serverFailed(503)],
];

const MATRIX = STATUSES.flatMap(([status, expectation]) =>
	BODIES.map(([shape, body, said]) => [status, shape, body, said, expectation] as const),
);

describe('errorForStatus', () => {
	test.each(MATRIX)('HTTP %i with %s body', (status, _shape, body, said, expectation) => {
		const error = errorForStatus(node, ITEM, CUSTOMER, status, body);
		expect(error).toBeInstanceOf(NodeApiError);
		const advice = expectation.mayHaveBeenPlaced
			? `. The call may have been placed: check customer ${CUSTOMER} in Veritus before trying again`
			: '';
		expect(error.message).toBe(`[item ${ITEM}] ${expectation.message(said)}${advice}`);
		expect(error.message.startsWith(`[item ${ITEM}] `)).toBe(true);
		expect(error.httpCode).toBe(String(status));
		expect(error.description?.startsWith(expectation.descriptionStart)).toBe(true);
		if (said && expectation.saidInDescription) {
			expect(error.description).toContain(`Veritus said: "${said}"`);
		} else {
			expect(error.description).not.toContain('Veritus said');
		}
		// The advice is in the message (n8n keeps only the message in an error item), not repeated in the description.
		expect(error.description).not.toContain('may have been placed');
		if (!expectation.mayHaveBeenPlaced) expect(error.message).not.toContain('may have been placed');
		expect(error.context).toMatchObject({
			itemIndex: ITEM,
			customerId: CUSTOMER,
			httpCode: status,
			callMayHaveBeenPlaced: expectation.mayHaveBeenPlaced,
			retryable: expectation.retryable,
		});
		expect(error.context.networkCode).toBeUndefined();
	});

	test('callMayHaveBeenPlaced is true exactly for the 5xx statuses', () => {
		const placed = STATUSES.map(([status]) => status).filter(
			(status) => errorForStatus(node, 0, CUSTOMER, status, '').context.callMayHaveBeenPlaced === true,
		);
		expect(placed).toEqual([500, 502, 503]);
	});

	test('an unmapped 5xx (504) is treated as a server failure', () => {
		const error = errorForStatus(node, 1, 'c-1', 504, { message: 'upstream timeout' });
		expect(error.message).toBe(
			'[item 1] The Veritus API failed (HTTP 504). The call may have been placed: check customer c-1 in Veritus before trying again',
		);
		expect(error.context.callMayHaveBeenPlaced).toBe(true);
	});

	test("n8n's generic status text never replaces the node's message", () => {
		for (const [status] of STATUSES) {
			const error = errorForStatus(node, 0, CUSTOMER, status, { message: 'x' });
			expect(error.message).not.toMatch(
				/Authorization failed|could not be found|Bad request|too many requests|not able to process/i,
			);
		}
	});
});

describe("errorForStatus with the published contract's error body ({ requestId, success: false, publicFacingMessage })", () => {
	/** The message each status gets, before the quote. */
	const HEADS: Array<[number, string]> = [
		[400, 'Veritus rejected the request (HTTP 400)'],
		[401, 'The Veritus API token was rejected (HTTP 401)'],
		[403, 'The Veritus API token was rejected (HTTP 403)'],
		[404, `Customer ${CUSTOMER} was not found in Veritus (HTTP 404)`],
		[409, 'Veritus answered HTTP 409'],
		[422, 'Veritus rejected the request (HTTP 422)'],
		[429, 'Veritus rate limit reached (HTTP 429) and the retry budget is used up'],
		[500, 'The Veritus API failed (HTTP 500)'],
		[503, 'The Veritus API failed (HTTP 503)'],
	];

	test.each(HEADS)(
		'HTTP %i: the message quotes publicFacingMessage, the description does not repeat it',
		(status, head) => {
			const said = 'Customer not found';
			const error = errorForStatus(node, ITEM, CUSTOMER, status, {
				requestId: '25deb7a2-ea2a-4993-8ad5-faed5367915b',
				success: false,
				publicFacingMessage: ` ${said} `,
			});
			const advice =
				status >= 500
					? `. The call may have been placed: check customer ${CUSTOMER} in Veritus before trying again`
					: '';
			expect(error.message).toBe(`[item ${ITEM}] ${head}. Veritus said: "${said}"${advice}`);
			expect(error.description).not.toContain('Veritus said');
			expect(error.context.httpCode).toBe(status);
		},
	);

	test('publicFacingMessage wins over message, and a body without one keeps the message it had', () => {
		expect(apiMessage({ publicFacingMessage: 'from the contract', message: 'other' })).toBe('from the contract');
		expect(errorForStatus(node, 0, CUSTOMER, 404, { requestId: 'r', success: false }).message).toBe(
			`[item 0] Customer ${CUSTOMER} was not found in Veritus (HTTP 404)`,
		);
	});
});

describe('apiMessage', () => {
	test.each(BODIES)('%s', (_shape, body, said) => {
		expect(apiMessage(body)).toBe(said);
	});

	test.each<[string, unknown, string | undefined]>([
		['trims surrounding whitespace of a string', '  Bad Gateway \n', 'Bad Gateway'],
		['whitespace-only string', '   ', undefined],
		['reads detail', { detail: 'Problem detail' }, 'Problem detail'],
		['reads title', { title: 'Unprocessable' }, 'Unprocessable'],
		['prefers message over error', { message: 'first', error: 'second' }, 'first'],
		['skips a blank message', { message: '  ', error: 'second' }, 'second'],
		['skips a non-string message', { message: 42, detail: 'from detail' }, 'from detail'],
		['errors as plain strings', { errors: ['a is bad', 'b is bad'] }, 'a is bad; b is bad'],
		['empty errors list', { errors: [] }, undefined],
		['error object without message', { error: { code: 'unauthorized' } }, undefined],
		['null', null, undefined],
		['a number', 500, undefined],
		['an empty object', {}, undefined],
	])('%s', (_name, body, said) => {
		expect(apiMessage(body)).toBe(said);
	});

	test('caps a long message at 300 characters', () => {
		expect(apiMessage({ message: 'y'.repeat(1000) })).toBe('y'.repeat(300));
		expect(apiMessage('z'.repeat(1000))).toBe('z'.repeat(300));
	});
});

describe('veritusApiError', () => {
	test('keeps its own message when it mentions ECONNREFUSED', () => {
		const message = 'Could not connect to the Veritus API (ECONNREFUSED) after 5 attempt(s)';
		const error = veritusApiError(
			node,
			{ itemIndex: 7, customerId: 'c-9', networkCode: 'ECONNREFUSED', certainty: 'notPlaced', retryable: true },
			message,
			'The call was not placed.',
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`[item 7] ${message}`);
		expect(error.description).toBe('The call was not placed.');
		expect(error.context).toMatchObject({
			itemIndex: 7,
			customerId: 'c-9',
			networkCode: 'ECONNREFUSED',
			callMayHaveBeenPlaced: false,
			retryable: true,
		});
		expect(error.context.httpCode).toBeUndefined();
	});

	test("n8n's NodeApiError alone would replace such a message (why the override matters)", () => {
		const plain = new NodeApiError(node, { message: 'x' }, { message: 'Could not connect (ECONNREFUSED)' });
		expect(plain.message).not.toContain('Could not connect');
	});

	test('an unknown outcome appends the "may have been placed" advice, with the customer, to the message', () => {
		const error = veritusApiError(
			node,
			{ itemIndex: 0, customerId: 'Zoë', networkCode: 'ETIMEDOUT', certainty: 'unknown' },
			'Veritus did not answer within 100 ms (ETIMEDOUT)',
			'The node does not retry a timed-out call.',
		);
		expect(error.message).toBe(
			'[item 0] Veritus did not answer within 100 ms (ETIMEDOUT). The call may have been placed: check customer Zoë in Veritus before trying again',
		);
		expect(error.description).toBe('The node does not retry a timed-out call.');
		expect(error.context.callMayHaveBeenPlaced).toBe(true);
		expect(error.context.retryable).toBe(false);
	});
});

describe('hideSecret', () => {
	const secret = '3c90c3cc-0d44-4b50-8888-8dd25736052a';

	test('an API message that quotes the Secret ID loses it in the message, description and context', () => {
		const error = errorForStatus(node, 4, '100232', 422, {
			message: `webhook.secretId ${secret} is not a registered secret`,
		});
		expect(JSON.stringify({ m: error.message, d: error.description })).toContain(secret);
		hideSecret(error, secret);
		const everything = JSON.stringify({
			message: error.message,
			description: error.description,
			context: error.context,
		});
		expect(everything).not.toContain(secret);
		expect(error.message).toBe(
			`[item 4] Veritus rejected the request: webhook.secretId ${HIDDEN_SECRET} is not a registered secret`,
		);
	});

	test('without a secret the error is unchanged', () => {
		const error = errorForStatus(node, 0, '100232', 404, {});
		const before = error.message;
		expect(hideSecret(error, undefined).message).toBe(before);
	});
});
