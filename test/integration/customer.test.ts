/**
 * Customer → Create, Create Many, Update and Client → List (with the Client drop-down) in n8n-core's
 * real WorkflowExecute against the emulator: what is sent, where each item comes out, the 409 and
 * bulk duplicates on Already Exists, bulk partial success and whole-request failures (emulator
 * faults), clearing fields, 404, the customer-ID hint, and the On Error settings.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, NodeApiError } from 'n8n-workflow';
import { LoadOptionsContext } from 'n8n-core';

import { getClients } from '../../nodes/Veritus/actions/client';
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
import {
	buildAdditionalData,
	buildWorkflow,
	runVeritusWorkflow,
	VERITUS_NODE,
	type RunVeritusOptions,
} from '../helpers/workflow-harness';

const TOKEN = 'tok_customer_3f9a1c';
const emulator = useEmulator({ token: TOKEN });

const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({ credentials: { apiToken: TOKEN, baseUrl: emulator.current.baseUrl }, ...options });

/** The fixtures' clients, as GET /clients lists them. */
const CLIENTS = [
	{ id: 'e5510822-3a2d-579b-82a6-5b7f834247da', name: 'Northwind Lending' },
	{ id: '9c330e27-e504-5380-9479-ffd184e94bdd', name: 'Harbor Auto Finance' },
	{ id: '2d1bce6b-3a28-5628-a65c-fce074a1848a', name: 'Summit Card Services' },
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Customer fields mapped from the row's fields of the same name. */
const FIELDS: INodeParameters = {
	resource: 'customer',
	externalId: '={{ $json.externalId }}',
	firstName: '={{ $json.firstName }}',
	lastName: '={{ $json.lastName }}',
	email: '={{ $json.email }}',
	primaryPhone: '={{ $json.primaryPhone }}',
	zip: '={{ $json.zip }}',
	additionalFields: {
		clientId: '={{ $json.clientId }}',
		middleName: '={{ $json.middleName }}',
		secondaryPhone: '={{ $json.secondaryPhone }}',
		ssnLastFour: '={{ $json.ssnLastFour }}',
		dateOfBirth: '={{ $json.dateOfBirth }}',
		line1: '={{ $json.line1 }}',
		city: '={{ $json.city }}',
		state: '={{ $json.state }}',
	},
	collections: {
		totalBalance: '={{ $json.totalBalance }}',
		principalBalance: '={{ $json.principalBalance }}',
		chargeOffDate: '={{ $json.chargeOffDate }}',
		originalCreditor: '={{ $json.originalCreditor }}',
	},
};

/** A row of a new customer, with `extra` fields. */
const row = (externalId: string, extra: IDataObject = {}): IDataObject => ({
	externalId,
	firstName: 'Ada',
	lastName: `Row ${externalId}`,
	email: `${externalId.toLowerCase()}@example.com`,
	primaryPhone: '+12025550100',
	zip: '20001',
	...extra,
});

/** A collections customer: every field of the request body. */
const FULL_ROW = row('NEW-FULL', {
	clientId: CLIENTS[0].id,
	middleName: 'Quinn',
	secondaryPhone: '+12025550199',
	ssnLastFour: '4821',
	dateOfBirth: '1984-02-29',
	line1: '12 Elm St',
	city: 'Washington',
	state: 'DC',
	totalBalance: 5250.5,
	principalBalance: '5000',
	chargeOffDate: '2023-01-15',
	originalCreditor: 'ABC Bank',
});

const customerRequests = async (operation: string): Promise<RequestLogEntry[]> =>
	(await emulatorRequests(emulator.current)).filter((request) => request.operation === operation);
const errorContext = (item: INodeExecutionData) => (item.error as NodeApiError).context as IDataObject;
const paired = (items: INodeExecutionData[]) => items.map((item) => (item.pairedItem as { item: number }).item);
/** The emulator's customers as the API shows them (without the emulator's own profile and tags). */
const customersOf = async () =>
	(await control<{ customers: IDataObject[] }>(emulator.current, '/customers')).customers.map((customer) => {
		const { profile: _profile, tags: _tags, ...shown } = customer;
		return shown;
	});

describe('Customer → Create', () => {
	test('sends only the fields given; Created carries what Veritus returned, a known External ID goes to Already Exists', async () => {
		const result = await run({
			items: [FULL_ROW, row('100231'), row('NEW-MIN')],
			veritus: { parameters: { ...FIELDS, operation: 'create' } },
		});
		expect(result.error).toBeUndefined();
		const [created, existing] = result.outputs;
		expect(paired(created)).toEqual([0, 2]);
		expect(paired(existing)).toEqual([1]);

		const requests = await customerRequests('createCustomer');
		expect(requests.map((request) => request.body)).toEqual([
			{
				externalId: 'NEW-FULL',
				clientId: CLIENTS[0].id,
				firstName: 'Ada',
				middleName: 'Quinn',
				lastName: 'Row NEW-FULL',
				email: 'new-full@example.com',
				primaryPhone: '+12025550100',
				secondaryPhone: '+12025550199',
				ssnLastFour: '4821',
				dateOfBirth: '1984-02-29',
				address: { line1: '12 Elm St', city: 'Washington', state: 'DC', zip: '20001' },
				collections: {
					totalBalance: 5250.5,
					principalBalance: 5000,
					chargeOffDate: '2023-01-15',
					originalCreditor: 'ABC Bank',
				},
			},
			{
				externalId: '100231',
				firstName: 'Ada',
				lastName: 'Row 100231',
				email: '100231@example.com',
				primaryPhone: '+12025550100',
				address: { zip: '20001' },
			},
			{
				externalId: 'NEW-MIN',
				firstName: 'Ada',
				lastName: 'Row NEW-MIN',
				email: 'new-min@example.com',
				primaryPhone: '+12025550100',
				address: { zip: '20001' },
			},
		]);

		// Created: the customer as Veritus returned it (sensitive fields included: the output is the
		// user's own data), plus alreadyExists: false.
		const stored = await customersOf();
		const full = stored.find((customer) => customer.externalId === 'NEW-FULL') as IDataObject;
		expect(created[0].json).toEqual({ ...full, alreadyExists: false });
		expect(created[0].json.id).toMatch(UUID);
		expect(created[0].json).toMatchObject({ ssnLastFour: '4821', dateOfBirth: '1984-02-29', clientId: CLIENTS[0].id });
		expect(created[1].json).toMatchObject({ externalId: 'NEW-MIN', alreadyExists: false });
		expect(created[1].json.id).toMatch(UUID);

		// The 409 names no customer: Already Exists says so with the External ID.
		expect(existing[0].json).toEqual({
			alreadyExists: true,
			externalId: '100231',
			id: null,
			message: "A customer with external ID '100231' already exists.",
		});
	});

	test('Single Output: every item in input order on one output, branchable on alreadyExists', async () => {
		const result = await run({
			items: [row('100232'), row('NEW-ONE')],
			veritus: { parameters: { ...FIELDS, operation: 'create', outputLayout: 'single' } },
		});
		expect(result.outputs).toHaveLength(1);
		expect(result.outputs[0].map((item) => [item.json.externalId, item.json.alreadyExists])).toEqual([
			['100232', true],
			['NEW-ONE', false],
		]);
		expect(paired(result.outputs[0])).toEqual([0, 1]);
	});

	test('a bad row is never sent: Stop Workflow throws naming item and field before any request', async () => {
		const result = await run({
			items: [row('NEW-A'), row('NEW-B', { zip: '2000' })],
			veritus: { parameters: { ...FIELDS, operation: 'create' } },
		});
		expect(result.error?.message).toBe(
			'[item 1] ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), got "2000"',
		);
		expect(await customerRequests('createCustomer')).toEqual([]);
	});

	test('"Continue (using regular output)": a bad row becomes an error item on Already Exists, unsent', async () => {
		const result = await run({
			items: [row('NEW-A'), row('NEW-B', { primaryPhone: '(202) 555-0100' })],
			veritus: { parameters: { ...FIELDS, operation: 'create' }, continueOnFail: true },
		});
		const [created, second] = result.outputs;
		expect(paired(created)).toEqual([0]);
		expect(second).toHaveLength(1);
		expect(second[0].pairedItem).toEqual({ item: 1 });
		expect(second[0].json).toMatchObject({
			error:
				'[item 1] Primary Phone must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got "(202) 555-0100" (add + and the country code)',
			itemIndex: 1,
			customerMayHaveBeenCreated: false,
		});
		expect(second[0].json.alreadyExists).toBeUndefined();
		expect(
			(await customerRequests('createCustomer')).map((request) => (request.body as IDataObject).externalId),
		).toEqual(['NEW-A']);
	});

	test('"Continue (using error output)": a 503 goes to the error output saying the customer may have been created', async () => {
		await setFaults(emulator.current, [{ type: 'status', status: 503, operation: 'createCustomer', times: 1 }]);
		const result = await run({
			items: [row('NEW-A'), row('100231')],
			veritus: {
				parameters: { ...FIELDS, operation: 'create' },
				continueOnFail: true,
				onError: 'continueErrorOutput',
			},
		});
		expect(result.error).toBeUndefined();
		const [created, existing, errors] = result.outputs;
		expect(created).toEqual([]);
		expect(paired(existing)).toEqual([1]);
		expect(paired(errors)).toEqual([0]);
		expect(errors[0].json.error).toBe(
			'[item 0] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The customer may have been created: check external ID \'NEW-A\' in Veritus before trying again',
		);
		expect(errorContext(errors[0])).toMatchObject({
			externalId: 'NEW-A',
			customerMayHaveBeenCreated: true,
			httpCode: 503,
		});
		expect(errors[0].error?.description).toBe(
			'The node does not retry server errors, because Veritus may have created the customer before failing.',
		);
	});
});

describe('Customer → Create Many', () => {
	test('chunks in input order, maps every result back with pairedItem: created, already existing, failed, invalid', async () => {
		const rows = [
			row('BULK-1'),
			row('100233'), // preloaded: already exists
			row('BULK-2', { zip: 'ABCDE' }), // invalid here: never sent
			row('BULK-3', { clientId: '00000000-0000-4000-8000-00000000c11e' }), // unknown client: fails in Veritus
			row('BULK-1', { firstName: 'Again' }), // repeated in the input: the first one created it
			row('BULK-4'),
		];
		const result = await run({
			items: rows,
			veritus: {
				parameters: { ...FIELDS, operation: 'createMany', options: { chunkSize: 2 } },
				continueOnFail: true,
			},
		});
		expect(result.error).toBeUndefined();
		const [created, second] = result.outputs;
		expect(created.map((item) => [item.pairedItem, item.json.externalId, item.json.alreadyExists])).toEqual([
			[{ item: 0 }, 'BULK-1', false],
			[{ item: 5 }, 'BULK-4', false],
		]);
		for (const item of created) expect(item.json.id).toMatch(UUID);
		expect(created[0].json.createdAt).toEqual(expect.any(String));

		expect(paired(second)).toEqual([1, 2, 3, 4]);
		const [known, invalid, failed, repeated] = second.map((item) => item.json);
		expect(known).toEqual({
			alreadyExists: true,
			externalId: '100233',
			id: null,
			message: "Customer with external ID '100233' already exists",
		});
		expect(invalid).toMatchObject({
			error: '[item 2] ZIP Code must be 5 digits or 5+4 digits (12345 or 12345-1234), got "ABCDE"',
			customerMayHaveBeenCreated: false,
		});
		expect(failed).toMatchObject({
			error:
				'[item 3] Veritus did not create the customer: Invalid request data: clientId names no client of this organisation',
			externalId: 'BULK-3',
			httpCode: 200,
			customerMayHaveBeenCreated: false,
		});
		expect(repeated).toMatchObject({ alreadyExists: true, externalId: 'BULK-1', id: null });

		// Two customers per request, in input order, the invalid row left out.
		const requests = await customerRequests('createCustomersBulk');
		expect(
			requests.map((request) =>
				((request.body as { customers: IDataObject[] }).customers ?? []).map((customer) => customer.externalId),
			),
		).toEqual([['BULK-1', '100233'], ['BULK-3', 'BULK-1'], ['BULK-4']]);
	});

	test('a chunk that fails as a whole (503) fails only its own items, each saying Veritus may have created it', async () => {
		await setFaults(emulator.current, [{ type: 'status', status: 503, operation: 'createCustomersBulk', times: 1 }]);
		const result = await run({
			items: [row('CH-1'), row('CH-2'), row('CH-3'), row('CH-4')],
			veritus: {
				parameters: { ...FIELDS, operation: 'createMany', options: { chunkSize: 2, maxConcurrent: 1 } },
				continueOnFail: true,
			},
		});
		const [created, second] = result.outputs;
		expect(created.map((item) => [item.pairedItem, item.json.externalId])).toEqual([
			[{ item: 2 }, 'CH-3'],
			[{ item: 3 }, 'CH-4'],
		]);
		expect(second.map((item) => [item.pairedItem, item.json.externalId, item.json.customerMayHaveBeenCreated])).toEqual(
			[
				[{ item: 0 }, 'CH-1', true],
				[{ item: 1 }, 'CH-2', true],
			],
		);
		expect(second[0].json.error).toBe(
			'[item 0] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The customer may have been created: check external ID \'CH-1\' in Veritus before trying again',
		);
		expect(second[1].json.error).toBe(
			'[item 1] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The customer may have been created: check external ID \'CH-2\' in Veritus before trying again',
		);
		expect(second[1].json.description).toBe(
			'The node does not retry server errors, because Veritus may have created the customer before failing. The request carried 2 items (items 0 to 1); each of them failed with it.',
		);
	});

	test('a timed-out chunk may have created its customers (and did: the emulator answers late)', async () => {
		await setFaults(emulator.current, [{ type: 'timeout', ms: 5000, operation: 'createCustomersBulk', times: 1 }]);
		const result = await run({
			items: [row('TO-1'), row('TO-2'), row('TO-3')],
			veritus: {
				parameters: { ...FIELDS, operation: 'createMany', options: { chunkSize: 2, maxConcurrent: 1, timeout: 500 } },
				continueOnFail: true,
			},
		});
		const [created, second] = result.outputs;
		expect(created.map((item) => item.json.externalId)).toEqual(['TO-3']);
		expect(second.map((item) => [item.json.externalId, item.json.customerMayHaveBeenCreated])).toEqual([
			['TO-1', true],
			['TO-2', true],
		]);
		expect(second[0].json.error).toBe(
			"[item 0] Veritus did not answer within 500 ms. The customer may have been created: check external ID 'TO-1' in Veritus before trying again",
		);
		expect(second[0].json.description).toContain(
			'The node does not retry a timed-out request, because Veritus may have created the customer.',
		);
		// The emulator did create them: "may have" was right.
		const stored = (await customersOf()).map((customer) => customer.externalId);
		expect(stored).toEqual(expect.arrayContaining(['TO-1', 'TO-2', 'TO-3']));
	});

	test('a reset connection after sending: the chunk may have created its customers', async () => {
		await setFaults(emulator.current, [{ type: 'reset-after', operation: 'createCustomersBulk', times: 1 }]);
		const result = await run({
			items: [row('RS-1'), row('RS-2')],
			veritus: { parameters: { ...FIELDS, operation: 'createMany' }, continueOnFail: true },
		});
		const [created, second] = result.outputs;
		expect(created).toEqual([]);
		expect(second.map((item) => item.json.customerMayHaveBeenCreated)).toEqual([true, true]);
		expect(second[0].json.error).toMatch(
			/^\[item 0\] The connection to Veritus failed \(ECONNRESET\)\. The customer may have been created: check external ID 'RS-1'/,
		);
	});

	test('a chunk Veritus rejects (4xx) fails its own items, each saying it was not created', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { customersBulkLimit: 2 } });
		const result = await run({
			items: [row('4X-1'), row('4X-2'), row('4X-3'), row('4X-4')],
			veritus: { parameters: { ...FIELDS, operation: 'createMany', options: { chunkSize: 3 } }, continueOnFail: true },
		});
		const [created, second] = result.outputs;
		expect(created.map((item) => item.json.externalId)).toEqual(['4X-4']);
		expect(second.map((item) => [item.pairedItem, item.json.customerMayHaveBeenCreated, item.json.httpCode])).toEqual([
			[{ item: 0 }, false, 400],
			[{ item: 1 }, false, 400],
			[{ item: 2 }, false, 400],
		]);
		expect(second[2].json.error).toBe(
			'[item 2] Veritus rejected the request (HTTP 400). Veritus said: "Invalid request data: customers must hold at most 2 customers"',
		);
		expect(second[2].json.description).toBe(
			"Veritus did not create the customer. Fix the item's fields and run it again. The request carried 3 items (items 0 to 2); each of them failed with it.",
		);
	});

	test('Stop Workflow: a failed chunk stops the run, the error listing what was answered and what may exist', async () => {
		await setFaults(emulator.current, [{ type: 'status', status: 502, operation: 'createCustomersBulk', times: 1 }]);
		const result = await run({
			items: [row('ST-1'), row('ST-2'), row('ST-3')],
			veritus: { parameters: { ...FIELDS, operation: 'createMany', options: { chunkSize: 2, maxConcurrent: 1 } } },
		});
		expect(result.error?.message).toBe(
			'[item 0] The Veritus API failed (HTTP 502). Veritus said: "Bad Gateway". The customer may have been created: check external ID \'ST-1\' in Veritus before trying again',
		);
		expect(result.error?.description).toContain(
			'Outcome unknown, the customer may have been created; check Veritus (2): items 0, 1.',
		);
		expect(result.error?.description).toContain('Not sent (1): items 2.');
		expect(await customerRequests('createCustomersBulk')).toHaveLength(1);
	});
});

