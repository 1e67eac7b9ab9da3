// Covers helpers/runner.ts (runItems, the runner of operations that place nothing), the error
// wording by subject in transport/errors.ts (errorForStatus, errorForItem, hideValues, and Call →
// Create's sentences kept word for word), and the customer-ID hint of helpers/customerId.ts.
// The runner is driven through a fake IExecuteFunctions whose HTTP helper a test scripts.
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { customerIdWarnings, isVeritusCustomerId } from '../../nodes/Veritus/helpers/customerId';
import { answer, runItems, type ItemOperation, type RunnerItem } from '../../nodes/Veritus/helpers/runner';
import {
	CALL_SUBJECT,
	errorForItem,
	errorForStatus,
	hideValues,
	veritusApiError,
	type ErrorSubject,
} from '../../nodes/Veritus/transport/errors';
import { fakeNode } from './fakes';

const SUBJECT: ErrorSubject = {
	noun: 'customer',
	verb: 'create',
	done: 'created',
	unknownFlag: 'customerMayHaveBeenCreated',
	request: 'request',
};

/** What the fake HTTP helper answers: a response, or an error to throw (a network failure). */
type Reply = { statusCode: number; body: unknown } | { throws: Error & { code?: string } };

interface Fake {
	ctx: IExecuteFunctions;
	/** Bodies of the requests sent, in order. */
	sent: Array<IDataObject | undefined>;
	hints: NodeExecutionHint[];
	warnings: string[];
}

/** A fake execution context: `count` input items, node settings, and scripted HTTP replies. */
function fakeContext(
	count: number,
	reply: (body: IDataObject | undefined) => Reply,
	settings: { continueOnFail?: boolean; onError?: INode['onError']; tool?: boolean; options?: IDataObject } = {},
): Fake {
	const node: INode = {
		...fakeNode('runner-node'),
		...(settings.onError ? { onError: settings.onError } : {}),
		...(settings.tool ? { type: 'n8n-nodes-veritus.veritusTool' } : {}),
	};
	const fake: Fake = { ctx: undefined as unknown as IExecuteFunctions, sent: [], hints: [], warnings: [] };
	fake.ctx = {
		getNode: () => node,
		getInputData: () => Array.from({ length: count }, (_, index) => ({ json: { row: index } })),
		getNodeParameter: (name: string, _index: number, fallback?: unknown) =>
			name === 'options' ? (settings.options ?? {}) : fallback,
		continueOnFail: () => settings.continueOnFail === true,
		logger: { warn: (message: string) => fake.warnings.push(message) },
		addExecutionHints: (...hints: NodeExecutionHint[]) => fake.hints.push(...hints),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { body?: IDataObject }) => {
				fake.sent.push(options.body);
				const result = reply(options.body);
				if ('throws' in result) throw result.throws;
				return { ...result, headers: {} };
			},
		},
	} as unknown as IExecuteFunctions;
	return fake;
}

interface Row extends RunnerItem {
	value: string;
}

/**
 * A test operation: item i is valid unless `invalid` lists it; each request posts
 * `{ values: [...] }`; a 200 answer `{ data: { outputs: [..] } }` says which output each item goes to.
 */
function operation(overrides: Partial<ItemOperation<Row>> = {}, invalid: number[] = []): ItemOperation<Row> {
	return {
		subject: SUBJECT,
		outputs: 2,
		errorOutput: 1,
		prepare: (ctx, itemIndex) => {
			if (invalid.includes(itemIndex)) {
				throw new NodeOperationError(ctx.getNode(), `[item ${itemIndex}] Value is bad`, { itemIndex });
			}
			return {
				itemIndex,
				value: `v${itemIndex}`,
				reference: `external ID 'v${itemIndex}'`,
				errorFields: { externalId: `v${itemIndex}` },
			};
		},
		send: async (_ctx, items, requests) => {
			const response = await requests.send({
				method: 'POST',
				path: '/things',
				body: { values: items.map((item) => item.value) },
			});
			const data = requests.data(response) as { outputs: number[] };
			return items.map((item, position) => answer({ value: item.value }, data.outputs[position]));
		},
		...overrides,
	};
}

