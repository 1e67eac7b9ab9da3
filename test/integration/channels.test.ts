/**
 * SMS → Generate, Import, Import Many; Email → Generate, Import, Import Many; Interaction →
 * Analyze, in n8n-core's real WorkflowExecute against the emulator: what is sent (every request
 * checked against the provider's published contract), where each item comes out, Import Many's
 * grouping by customer, per-item failures and whole-request failures (emulator faults), Persist
 * on and off, Analyze's skipped outcome and its idempotence, 404s, and the On Error settings.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, NodeApiError } from 'n8n-workflow';

import {
	AGENT,
	clearViolations,
	control,
	emulatorRequests,
	emulatorViolations,
	setFaults,
	UNKNOWN_CUSTOMER,
	useEmulator,
	type RequestLogEntry,
} from '../helpers/emulator';
import { veritusId } from '../helpers/fixtures';
import { runVeritusWorkflow, type RunVeritusOptions } from '../helpers/workflow-harness';

const TOKEN = 'tok_channels_7c1e2d';
const emulator = useEmulator({ token: TOKEN });

const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({ credentials: { apiToken: TOKEN, baseUrl: emulator.current.baseUrl }, ...options });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MARIA = veritusId('100231');
const JAMES = veritusId('100232');
const PRIYA = veritusId('100233');

/** The emulator's log of one operation's requests. */
const requestsOf = async (operation: string): Promise<RequestLogEntry[]> =>
	(await emulatorRequests(emulator.current)).filter((request) => request.operation === operation);
const paired = (items: INodeExecutionData[]) => items.map((item) => (item.pairedItem as { item: number }).item);
const errorContext = (item: INodeExecutionData) => (item.error as NodeApiError).context as IDataObject;

/** Stored SMS and emails, as the emulator keeps them. */
const storedInteractions = async () =>
	(await control<{ interactions: IDataObject[] }>(emulator.current, '/interactions')).interactions;

/** Every request of the test validated against the provider's published contract (beside the afterEach check). */
async function expectAllRequestsValid(): Promise<void> {
	const requests = await emulatorRequests(emulator.current);
	expect(requests.length).toBeGreaterThan(0);
	expect(requests.map((request) => [request.operation, request.contract.request])).toEqual(
		requests.map((request) => [request.operation, 'valid']),
	);
}

/** SMS → Import / Import Many fields mapped from the row's fields of the same name. */
const SMS_IMPORT: INodeParameters = {
	resource: 'sms',
	customerId: '={{ $json.customerId }}',
	direction: '={{ $json.direction }}',
	timestamp: '={{ $json.timestamp }}',
	from: '={{ $json.from }}',
	to: '={{ $json.to }}',
	body: '={{ $json.body }}',
	additionalFields: { threadId: '={{ $json.threadId }}', segments: '={{ $json.segments }}' },
};

/** An inbound SMS row of `customerId`. */
const smsRow = (customerId: string, extra: IDataObject = {}): IDataObject => ({
	customerId,
	direction: 'inbound',
	timestamp: '2026-11-30T12:00:00Z',
	from: '+12135550142',
	to: '+12025550100',
	body: 'Hello, about my account',
	...extra,
});

/** Email → Import / Import Many fields mapped from the row. */
const EMAIL_IMPORT: INodeParameters = {
	resource: 'email',
	customerId: '={{ $json.customerId }}',
	direction: '={{ $json.direction }}',
	timestamp: '={{ $json.timestamp }}',
	from: '={{ $json.from }}',
	to: '={{ $json.to }}',
	subject: '={{ $json.subject }}',
	plainTextBody: '={{ $json.text }}',
	htmlBody: '={{ $json.html }}',
	additionalFields: {
		cc: '={{ $json.cc }}',
		bcc: '={{ $json.bcc }}',
		messageId: '={{ $json.messageId }}',
		threadId: '={{ $json.threadId }}',
	},
};

/** An inbound email row of `customerId`. */
const emailRow = (customerId: string, extra: IDataObject = {}): IDataObject => ({
	customerId,
	direction: 'inbound',
	timestamp: '2026-11-30T12:00:00Z',
	from: 'maria@example.com',
	to: 'accounts@example.com',
	subject: 'My account',
	text: 'Hello, about my account.',
	...extra,
});

