'use strict';

const { DEMO_CLOCK } = require('..');
const { useEmulator, api, createCall, control, C, UNKNOWN_ID } = require('./helpers');

const emulator = useEmulator({ seed: 21, complianceFailureShape: 'seed' });

const JANE = {
	externalId: 'ACC-1001',
	firstName: 'Jane',
	lastName: 'Doe',
	email: 'jane.doe@example.com',
	primaryPhone: '+12025551234',
	address: { line1: '1 Main St', city: 'Austin', state: 'TX', zip: '78701' },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The customer as the control endpoint lists it (record, profile, tags). */
async function stored(id) {
	return (await control(emulator.current, '/customers')).customers.find((c) => c.id === id);
}

describe('Create Customer', () => {
	test('answers the record with a new UUID and createdAt; a default profile from the address', async () => {
		const { status, body } = await api(emulator.current, 'POST', '/customers', { body: JANE });
		expect(status).toBe(200);
		expect(body).toEqual({
			requestId: expect.stringMatching(UUID),
			success: true,
			data: { id: expect.stringMatching(UUID), ...JANE, createdAt: new Date(DEMO_CLOCK).toISOString() },
		});
		expect((await stored(body.data.id)).profile).toEqual({
			timeZone: 'America/Chicago',
			active: true,
			ceaseAndDesist: false,
			callsPlaced: [],
		});
		expect((await createCall(emulator.current, body.data.id)).body.success).toBe(true);
	});

	test('an address without a known state gets the default time zone', async () => {
		const { body } = await api(emulator.current, 'POST', '/customers', {
			body: { ...JANE, address: { zip: '20001' } },
		});
		expect((await stored(body.data.id)).profile.timeZone).toBe('America/New_York');
	});

	test("a duplicate externalId: 409 in the API document's words", async () => {
		await api(emulator.current, 'POST', '/customers', { body: JANE });
		const again = await api(emulator.current, 'POST', '/customers', { body: { ...JANE, firstName: 'Janet' } });
		expect(again.status).toBe(409);
		expect(again.body.publicFacingMessage).toBe("A customer with external ID 'ACC-1001' already exists.");
		const preloaded = await api(emulator.current, 'POST', '/customers', { body: { ...JANE, externalId: '100231' } });
		expect(preloaded.body.publicFacingMessage).toBe("A customer with external ID '100231' already exists.");
	});

	test.each([
		[{ primaryPhone: '2025551234' }, 'primaryPhone must be an E.164 phone number, such as +12025551234'],
		[{ secondaryPhone: '+1 202 555 1234' }, 'secondaryPhone must be an E.164 phone number, such as +12025551234'],
		[
			{ address: { zip: '7870' } },
			'address.zip must be a ZIP code of 5 digits or 5+4 digits, such as 20001 or 20001-1234',
		],
		[{ ssnLastFour: '123' }, 'ssnLastFour must be exactly 4 digits'],
		[{ dateOfBirth: '1985-02-30' }, 'dateOfBirth must be a date as YYYY-MM-DD, such as 1985-03-15'],
		[{ email: 'jane@' }, 'email must be an email address, such as jane.doe@example.com'],
		[{ collections: { totalBalance: 10 } }, 'collections needs ssnLastFour and dateOfBirth'],
		[
			{ ssnLastFour: '1234', dateOfBirth: '1985-03-15', collections: { totalBalance: -5 } },
			'collections.totalBalance must be a number of 0 or more',
		],
		[{ clientId: UNKNOWN_ID }, 'clientId names no client of this organisation'],
		[{ externalId: '' }, 'externalId must be a non-empty string'],
	])('%j: 400 naming the field', async (change, problem) => {
		const response = await api(emulator.current, 'POST', '/customers', { body: { ...JANE, ...change } });
		expect(response.status).toBe(400);
		expect(response.body.publicFacingMessage).toBe(`Invalid request data: ${problem}`);
	});

	test('a client of the organisation is accepted in any case and kept in lower case', async () => {
		const clients = (await api(emulator.current, 'GET', '/clients')).body.data;
		const { body } = await api(emulator.current, 'POST', '/customers', {
			body: { ...JANE, clientId: clients[1].id.toUpperCase() },
		});
		expect(body.data.clientId).toBe(clients[1].id);
	});

	test("a fixture external ID, once created, gets the fixture's UUID and profile", async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { preloadCustomers: false } });
		await control(emulator.current, '/reset', { method: 'POST' });
		const { body } = await api(emulator.current, 'POST', '/customers', { body: { ...JANE, externalId: '100241' } });
		expect(body.data.id).toBe(C('100241'));
		expect(body.data.firstName).toBe('Jane'); // the request's record, the fixture's profile
		expect((await stored(C('100241'))).profile).toMatchObject({
			ceaseAndDesist: true,
			timeZone: 'America/Los_Angeles',
		});
		expect(
			(await createCall(emulator.current, C('100241'))).body.data.compliance.checksFailed.map((c) => c.id),
		).toEqual(['cease-and-desist-exclusion']);
	});
});