describe('Customer → Update', () => {
	const UPDATE: INodeParameters = {
		resource: 'customer',
		operation: 'update',
		customerId: '={{ $json.id }}',
		updateFields: { firstName: '={{ $json.firstName }}', zip: '={{ $json.zip }}' },
		fieldsToClear: ['secondaryPhone', 'address.line2'],
	};

	test('sends only the fields given and null for each field to clear; the output is the customer Veritus returned', async () => {
		// A customer with a secondary phone and an address line 2, created through the API first.
		const created = await run({
			items: [row('UPD-1', { secondaryPhone: '+12025550111', line1: '1 Main St' })],
			veritus: {
				parameters: {
					...FIELDS,
					operation: 'create',
					additionalFields: {
						secondaryPhone: '={{ $json.secondaryPhone }}',
						line1: '={{ $json.line1 }}',
						line2: 'Apt 4',
					},
				},
			},
		});
		const id = created.outputs[0][0].json.id as string;
		expect(created.outputs[0][0].json).toMatchObject({ secondaryPhone: '+12025550111', address: { line2: 'Apt 4' } });

		const result = await run({ items: [{ id, firstName: 'Grace', zip: '' }], veritus: { parameters: UPDATE } });
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(1);
		const [updateRequest] = await customerRequests('updateCustomer');
		expect(updateRequest.rawPath).toBe(`/api/v1/customers/${id}`);
		expect(updateRequest.body).toEqual({ firstName: 'Grace', secondaryPhone: null, address: { line2: null } });
		const stored = (await customersOf()).find((customer) => customer.id === id) as IDataObject;
		expect(stored).toMatchObject({
			firstName: 'Grace',
			secondaryPhone: null,
			address: { line1: '1 Main St', line2: null, zip: '20001' },
		});
		expect(result.outputs[0][0].json).toEqual(stored);
		expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
	});

	test('404 "Customer not found" is a clear error for that item; the others are updated', async () => {
		const result = await run({
			items: [
				{ id: UNKNOWN_CUSTOMER, firstName: 'Nobody' },
				{ id: veritusId('100232'), firstName: 'Renamed' },
			],
			veritus: { parameters: { ...UPDATE, fieldsToClear: [] }, continueOnFail: true },
		});
		const [items] = result.outputs;
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json).toMatchObject({
			error: `[item 0] Customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
			customerId: UNKNOWN_CUSTOMER,
			httpCode: 404,
			customerMayHaveBeenUpdated: false,
		});
		expect(items[1].json).toMatchObject({ id: veritusId('100232'), firstName: 'Renamed' });
	});

	test('a Customer ID that is not a UUID is sent anyway, with a warning hint pointing at Customer → Create', async () => {
		const result = await run({
			items: [{ id: '100231', firstName: 'Account Number' }],
			veritus: { parameters: { ...UPDATE, fieldsToClear: [] }, continueOnFail: true },
		});
		expect(result.task.hints).toEqual([
			{
				type: 'warning',
				message:
					'The Customer ID of item 0 is not a Veritus customer ID (a UUID), for example "100231": it looks like your own account number. Veritus names each customer by the UUID it assigns: create the customers with Customer → Create (or Create Many), keep the id field of its output, and map that id to Customer ID.',
			},
		]);
		expect((await customerRequests('updateCustomer')).map((request) => request.rawPath)).toEqual([
			'/api/v1/customers/100231',
		]);
		expect(result.outputs[0][0].json.error).toMatch(/^\[item 0\] /);
		// The request broke the published contract (the path's format: uuid), as the hint said.
		const violations = await emulatorViolations(emulator.current);
		expect(violations.map((violation) => [violation.direction, violation.operation])).toEqual([
			['request', 'PATCH /customers/{customerId}'],
		]);
		await clearViolations(emulator.current);
	});
});

describe('the customer-ID hint on Call → Create', () => {
	test('a Customer ID that is not a UUID gets the same warning; UUIDs get none', async () => {
		const result = await run({
			items: [
				{ customerId: veritusId('100231'), agentId: AGENT },
				{ customerId: '100232', agentId: AGENT },
			],
			veritus: { continueOnFail: true, parameters: { options: { skipPlaced: false } } },
		});
		const warnings = (result.task.hints ?? []).filter((hint) => hint.type === 'warning').map((hint) => hint.message);
		expect(warnings).toContain(
			'The Customer ID of item 1 is not a Veritus customer ID (a UUID), for example "100232": it looks like your own account number. Veritus names each customer by the UUID it assigns: create the customers with Customer → Create (or Create Many), keep the id field of its output, and map that id to Customer ID.',
		);
		await clearViolations(emulator.current);
	});
});

describe('Client → List', () => {
	test('one request for the run; each input item yields every client with its pairedItem', async () => {
		const result = await run({
			items: [{ a: 1 }, { a: 2 }],
			veritus: { parameters: { resource: 'client', operation: 'list' } },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(1);
		expect(result.outputs[0].map((item) => [item.pairedItem, item.json])).toEqual([
			...CLIENTS.map((client) => [{ item: 0 }, client]),
			...CLIENTS.map((client) => [{ item: 1 }, client]),
		]);
		expect(await customerRequests('listClients')).toHaveLength(1);
	});

	test('a rejected token fails every input item, without "may have"', async () => {
		const result = await runVeritusWorkflow({
			credentials: { apiToken: 'tok_wrong', baseUrl: emulator.current.baseUrl },
			items: [{ a: 1 }],
			veritus: { parameters: { resource: 'client', operation: 'list' }, continueOnFail: true },
		});
		expect(result.outputs[0]).toHaveLength(1);
		expect(result.outputs[0][0].json).toEqual({
			error:
				'[item 0] The Veritus API token was rejected (HTTP 401). Veritus said: "Unauthorized. Make sure to pass the correct authorization token."',
			description: 'Check the API Token in the Veritus API credential, and that it belongs to this Base URL.',
			itemIndex: 0,
			httpCode: 401,
		});
	});
});

describe('the Client drop-down (loadOptions getClients)', () => {
	/** Calls getClients in n8n-core's own load-options context for the node of a workflow. */
	const loadClients = async (apiToken: string) => {
		const options: RunVeritusOptions = {
			items: [],
			credentials: { apiToken, baseUrl: emulator.current.baseUrl },
			veritus: { parameters: { ...FIELDS, operation: 'create' } },
		};
		const { workflow } = buildWorkflow(options);
		const additionalData = buildAdditionalData(workflow, options.credentials, 'load-options');
		const node = workflow.getNode(VERITUS_NODE);
		if (!node) throw new Error('no Veritus node');
		const context = new LoadOptionsContext(workflow, node, additionalData, 'additionalFields.clientId');
		return await getClients.call(context);
	};

	test('lists the clients by name, valued by their ID, sorted by name', async () => {
		expect(await loadClients(TOKEN)).toEqual([
			{ name: 'Harbor Auto Finance', value: CLIENTS[1].id },
			{ name: 'Northwind Lending', value: CLIENTS[0].id },
			{ name: 'Summit Card Services', value: CLIENTS[2].id },
		]);
		expect(await customerRequests('listClients')).toHaveLength(1);
	});

	test('a rejected token: the drop-down shows why', async () => {
		await expect(loadClients('tok_wrong')).rejects.toThrow(
			'Could not load the clients from Veritus: The Veritus API token was rejected (HTTP 401). Veritus said: "Unauthorized. Make sure to pass the correct authorization token."',
		);
	});
});