const ok = (outputs: number[]): Reply => ({
	statusCode: 200,
	body: { requestId: 'r', success: true, data: { outputs } },
});
const values = (items: INodeExecutionData[]) =>
	items.map((item) => [item.pairedItem, item.json.value ?? item.json.error]);

describe('runItems', () => {
	test('prepares every item before sending anything: a bad item stops the run with nothing sent', async () => {
		const fake = fakeContext(3, () => ok([0]));
		await expect(runItems(fake.ctx, operation({}, [2]))).rejects.toThrow('[item 2] Value is bad');
		expect(fake.sent).toEqual([]);
	});

	test('one item per request by default; each answer goes to the output it names, with pairedItem', async () => {
		const fake = fakeContext(3, (body) => ok([(body?.values as string[])[0] === 'v1' ? 1 : 0]));
		const outputs = await runItems(fake.ctx, operation({}));
		expect(fake.sent).toEqual([{ values: ['v0'] }, { values: ['v1'] }, { values: ['v2'] }]);
		expect(values(outputs[0])).toEqual([
			[{ item: 0 }, 'v0'],
			[{ item: 2 }, 'v2'],
		]);
		expect(values(outputs[1])).toEqual([[{ item: 1 }, 'v1']]);
	});

	test('chunks the valid items in input order; an invalid item is never sent and becomes an error item', async () => {
		const fake = fakeContext(5, (body) => ok((body?.values as string[]).map(() => 0)), { continueOnFail: true });
		const outputs = await runItems(fake.ctx, operation({ chunkSize: 2 }, [2]));
		expect(fake.sent).toEqual([{ values: ['v0', 'v1'] }, { values: ['v3', 'v4'] }]);
		expect(values(outputs[0])).toEqual([
			[{ item: 0 }, 'v0'],
			[{ item: 1 }, 'v1'],
			[{ item: 3 }, 'v3'],
			[{ item: 4 }, 'v4'],
		]);
		expect(outputs[1]).toEqual([
			{
				json: {
					error: '[item 2] Value is bad',
					description: null,
					itemIndex: 2,
					httpCode: null,
					customerMayHaveBeenCreated: false,
				},
				pairedItem: { item: 2 },
			},
		]);
	});

	test("an invalid item's error item names the customer its error carries (a valid Customer ID, another field bad)", async () => {
		const fake = fakeContext(2, () => ok([0]), { continueOnFail: true });
		const outputs = await runItems(
			fake.ctx,
			operation({
				prepare: (ctx, itemIndex) => {
					const error = new NodeOperationError(ctx.getNode(), `[item ${itemIndex}] Value is bad`, { itemIndex });
					if (itemIndex === 0) error.context.customerId = 'c-7';
					throw error;
				},
			}),
		);
		expect(fake.sent).toEqual([]);
		expect(outputs[1].map((item) => [item.json.itemIndex, item.json.customerId])).toEqual([
			[0, 'c-7'],
			[1, undefined],
		]);
	});

	test('a request that fails as a whole gives each of its items its own error, saying it may have taken effect', async () => {
		const timeout = Object.assign(new Error('timeout of 30000ms exceeded'), { code: 'ECONNABORTED' });
		const fake = fakeContext(3, (body) => ((body?.values as string[])[0] === 'v0' ? { throws: timeout } : ok([0])), {
			continueOnFail: true,
			options: { maxConcurrent: 1 },
		});
		const outputs = await runItems(fake.ctx, operation({ chunkSize: 2 }));
		expect(values(outputs[0])).toEqual([[{ item: 2 }, 'v2']]);
		expect(outputs[1].map((item) => item.json)).toEqual([
			{
				error:
					"[item 0] Veritus did not answer within 30000 ms. The customer may have been created: check external ID 'v0' in Veritus before trying again",
				description:
					'The node does not retry a timed-out request, because Veritus may have created the customer. The request carried 2 items (items 0 to 1); each of them failed with it.',
				itemIndex: 0,
				externalId: 'v0',
				httpCode: null,
				customerMayHaveBeenCreated: true,
			},
			{
				error:
					"[item 1] Veritus did not answer within 30000 ms. The customer may have been created: check external ID 'v1' in Veritus before trying again",
				description:
					'The node does not retry a timed-out request, because Veritus may have created the customer. The request carried 2 items (items 0 to 1); each of them failed with it.',
				itemIndex: 1,
				externalId: 'v1',
				httpCode: null,
				customerMayHaveBeenCreated: true,
			},
		]);
	});

	test('"Continue (using error output)": error items carry the error, for n8n to move to its error output', async () => {
		const fake = fakeContext(
			2,
			() => ({ statusCode: 404, body: { success: false, publicFacingMessage: 'Not here' } }),
			{
				continueOnFail: true,
				onError: 'continueErrorOutput',
			},
		);
		const outputs = await runItems(fake.ctx, operation({}, [1]));
		expect(outputs[0]).toEqual([]);
		expect(outputs[1].map((item) => [item.pairedItem, item.json, item.error instanceof Error])).toEqual([
			[{ item: 0 }, { error: '[item 0] Veritus answered HTTP 404 (not found). Veritus said: "Not here"' }, true],
			[{ item: 1 }, { error: '[item 1] Value is bad' }, true],
		]);
	});

	test('Stop Workflow: the first error stops new requests; the thrown error says what was done', async () => {
		const fake = fakeContext(3, () => ({ statusCode: 500, body: { success: false } }), {
			options: { maxConcurrent: 1 },
		});
		let error = undefined as unknown as NodeApiError;
		await runItems(fake.ctx, operation({})).catch((caught: unknown) => {
			error = caught as NodeApiError;
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(fake.sent).toHaveLength(1);
		expect(error.message).toBe(
			"[item 0] The Veritus API failed (HTTP 500). The customer may have been created: check external ID 'v0' in Veritus before trying again",
		);
		expect(error.description).toBe(
			[
				'The node does not retry server errors, because Veritus may have created the customer before failing.',
				'',
				'No item was answered by Veritus before the run stopped.',
				'Outcome unknown, the customer may have been created; check Veritus (1): items 0.',
				'Not sent (2): items 1, 2.',
			].join('\n'),
		);
		expect(error.context).toMatchObject({ answeredItems: [], unknownOutcomes: [0], notSent: [1, 2] });
	});

	test("an item's sensitive values are removed from its errors: message, description, messages, context", async () => {
		const fake = fakeContext(
			1,
			() => ({
				statusCode: 400,
				body: { success: false, publicFacingMessage: "ssnLastFour '4821' and dateOfBirth '1984-02-29' do not match" },
			}),
			{ continueOnFail: true },
		);
		const outputs = await runItems(
			fake.ctx,
			operation({
				prepare: (_ctx, itemIndex) => ({ itemIndex, value: 'v', sensitive: ['4821', '1984-02-29', undefined] }),
			}),
		);
		const error = outputs[1][0];
		expect(error.json.error).toBe(
			"[item 0] Veritus rejected the request (HTTP 400). Veritus said: \"ssnLastFour '[hidden]' and dateOfBirth '[hidden]' do not match\"",
		);
		expect(JSON.stringify(error.json)).not.toMatch(/4821|1984-02-29/);
	});

	test('as an AI Agent tool: one output, and errors throw', async () => {
		const good = fakeContext(2, (body) => ok([(body?.values as string[])[0] === 'v1' ? 1 : 0]), { tool: true });
		const outputs = await runItems(good.ctx, operation({}));
		expect(values(outputs[0])).toEqual([
			[{ item: 0 }, 'v0'],
			[{ item: 1 }, 'v1'],
		]);
		expect(outputs[1]).toEqual([]);
		const bad = fakeContext(1, () => ok([0]), { tool: true, continueOnFail: true });
		await expect(runItems(bad.ctx, operation({}, [0]))).rejects.toThrow('[item 0] Value is bad');
	});

	test('an operation that reads a different number of answers than items is an error for each item', async () => {
		const fake = fakeContext(2, () => ok([0]), { continueOnFail: true });
		const outputs = await runItems(fake.ctx, operation({ chunkSize: 2, send: async () => [answer({})] }));
		expect(outputs[1].map((item) => item.json.error)).toEqual([
			"[item 0] The operation read 1 answers for a request of 2 items. The customer may have been created: check external ID 'v0' in Veritus before trying again",
			"[item 1] The operation read 1 answers for a request of 2 items. The customer may have been created: check external ID 'v1' in Veritus before trying again",
		]);
	});

	test('a 2xx that is not the published success shape: the outcome is unknown', async () => {
		const fake = fakeContext(1, () => ({ statusCode: 200, body: '<html>' }), { continueOnFail: true });
		const outputs = await runItems(fake.ctx, operation({}));
		expect(outputs[1][0].json).toMatchObject({
			error:
				"[item 0] Veritus answered HTTP 200 with a body that is not JSON. The customer may have been created: check external ID 'v0' in Veritus before trying again",
			customerMayHaveBeenCreated: true,
			httpCode: 200,
		});
	});

	test("the operation's warnings become warning hints and log lines", async () => {
		const fake = fakeContext(1, () => ok([0]));
		await runItems(fake.ctx, operation({ warnings: (items) => [`${items.length} item(s) look odd`] }));
		expect(fake.hints).toEqual([{ type: 'warning', message: '1 item(s) look odd' }]);
		expect(fake.warnings).toEqual(['Veritus node "Veritus": 1 item(s) look odd']);
	});
});

describe('error wording by subject', () => {
	const node = fakeNode('subject-node');

	test("Call → Create's sentences are unchanged (the default subject)", () => {
		expect(errorForStatus(node, 1, 'c-1', 400, {}).description).toBe(
			"Veritus did not place the call. Fix the item's fields and run it again.",
		);
		expect(errorForStatus(node, 1, 'c-1', 429, {}).description).toMatch(/^The call was not placed\. Lower/);
		const server = errorForStatus(node, 1, 'c-1', 503, {});
		expect(server.message).toBe(
			'[item 1] The Veritus API failed (HTTP 503). The call may have been placed: check customer c-1 in Veritus before trying again',
		);
		expect(server.description).toBe(
			'The node does not retry server errors, because Veritus may have placed the call before failing.',
		);
		expect(server.context).toMatchObject({ customerId: 'c-1', callMayHaveBeenPlaced: true });
		expect(errorForStatus(node, 1, 'c-1', 404, {}).message).toBe(
			'[item 1] Customer c-1 was not found in Veritus (HTTP 404)',
		);
		expect(errorForStatus(node, 1, 'c-1', 418, {}).description).toBe('Veritus did not place the call.');
	});

	test('another subject words every status for itself, with its own flag and reference', () => {
		const about = { subject: SUBJECT, reference: "external ID 'A-1'", context: { externalId: 'A-1' } };
		expect(errorForStatus(node, 2, '', 422, {}, about).description).toBe(
			"Veritus did not create the customer. Fix the item's fields and run it again.",
		);
		expect(errorForStatus(node, 2, '', 429, {}, about).description).toMatch(/^The customer was not created\. Lower/);
		const server = errorForStatus(node, 2, '', 500, {}, about);
		expect(server.message).toBe(
			"[item 2] The Veritus API failed (HTTP 500). The customer may have been created: check external ID 'A-1' in Veritus before trying again",
		);
		expect(server.context).toMatchObject({ externalId: 'A-1', customerMayHaveBeenCreated: true, httpCode: 500 });
		expect(server.context.callMayHaveBeenPlaced).toBeUndefined();
		expect(server.context.customerId).toBeUndefined();
		const notFound = errorForStatus(node, 2, '', 404, {}, about);
		expect(notFound.message).toBe('[item 2] Veritus answered HTTP 404 (not found)');
		expect(notFound.description).toBe(
			'Check that the Base URL in the Veritus API credential points at the Veritus API.',
		);
	});

	test('a read-only subject never says "may have"', () => {
		const read: ErrorSubject = { ...SUBJECT, noun: 'client list', verb: 'read', done: 'read', readOnly: true };
		const server = errorForStatus(node, 0, '', 503, {}, { subject: read });
		expect(server.message).toBe('[item 0] The Veritus API failed (HTTP 503)');
		expect(server.description).toBe('Nothing was changed in Veritus; run it again later.');
		expect(server.context[read.unknownFlag]).toBeUndefined();
	});

	test('errorForItem rebuilds an error for another item of the same request, keeping its certainty', () => {
		const first = veritusApiError(
			node,
			{
				itemIndex: 0,
				customerId: '',
				subject: SUBJECT,
				reference: "external ID 'A'",
				certainty: 'unknown',
				httpCode: 502,
			},
			'The Veritus API failed (HTTP 502)',
			'Server error.',
		);
		const other = errorForItem(node, first, {
			itemIndex: 7,
			customerId: '',
			reference: "external ID 'B'",
			context: { externalId: 'B' },
		});
		expect(other.message).toBe(
			"[item 7] The Veritus API failed (HTTP 502). The customer may have been created: check external ID 'B' in Veritus before trying again",
		);
		expect(other.description).toBe('Server error.');
		expect(other.context).toMatchObject({
			externalId: 'B',
			customerMayHaveBeenCreated: true,
			httpCode: 502,
			itemIndex: 7,
		});
		// An error it did not build: same text for the item, outcome unknown.
		const foreign = errorForItem(node, new NodeOperationError(node, '[item 0] Something odd'), {
			itemIndex: 4,
			customerId: 'c-4',
			subject: CALL_SUBJECT,
		});
		expect(foreign.message).toBe(
			'[item 4] Something odd. The call may have been placed: check customer c-4 in Veritus before trying again',
		);
	});

	test('hideValues removes each value everywhere n8n keeps the text, longest first', () => {
		const error = veritusApiError(
			node,
			{ itemIndex: 0, customerId: 'c-1', certainty: 'notPlaced', context: { note: 'dob 1984-02-29' } },
			'ssn 4821 and dob 1984-02-29',
			'again 4821',
		);
		hideValues(error, ['4821', '1984-02-29', '', undefined]);
		const everything = JSON.stringify({
			message: error.message,
			description: error.description,
			messages: error.messages,
			context: error.context,
			response: (error as unknown as { errorResponse: unknown }).errorResponse,
		});
		expect(everything).not.toMatch(/4821|1984-02-29/);
		expect(error.message).toBe('[item 0] ssn [hidden] and dob [hidden]');
		expect(error.context.note).toBe('dob [hidden]');
	});
});

describe('the customer-ID hint', () => {
	test('a UUID in either case is a Veritus customer ID; an account number is not', () => {
		expect(isVeritusCustomerId('b9d6eaf9-071d-5246-bded-af2d3a4b7cf8')).toBe(true);
		expect(isVeritusCustomerId('B9D6EAF9-071D-5246-BDED-AF2D3A4B7CF8')).toBe(true);
		for (const id of [
			'100231',
			'cus_8f2a41c9d7e3',
			'b9d6eaf9071d5246bdedaf2d3a4b7cf8',
			'{b9d6eaf9-071d-5246-bded-af2d3a4b7cf8}',
		]) {
			expect(isVeritusCustomerId(id)).toBe(false);
		}
	});

	test('one warning for every item whose ID is not a UUID, at most 10 listed', () => {
		expect(customerIdWarnings([{ itemIndex: 0, customerId: 'b9d6eaf9-071d-5246-bded-af2d3a4b7cf8' }])).toEqual([]);
		const items = Array.from({ length: 12 }, (_, index) => ({ itemIndex: index + 1, customerId: `acct-${index}` }));
		const [warning] = customerIdWarnings([
			{ itemIndex: 0, customerId: 'b9d6eaf9-071d-5246-bded-af2d3a4b7cf8' },
			...items,
		]);
		expect(warning).toBe(
			'The Customer ID of items 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more is not a Veritus customer ID (a UUID), for example "acct-0": it looks like your own account number. Veritus names each customer by the UUID it assigns: create the customers with Customer → Create (or Create Many), keep the id field of its output, and map that id to Customer ID.',
		);
	});
});

describe('grouping, an item’s own subject, an idempotent subject', () => {
	test('groupBy: items of one key share requests (chunked, input order kept), keys in order of first appearance', async () => {
		const fake = fakeContext(7, (body) => ok((body?.values as string[]).map(() => 0)), { continueOnFail: true });
		const key = (itemIndex: number) => (itemIndex % 3 === 1 ? 'b' : 'a');
		const outputs = await runItems(fake.ctx, operation({ chunkSize: 2, groupBy: (item) => key(item.itemIndex) }, [3]));
		// a: 0, 2, (3 invalid), 5, 6; b: 1, 4.
		expect(fake.sent).toEqual([{ values: ['v0', 'v2'] }, { values: ['v5', 'v6'] }, { values: ['v1', 'v4'] }]);
		expect(values(outputs[0]).map(([paired]) => paired)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 4 },
			{ item: 5 },
			{ item: 6 },
		]);
		expect(values(outputs[1])).toEqual([[{ item: 3 }, '[item 3] Value is bad']]);
	});

	test('a grouped request that fails as a whole names its items by number when they are not contiguous', async () => {
		const fake = fakeContext(
			4,
			(body) => ((body?.values as string[])[0] === 'v1' ? { statusCode: 503, body: { success: false } } : ok([0, 0])),
			{ continueOnFail: true },
		);
		const outputs = await runItems(
			fake.ctx,
			operation({ chunkSize: 100, groupBy: (item) => String(item.itemIndex % 2) }),
		);
		expect(outputs[1].map((item) => [item.json.itemIndex, item.json.description])).toEqual([
			[
				1,
				'The node does not retry server errors, because Veritus may have created the customer before failing. The request carried 2 items (items 1, 3); each of them failed with it.',
			],
			[
				3,
				'The node does not retry server errors, because Veritus may have created the customer before failing. The request carried 2 items (items 1, 3); each of them failed with it.',
			],
		]);
	});

	test("an item's own read-only subject: its errors never say it may have taken effect", async () => {
		const readOnly: ErrorSubject = { ...SUBJECT, readOnly: true };
		const fake = fakeContext(2, () => ({ statusCode: 502, body: { success: false } }), { continueOnFail: true });
		const base = operation();
		const outputs = await runItems(
			fake.ctx,
			operation({
				prepare: (ctx, itemIndex) => ({
					...(base.prepare(ctx, itemIndex) as Row),
					...(itemIndex === 1 ? { subject: readOnly } : {}),
				}),
			}),
		);
		expect(
			outputs[1].map((item) => [item.json.error, item.json.description, item.json.customerMayHaveBeenCreated]),
		).toEqual([
			[
				"[item 0] The Veritus API failed (HTTP 502). The customer may have been created: check external ID 'v0' in Veritus before trying again",
				'The node does not retry server errors, because Veritus may have created the customer before failing.',
				true,
			],
			['[item 1] The Veritus API failed (HTTP 502)', 'Nothing was changed in Veritus; run it again later.', false],
		]);
	});

	test('an idempotent subject says a retry is safe instead of "check … before trying again"', () => {
		const subject: ErrorSubject = {
			noun: 'interaction',
			verb: 'analyze',
			done: 'analyzed',
			unknownFlag: 'interactionMayHaveBeenAnalyzed',
			request: 'request',
			idempotent: 'analysis is idempotent, so running the item again is safe',
		};
		const error = errorForStatus(fakeNode(), 4, '', 500, { publicFacingMessage: 'Boom' }, { subject });
		expect(error.message).toBe(
			'[item 4] The Veritus API failed (HTTP 500). Veritus said: "Boom". The interaction may have been analyzed; analysis is idempotent, so running the item again is safe',
		);
		expect(error.context.interactionMayHaveBeenAnalyzed).toBe(true);
		const known = errorForStatus(fakeNode(), 4, '', 400, { publicFacingMessage: 'Bad' }, { subject });
		expect(known.message).toBe('[item 4] Veritus rejected the request (HTTP 400). Veritus said: "Bad"');
	});
});