describe('Create Customers in Bulk', () => {
	test("partial success, results in request order, summary in the document's words", async () => {
		const customers = [
			{ ...JANE, externalId: 'B-1' },
			{ ...JANE, externalId: 'B-2', primaryPhone: '555-0100' },
			{ ...JANE, externalId: '100232' },
			{ ...JANE, externalId: 'B-1', firstName: 'Again' },
			{ ...JANE, externalId: 'B-3' },
		];
		const { status, body } = await api(emulator.current, 'POST', '/customers/bulk', { body: { customers } });
		expect(status).toBe(200);
		expect(body.success).toBe(true);
		expect(body.data.summary).toEqual({ total: 5, succeeded: 2, failed: 3 });
		expect(body.data.results).toEqual([
			{ success: true, customer: expect.objectContaining({ externalId: 'B-1', id: expect.stringMatching(UUID) }) },
			{
				success: false,
				externalId: 'B-2',
				error: 'Invalid request data: primaryPhone must be an E.164 phone number, such as +12025551234',
			},
			{ success: false, externalId: '100232', error: "Customer with external ID '100232' already exists" },
			{ success: false, externalId: 'B-1', error: "Customer with external ID 'B-1' already exists" },
			{ success: true, customer: expect.objectContaining({ externalId: 'B-3', createdAt: expect.any(String) }) },
		]);
	});

	test('an empty list, a list over the limit, or no list: 400', async () => {
		const empty = await api(emulator.current, 'POST', '/customers/bulk', { body: { customers: [] } });
		expect(empty.body.publicFacingMessage).toBe(
			'Invalid request data: customers must be a list of 1 or more customers',
		);
		await control(emulator.current, '/config', { method: 'PUT', body: { customersBulkLimit: 2 } });
		const many = await api(emulator.current, 'POST', '/customers/bulk', {
			body: { customers: ['a', 'b', 'c'].map((x) => ({ ...JANE, externalId: x })) },
		});
		expect([many.status, many.body.publicFacingMessage]).toEqual([
			400,
			'Invalid request data: customers must hold at most 2 customers',
		]);
		expect((await api(emulator.current, 'POST', '/customers/bulk', { body: JANE })).status).toBe(400);
		expect((await control(emulator.current, '/customers')).customers).toHaveLength(24);
	});
});

describe('Update Customer', () => {
	test('changes only the fields sent; null clears; address and collections merge field by field', async () => {
		const { body: created } = await api(emulator.current, 'POST', '/customers', {
			body: {
				...JANE,
				secondaryPhone: '+12025550000',
				ssnLastFour: '1234',
				dateOfBirth: '1985-03-15',
				collections: { totalBalance: 100, originalCreditor: 'ABC Bank' },
			},
		});
		const id = created.data.id;
		const { status, body } = await api(emulator.current, 'PATCH', `/customers/${id.toUpperCase()}`, {
			body: {
				firstName: 'Janet',
				secondaryPhone: null,
				address: { line1: null, zip: '78702' },
				collections: { totalBalance: 80, originalCreditor: null },
			},
		});
		expect(status).toBe(200);
		expect(body.data).toEqual({
			...created.data,
			firstName: 'Janet',
			secondaryPhone: null,
			address: { ...JANE.address, line1: null, zip: '78702' },
			collections: { totalBalance: 80, originalCreditor: null },
		});
		const cleared = await api(emulator.current, 'PATCH', `/customers/${id}`, { body: { collections: null } });
		expect(cleared.body.data.collections).toBeNull();
	});

	test('an unknown customer: 404 Customer not found; a non-UUID ID: 400', async () => {
		const missing = await api(emulator.current, 'PATCH', `/customers/${UNKNOWN_ID}`, { body: { firstName: 'X' } });
		expect([missing.status, missing.body.publicFacingMessage]).toEqual([404, 'Customer not found']);
		const account = await api(emulator.current, 'PATCH', '/customers/100231', { body: { firstName: 'X' } });
		expect(account.status).toBe(400);
		await control(emulator.current, '/violations', { method: 'DELETE' });
	});

	test.each([
		[{}, 'body must be an object with at least one field to change'],
		[{ externalId: 'NEW' }, 'externalId is not a field of this request'],
		[{ firstName: null }, 'firstName must be a non-empty string'],
		[
			{ address: { zip: null } },
			'address.zip must be a ZIP code of 5 digits or 5+4 digits, such as 20001 or 20001-1234',
		],
		[{ collections: { totalBalance: 5 } }, 'collections needs ssnLastFour and dateOfBirth'],
	])('%j: 400 naming the field, nothing changes', async (patch, problem) => {
		const before = await stored(C('100232'));
		const response = await api(emulator.current, 'PATCH', `/customers/${C('100232')}`, { body: patch });
		expect([response.status, response.body.publicFacingMessage]).toEqual([400, `Invalid request data: ${problem}`]);
		expect(await stored(C('100232'))).toEqual(before);
	});

	test('a patch that would leave collections without a total balance, or the SSN while collections stay: 400', async () => {
		const { body } = await api(emulator.current, 'POST', '/customers', {
			body: { ...JANE, ssnLastFour: '1234', dateOfBirth: '1985-03-15' },
		});
		const id = body.data.id;
		const partial = await api(emulator.current, 'PATCH', `/customers/${id}`, {
			body: { collections: { originalCreditor: 'ABC Bank' } },
		});
		expect(partial.body.publicFacingMessage).toBe('Invalid request data: collections.totalBalance is required');
		await api(emulator.current, 'PATCH', `/customers/${id}`, { body: { collections: { totalBalance: 1 } } });
		const clearSsn = await api(emulator.current, 'PATCH', `/customers/${id}`, { body: { ssnLastFour: null } });
		expect(clearSsn.body.publicFacingMessage).toBe(
			'Invalid request data: collections needs ssnLastFour and dateOfBirth',
		);
	});
});