describe('SMS → Generate', () => {
	const GENERATE: INodeParameters = {
		resource: 'sms',
		operation: 'generate',
		customerId: '={{ $json.customerId }}',
		from: '+12025550100',
		to: '={{ $json.to }}',
		persist: '={{ $json.persist }}',
		additionalFields: { threadId: '={{ $json.threadId }}' },
	};

	test('Persist on stores the SMS as outbound (threadId back); Persist off only drafts it; the body follows the contract', async () => {
		const thread = 'a1b2c3d4-0000-4000-8000-000000000001';
		const result = await run({
			items: [
				{ customerId: MARIA, to: '+12135550142', persist: true, threadId: thread },
				{ customerId: JAMES, persist: false },
				{ customerId: PRIYA, to: '+12025550177' }, // Persist left to its default: on
			],
			veritus: { parameters: GENERATE },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(1);
		const [stored, draft, byDefault] = result.outputs[0].map((item) => item.json);
		expect(paired(result.outputs[0])).toEqual([0, 1, 2]);
		expect(stored).toEqual({
			message: expect.stringContaining('Hi Maria'),
			threadId: thread,
			customerId: MARIA,
			persisted: true,
		});
		expect(draft).toEqual({ message: expect.stringContaining('account 100232'), customerId: JAMES, persisted: false });
		expect(byDefault).toMatchObject({ customerId: PRIYA, persisted: true, threadId: expect.stringMatching(UUID) });

		expect((await requestsOf('generateSms')).map((request) => [request.rawPath, request.body])).toEqual([
			[
				`/api/v1/customers/${MARIA}/interactions/sms/generate`,
				{ from: '+12025550100', to: '+12135550142', persist: true, threadId: thread },
			],
			[`/api/v1/customers/${JAMES}/interactions/sms/generate`, { from: '+12025550100', persist: false }],
			[
				`/api/v1/customers/${PRIYA}/interactions/sms/generate`,
				{ from: '+12025550100', to: '+12025550177', persist: true },
			],
		]);
		// Only the persisted ones are stored, as outbound SMS.
		const smsStored = (await storedInteractions()).map((i) => [i.customerId, i.channel, i.direction, i.source]);
		expect(smsStored).toEqual([
			[MARIA, 'sms', 'outbound', 'generate'],
			[PRIYA, 'sms', 'outbound', 'generate'],
		]);
		await expectAllRequestsValid();
	});

	test('Persist on without To is rejected before anything is sent', async () => {
		const result = await run({
			items: [{ customerId: MARIA, to: '+12135550142' }, { customerId: JAMES }],
			veritus: { parameters: GENERATE },
		});
		expect(result.error?.message).toBe('[item 1] To is required when Persist is on');
		expect(await requestsOf('generateSms')).toEqual([]);
	});

	test('a 503: with Persist on the SMS may have been stored; with Persist off nothing may have happened', async () => {
		await setFaults(emulator.current, [{ type: 'status', status: 503, operation: 'generateSms', times: 2 }]);
		const result = await run({
			items: [
				{ customerId: MARIA, to: '+12135550142', persist: true },
				{ customerId: JAMES, persist: false },
			],
			veritus: { parameters: { ...GENERATE, options: { maxConcurrent: 1 } }, continueOnFail: true },
		});
		const [on, off] = result.outputs[0];
		expect(on.json).toMatchObject({
			error: `[item 0] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The SMS may have been generated and stored: check customer ${MARIA} in Veritus before trying again`,
			description:
				'The node does not retry server errors, because Veritus may have generated and stored the SMS before failing.',
			smsMayHaveBeenStored: true,
			httpCode: 503,
		});
		expect(off.json).toMatchObject({
			error: '[item 1] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable"',
			description: 'Nothing was changed in Veritus; run it again later.',
			smsMayHaveBeenStored: false,
		});
	});

	test('an unknown customer: 404 names the Customer ID', async () => {
		const result = await run({
			items: [{ customerId: UNKNOWN_CUSTOMER, persist: false }],
			veritus: { parameters: GENERATE, continueOnFail: true },
		});
		expect(result.outputs[0][0].json).toMatchObject({
			error: `[item 0] Customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
			customerId: UNKNOWN_CUSTOMER,
			httpCode: 404,
		});
	});

	test('a Customer ID that is not a UUID is sent with the warning hint', async () => {
		const result = await run({
			items: [{ customerId: '100231', persist: false }],
			veritus: { parameters: GENERATE, continueOnFail: true },
		});
		expect(result.task.hints?.map((hint) => hint.message)).toEqual([
			expect.stringMatching(/^The Customer ID of item 0 is not a Veritus customer ID \(a UUID\), for example "100231"/),
		]);
		expect(result.outputs[0][0].json.error).toMatch(/^\[item 0\] /);
		expect((await emulatorViolations(emulator.current)).map((v) => [v.direction, v.operation])).toEqual([
			['request', 'POST /customers/{customerId}/interactions/sms/generate'],
		]);
		await clearViolations(emulator.current);
	});
});

describe('SMS → Import', () => {
	test('sends every field in the contract form (timestamp in UTC) and outputs the interaction Veritus stored', async () => {
		const thread = 'a1b2c3d4-0000-4000-8000-000000000002';
		const result = await run({
			items: [
				smsRow(MARIA, {
					timestamp: '2026-11-30T07:00:00-05:00',
					segments: 2,
					threadId: thread,
					body: 'Line 1\nLine 2',
				}),
				smsRow(JAMES, { direction: 'Outbound', from: '+12025550100', to: '+12135550111' }),
			],
			veritus: { parameters: { ...SMS_IMPORT, operation: 'import' } },
		});
		expect(result.error).toBeUndefined();
		expect((await requestsOf('importSms')).map((request) => request.body)).toEqual([
			{
				direction: 'inbound',
				timestamp: '2026-11-30T12:00:00.000Z',
				from: '+12135550142',
				to: '+12025550100',
				body: 'Line 1\nLine 2',
				threadId: thread,
				segments: 2,
			},
			{
				direction: 'outbound',
				timestamp: '2026-11-30T12:00:00.000Z',
				from: '+12025550100',
				to: '+12135550111',
				body: 'Hello, about my account',
			},
		]);
		const stored = await storedInteractions();
		const [first, second] = result.outputs[0];
		expect(first.json).toEqual({
			id: stored[0].id,
			threadId: thread,
			channel: 'sms',
			direction: 'inbound',
			customerId: MARIA,
			timestamp: '2026-11-30T12:00:00.000Z',
			createdAt: expect.any(String),
		});
		expect(second.json).toMatchObject({ customerId: JAMES, direction: 'outbound', id: stored[1].id });
		expect(paired(result.outputs[0])).toEqual([0, 1]);
		await expectAllRequestsValid();
	});

	test('"Continue (using error output)": a bad row and a 404 go to the error output; the good one is imported', async () => {
		const result = await run({
			items: [smsRow(MARIA), smsRow(JAMES, { to: '202-555-0100' }), smsRow(UNKNOWN_CUSTOMER)],
			veritus: {
				parameters: { ...SMS_IMPORT, operation: 'import' },
				continueOnFail: true,
				onError: 'continueErrorOutput',
			},
		});
		const [imported, errors] = result.outputs;
		expect(paired(imported)).toEqual([0]);
		expect(paired(errors)).toEqual([1, 2]);
		expect(errors[0].json.error).toBe(
			'[item 1] To must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got "202-555-0100" (add + and the country code)',
		);
		expect(errors[1].json.error).toBe(
			`[item 2] Customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
		);
		expect(errorContext(errors[1])).toMatchObject({ smsMayHaveBeenImported: false, httpCode: 404 });
		expect(await requestsOf('importSms')).toHaveLength(2);
	});

	test('a reset after sending: the SMS may have been imported (and was), named by customer and time', async () => {
		await setFaults(emulator.current, [{ type: 'reset-after', operation: 'importSms', times: 1 }]);
		const result = await run({
			items: [smsRow(MARIA)],
			veritus: { parameters: { ...SMS_IMPORT, operation: 'import' }, continueOnFail: true },
		});
		expect(result.outputs[0][0].json).toMatchObject({
			error: `[item 0] The connection to Veritus failed (ECONNRESET). The SMS may have been imported: check customer ${MARIA}'s SMS of 2026-11-30T12:00:00.000Z in Veritus before trying again`,
			smsMayHaveBeenImported: true,
			timestamp: '2026-11-30T12:00:00.000Z',
		});
		expect(await storedInteractions()).toHaveLength(1);
	});
});

describe('SMS → Import Many', () => {
	test('groups by customer (input order kept), chunks, and maps every result back: imported, failed in Veritus, invalid', async () => {
		// A thread of Priya's: an SMS of Maria's that names it fails in Veritus on its own.
		const priyaThread = 'a1b2c3d4-0000-4000-8000-0000000000aa';
		const setup = await run({
			items: [smsRow(PRIYA, { threadId: priyaThread })],
			veritus: { parameters: { ...SMS_IMPORT, operation: 'import' } },
		});
		expect(setup.error).toBeUndefined();
		const before = (await emulatorRequests(emulator.current)).length;

		const rows = [
			smsRow(MARIA, { body: 'm0' }),
			smsRow(JAMES, { body: 'j1' }),
			smsRow(MARIA, { body: 'm2', threadId: priyaThread }), // fails in Veritus
			smsRow(MARIA, { body: 'm3', timestamp: '30/11/2026 12:00' }), // invalid: never sent
			smsRow(JAMES, { body: 'j4' }),
			smsRow(MARIA, { body: 'm5' }),
			smsRow(MARIA, { body: 'm6' }),
		];
		const result = await run({
			items: rows,
			veritus: {
				parameters: { ...SMS_IMPORT, operation: 'importMany', options: { chunkSize: 2, maxConcurrent: 1 } },
				continueOnFail: true,
			},
		});
		expect(result.error).toBeUndefined();
		const out = result.outputs[0];
		expect(paired(out)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		const stored = await storedInteractions();
		const storedId = (body: string) =>
			stored.find((i) => (i.content as IDataObject).body === body)?.id ?? `missing ${body}`;
		expect(out.map((item) => item.json.id ?? item.json.error)).toEqual([
			storedId('m0'),
			storedId('j1'),
			`[item 2] Veritus did not import the SMS: Invalid request data: threadId ${priyaThread} is a thread of another customer`,
			'[item 3] Timestamp must be an ISO 8601 date and time with a time zone, such as 2024-01-15T10:30:00Z or 2024-01-15T05:30:00-05:00, got "30/11/2026 12:00"',
			storedId('j4'),
			storedId('m5'),
			storedId('m6'),
		]);
		expect(out[0].json).toMatchObject({ channel: 'sms', customerId: MARIA, direction: 'inbound' });
		expect(out[1].json).toMatchObject({ customerId: JAMES });
		expect(out[2].json).toMatchObject({ smsMayHaveBeenImported: false, httpCode: 200, customerId: MARIA });

		// One customer per request, its items in input order, at most two each; the invalid row left out.
		const bulk = (await emulatorRequests(emulator.current))
			.slice(before)
			.filter((r) => r.operation === 'importSmsBulk');
		expect(
			bulk.map((request) => [
				request.rawPath,
				(request.body as { interactions: IDataObject[] }).interactions.map((i) => i.body),
			]),
		).toEqual([
			[`/api/v1/customers/${MARIA}/interactions/sms/import/bulk`, ['m0', 'm2']],
			[`/api/v1/customers/${MARIA}/interactions/sms/import/bulk`, ['m5', 'm6']],
			[`/api/v1/customers/${JAMES}/interactions/sms/import/bulk`, ['j1', 'j4']],
		]);
		await expectAllRequestsValid();
	});

	test("a request that fails as a whole (503) fails only its customer's items, each saying it may have been imported", async () => {
		await setFaults(emulator.current, [
			{ type: 'status', status: 503, operation: 'importSmsBulk', customerId: JAMES, times: 1 },
		]);
		const result = await run({
			items: [
				smsRow(MARIA, { body: 'm0' }),
				smsRow(JAMES, { body: 'j1' }),
				smsRow(MARIA, { body: 'm2' }),
				smsRow(JAMES, { body: 'j3' }),
			],
			veritus: { parameters: { ...SMS_IMPORT, operation: 'importMany' }, continueOnFail: true },
		});
		const out = result.outputs[0];
		expect(
			out.map((item) => [item.pairedItem, item.json.customerId, item.json.smsMayHaveBeenImported ?? null]),
		).toEqual([
			[{ item: 0 }, MARIA, null],
			[{ item: 1 }, JAMES, true],
			[{ item: 2 }, MARIA, null],
			[{ item: 3 }, JAMES, true],
		]);
		expect(out[0].json.id).toMatch(UUID);
		expect(out[1].json.error).toBe(
			`[item 1] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The SMS may have been imported: check customer ${JAMES}'s SMS of 2026-11-30T12:00:00.000Z in Veritus before trying again`,
		);
		expect(out[3].json.description).toBe(
			'The node does not retry server errors, because Veritus may have imported the SMS before failing. The request carried 2 items (items 1, 3); each of them failed with it.',
		);
	});

	test('a request that times out: its items may have been imported (the emulator did import them)', async () => {
		await setFaults(emulator.current, [{ type: 'timeout', ms: 5000, operation: 'importSmsBulk', times: 1 }]);
		const result = await run({
			items: [smsRow(MARIA, { body: 'm0' }), smsRow(MARIA, { body: 'm1' })],
			veritus: {
				parameters: { ...SMS_IMPORT, operation: 'importMany', options: { timeout: 500 } },
				continueOnFail: true,
			},
		});
		expect(result.outputs[0].map((item) => [item.json.smsMayHaveBeenImported, item.json.error])).toEqual([
			[
				true,
				`[item 0] Veritus did not answer within 500 ms. The SMS may have been imported: check customer ${MARIA}'s SMS of 2026-11-30T12:00:00.000Z in Veritus before trying again`,
			],
			[
				true,
				`[item 1] Veritus did not answer within 500 ms. The SMS may have been imported: check customer ${MARIA}'s SMS of 2026-11-30T12:00:00.000Z in Veritus before trying again`,
			],
		]);
		// The emulator imported them before holding its answer: "may have" was right.
		expect((await storedInteractions()).map((i) => (i.content as IDataObject).body)).toEqual(['m0', 'm1']);
	});

	test('Stop Workflow: a failed request stops the run; the error lists what was answered and what may exist', async () => {
		await setFaults(emulator.current, [
			{ type: 'status', status: 502, operation: 'importSmsBulk', customerId: JAMES, times: 1 },
		]);
		const result = await run({
			items: [smsRow(MARIA), smsRow(JAMES), smsRow(JAMES), smsRow(PRIYA)],
			veritus: { parameters: { ...SMS_IMPORT, operation: 'importMany', options: { maxConcurrent: 1 } } },
		});
		expect(result.error?.message).toBe(
			`[item 1] The Veritus API failed (HTTP 502). Veritus said: "Bad Gateway". The SMS may have been imported: check customer ${JAMES}'s SMS of 2026-11-30T12:00:00.000Z in Veritus before trying again`,
		);
		expect(result.error?.description).toContain('Answered by Veritus before the run stopped (1): items 0.');
		expect(result.error?.description).toContain(
			'Outcome unknown, the SMS may have been imported; check Veritus (2): items 1, 2.',
		);
		expect(result.error?.description).toContain('Not sent (1): items 3.');
		expect(await requestsOf('importSmsBulk')).toHaveLength(2);
	});
});

describe('Email → Generate', () => {
	test('Persist on stores the email (threadId back); Persist off drafts it; HTML and plain text come back', async () => {
		const result = await run({
			items: [{ customerId: MARIA }, { customerId: JAMES, persist: 'false' }],
			veritus: {
				parameters: {
					resource: 'email',
					operation: 'generate',
					customerId: '={{ $json.customerId }}',
					persist: '={{ $json.persist ?? true }}',
				},
			},
		});
		expect(result.error).toBeUndefined();
		const [stored, draft] = result.outputs[0].map((item) => item.json);
		expect(stored).toEqual({
			htmlBody: expect.stringContaining('<p>Dear Maria'),
			plainTextBody: expect.stringContaining('Dear Maria'),
			threadId: expect.stringMatching(UUID),
			customerId: MARIA,
			persisted: true,
		});
		expect(draft).toEqual({
			htmlBody: expect.any(String),
			plainTextBody: expect.stringContaining('account 100232'),
			customerId: JAMES,
			persisted: false,
		});
		expect((await requestsOf('generateEmail')).map((request) => request.body)).toEqual([
			{ persist: true },
			{ persist: false },
		]);
		expect((await storedInteractions()).map((i) => [i.customerId, i.channel, i.direction])).toEqual([
			[MARIA, 'email', 'outbound'],
		]);
		await expectAllRequestsValid();
	});
});

describe('Email → Import', () => {
	test('sends every field (address lists from text or a list, only the bodies given) and outputs the interaction with its messageId', async () => {
		const result = await run({
			items: [
				emailRow(MARIA, {
					to: 'accounts@example.com; team@example.com',
					cc: ['boss@example.com'],
					bcc: 'audit@example.com',
					text: '',
					html: '<p>Hello</p>',
					messageId: 'abc123@mail.example.com',
					threadId: 'a1b2c3d4-0000-4000-8000-000000000003',
					timestamp: '2026-11-30T13:00:00+01:00',
				}),
				emailRow(JAMES, { subject: '', direction: 'outbound', from: 'accounts@example.com', to: 'james@example.com' }),
			],
			veritus: { parameters: { ...EMAIL_IMPORT, operation: 'import' } },
		});
		expect(result.error).toBeUndefined();
		expect((await requestsOf('importEmail')).map((request) => request.body)).toEqual([
			{
				direction: 'inbound',
				timestamp: '2026-11-30T12:00:00.000Z',
				from: 'maria@example.com',
				to: ['accounts@example.com', 'team@example.com'],
				cc: ['boss@example.com'],
				bcc: ['audit@example.com'],
				subject: 'My account',
				htmlBody: '<p>Hello</p>',
				threadId: 'a1b2c3d4-0000-4000-8000-000000000003',
				messageId: 'abc123@mail.example.com',
			},
			{
				direction: 'outbound',
				timestamp: '2026-11-30T12:00:00.000Z',
				from: 'accounts@example.com',
				to: ['james@example.com'],
				subject: '',
				plainTextBody: 'Hello, about my account.',
			},
		]);
		const [first, second] = result.outputs[0].map((item) => item.json);
		expect(first).toEqual({
			id: expect.stringMatching(UUID),
			messageId: 'abc123@mail.example.com',
			threadId: 'a1b2c3d4-0000-4000-8000-000000000003',
			channel: 'email',
			direction: 'inbound',
			customerId: MARIA,
			timestamp: '2026-11-30T12:00:00.000Z',
			createdAt: expect.any(String),
		});
		expect(second).toMatchObject({ channel: 'email', direction: 'outbound', customerId: JAMES });
		await expectAllRequestsValid();
	});

	test('an email with neither body is rejected before sending, naming both fields', async () => {
		const result = await run({
			items: [emailRow(MARIA, { text: '  \n ', html: '' })],
			veritus: { parameters: { ...EMAIL_IMPORT, operation: 'import' } },
		});
		expect(result.error?.message).toBe('[item 0] Plain Text Body or HTML Body is required: both are empty');
		expect(await requestsOf('importEmail')).toEqual([]);
	});
});

describe('Email → Import Many', () => {
	test('per customer and in order; a failure in Veritus fails its item alone; a 4xx request fails its own items only', async () => {
		const jamesThread = 'a1b2c3d4-0000-4000-8000-0000000000bb';
		const setup = await run({
			items: [emailRow(JAMES, { threadId: jamesThread })],
			veritus: { parameters: { ...EMAIL_IMPORT, operation: 'import' } },
		});
		expect(setup.error).toBeUndefined();

		const result = await run({
			items: [
				emailRow(MARIA, { subject: 'e0' }),
				emailRow(MARIA, { subject: 'e1', threadId: jamesThread }), // another customer's thread: fails alone
				emailRow(PRIYA, { subject: 'p2' }),
				emailRow(MARIA, { subject: 'e3' }),
			],
			veritus: { parameters: { ...EMAIL_IMPORT, operation: 'importMany' }, continueOnFail: true },
		});
		const out = result.outputs[0];
		expect(out.map((item) => [item.pairedItem, item.json.customerId, item.json.error ?? 'imported'])).toEqual([
			[{ item: 0 }, MARIA, 'imported'],
			[
				{ item: 1 },
				MARIA,
				`[item 1] Veritus did not import the email: Invalid request data: threadId ${jamesThread} is a thread of another customer`,
			],
			[{ item: 2 }, PRIYA, 'imported'],
			[{ item: 3 }, MARIA, 'imported'],
		]);
		expect(out[1].json).toMatchObject({ emailMayHaveBeenImported: false, httpCode: 200 });
		const bulk = await requestsOf('importEmailBulk');
		expect(
			bulk.map((request) => (request.body as { interactions: IDataObject[] }).interactions.map((i) => i.subject)),
		).toEqual([['e0', 'e1', 'e3'], ['p2']]);
		await expectAllRequestsValid();
	});

	test('101 emails of one customer go out as 100 and 1; a request answered 4xx fails its own items, each not imported', async () => {
		const rows = Array.from({ length: 101 }, (_, i) => emailRow(MARIA, { subject: `s${i}` }));
		const first = await run({ items: rows, veritus: { parameters: { ...EMAIL_IMPORT, operation: 'importMany' } } });
		expect(first.error).toBeUndefined();
		expect(first.outputs[0]).toHaveLength(101);
		expect(first.outputs[0].every((item) => UUID.test(String(item.json.id)))).toBe(true);
		const sizes = (await requestsOf('importEmailBulk')).map(
			(request) => (request.body as { interactions: unknown[] }).interactions.length,
		);
		expect(sizes).toEqual([100, 1]);

		// A request Veritus rejects as a whole: an unknown customer (404), two items.
		const second = await run({
			items: [emailRow(UNKNOWN_CUSTOMER), emailRow(MARIA), emailRow(UNKNOWN_CUSTOMER)],
			veritus: { parameters: { ...EMAIL_IMPORT, operation: 'importMany' }, continueOnFail: true },
		});
		expect(
			second.outputs[0].map((item) => [
				item.pairedItem,
				item.json.emailMayHaveBeenImported ?? null,
				item.json.httpCode ?? null,
			]),
		).toEqual([
			[{ item: 0 }, false, 404],
			[{ item: 1 }, null, null],
			[{ item: 2 }, false, 404],
		]);
		expect(second.outputs[0][2].json.error).toBe(
			`[item 2] Customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
		);
		expect(second.outputs[0][2].json.description).toBe(
			'Check the Customer ID mapped for this item, and that the Base URL points at the right Veritus environment. The request carried 2 items (items 0, 2); each of them failed with it.',
		);
	});
});

describe('Interaction → Analyze', () => {
	const ANALYZE: INodeParameters = {
		resource: 'interaction',
		operation: 'analyze',
		interactionId: '={{ $json.id }}',
		applyOutcomes: '={{ $json.applyOutcomes ?? true }}',
	};

	/** The emulator's customer record (with its tags). */
	const customerTags = async (customerId: string) =>
		((await control<{ customers: IDataObject[] }>(emulator.current, '/customers')).customers.find(
			(customer) => customer.id === customerId,
		)?.tags ?? []) as string[];

	test('analyzes imported SMS into output variables, applies outcomes only when asked, and answers a repeat the same', async () => {
		const imported = await run({
			items: [
				smsRow(MARIA, { body: 'I will pay on Friday' }),
				smsRow(JAMES, { body: 'I will pay on Friday, please call me back' }),
			],
			veritus: { parameters: { ...SMS_IMPORT, operation: 'import' } },
		});
		const [maria, james] = imported.outputs[0].map((item) => item.json);

		const rows = [{ id: maria.id }, { id: String(james.id).toUpperCase(), applyOutcomes: false }];
		const first = await run({ items: rows, veritus: { parameters: ANALYZE } });
		expect(first.error).toBeUndefined();
		const [a, b] = first.outputs[0].map((item) => item.json);
		expect(a).toEqual({
			interactionId: maria.id,
			channel: 'sms',
			outputVariables: {
				'promise-to-pay': true,
				dispute: false,
				'stop-requests': false,
				'human-follow-up-requested': false,
				'callback-requested': false,
			},
			skipped: false,
		});
		expect(b).toMatchObject({ channel: 'sms', skipped: false, outputVariables: { 'callback-requested': true } });
		expect((await requestsOf('analyzeInteraction')).map((request) => [request.rawPath, request.body])).toEqual([
			[`/api/v1/interactions/${String(maria.id)}/analyze`, { applyOutcomes: true }],
			[`/api/v1/interactions/${String(james.id).toUpperCase()}/analyze`, { applyOutcomes: false }],
		]);
		expect(await customerTags(MARIA)).toContain('promise-to-pay');
		expect(await customerTags(JAMES)).toEqual([]);

		// Idempotent: the same items again give the same answers.
		const again = await run({ items: rows, veritus: { parameters: ANALYZE } });
		expect(again.outputs[0].map((item) => item.json)).toEqual([a, b]);
		await expectAllRequestsValid();
	});

	test('"Analysis was skipped." (a call nobody talked in) is an outcome, skipped: true, not an error', async () => {
		// Place calls until one had a conversation and one did not (the outcomes follow the emulator's seed).
		const ids: string[] = [];
		for (const account of ['100232', '100233', '100234', '100235', '100236', '100237', '100238', '007215']) {
			const response = await fetch(`${emulator.current.baseUrl}/customers/${veritusId(account)}/calls`, {
				method: 'POST',
				headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify({ agentId: AGENT }),
			});
			const body = (await response.json()) as { data: { id: string } };
			ids.push(body.data.id);
		}
		const { calls } = await control<{ calls: Array<{ id: string; outcome: { outputVariables: IDataObject | null } }> }>(
			emulator.current,
			'/calls',
		);
		const silent = calls.find((call) => call.outcome.outputVariables === null);
		const talked = calls.find((call) => call.outcome.outputVariables !== null);
		if (!silent || !talked) throw new Error('the emulator placed no call of each kind');

		const result = await run({ items: [{ id: silent.id }, { id: talked.id }], veritus: { parameters: ANALYZE } });
		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json)).toEqual([
			{
				interactionId: silent.id,
				channel: null,
				outputVariables: null,
				skipped: true,
				message: 'Analysis was skipped.',
			},
			{ interactionId: talked.id, channel: 'voice', outputVariables: talked.outcome.outputVariables, skipped: false },
		]);
		expect((await requestsOf('analyzeInteraction')).map((request) => request.status)).toEqual([400, 200]);
	});

	test('404 names the Interaction ID; a 503 says a retry is safe; a non-UUID is never sent', async () => {
		const unknown = '00000000-0000-4000-8000-0000000000ff';
		const imported = await run({
			items: [smsRow(MARIA, { body: 'stop texting me' })],
			veritus: { parameters: { ...SMS_IMPORT, operation: 'import' } },
		});
		const id = String(imported.outputs[0][0].json.id);
		await setFaults(emulator.current, [{ type: 'status', status: 503, operation: 'analyzeInteraction', times: 1 }]);
		const result = await run({
			items: [{ id }, { id: unknown }, { id: '42' }],
			veritus: { parameters: { ...ANALYZE, options: { maxConcurrent: 1 } }, continueOnFail: true },
		});
		const [failed, missing, invalid] = result.outputs[0].map((item) => item.json);
		expect(failed).toMatchObject({
			error: `[item 0] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The interaction may have been analyzed; analysis is idempotent, so running the item again is safe: Veritus answers an interaction it analyzed already with the same result`,
			interactionId: id,
			interactionMayHaveBeenAnalyzed: true,
		});
		expect(missing).toMatchObject({
			error: `[item 1] Interaction ${unknown} was not found in Veritus (HTTP 404). Veritus said: "Interaction not found"`,
			interactionId: unknown,
			httpCode: 404,
			interactionMayHaveBeenAnalyzed: false,
		});
		expect(invalid.error).toBe('[item 2] Interaction ID must be a UUID (8-4-4-4-12 hexadecimal digits), got "42"');
		expect((await requestsOf('analyzeInteraction')).map((request) => request.rawPath)).toEqual([
			`/api/v1/interactions/${id}/analyze`,
			`/api/v1/interactions/${unknown}/analyze`,
		]);

		// Running the failed item again is safe and gives the analysis.
		const retry = await run({ items: [{ id }], veritus: { parameters: ANALYZE } });
		expect(retry.outputs[0][0].json).toMatchObject({ skipped: false, outputVariables: { 'stop-requests': true } });
	});
});
