'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { useEmulator, api, createCall, control, placedCalls } = require('./helpers');
const { loadFixtures, checkFixtures } = require('../fixtures');
const { fixtureUuid } = require('../random');
const { DEMO_CLOCK } = require('../constants');

const emulator = useEmulator({ seed: 5, complianceFailureShape: 'seed' });
const fixtures = loadFixtures();
const raw = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/customers.json'), 'utf8'));

/**
 * The outcome table of emulator/fixtures/README.md, one object per row.
 * @returns {{ externalId: string, id: string, timeZone: string, active: boolean, ceaseAndDesist: boolean,
 *   inWindow: number, preload: boolean, outcome: string, failed: string[] }[]}
 */
function readmeTable() {
	const text = fs.readFileSync(path.join(__dirname, '../fixtures/README.md'), 'utf8');
	return text
		.split('\n')
		.filter((line) => /^\| `[^`]+` \| `[0-9a-f-]{36}` \|/.test(line))
		.map((line) => {
			const cells = line
				.split('|')
				.slice(1, -1)
				.map((cell) => cell.trim().replace(/`/g, ''));
			return {
				externalId: cells[0],
				id: cells[1],
				timeZone: cells[3],
				active: cells[5] === 'yes',
				ceaseAndDesist: cells[6] === 'yes',
				inWindow: Number(cells[7]),
				preload: cells[8] === 'yes',
				outcome: cells[9],
				failed: cells[10] === '—' ? [] : cells[10].split(', '),
			};
		});
}

/** The request body that creates a fixture customer. */
function createBody(fixture) {
	const { id, preload, profile, ...record } = fixture;
	return record;
}

describe('customers.json', () => {
	test('24 preloaded customers across the seven US time zones, one more to create, two agents; all IDs UUIDs', () => {
		expect(fixtures.customers.filter((c) => c.preload)).toHaveLength(24);
		expect(fixtures.customers.filter((c) => !c.preload).map((c) => c.externalId)).toEqual(['100299']);
		expect(new Set(fixtures.customers.filter((c) => c.preload).map((c) => c.profile.timeZone))).toEqual(
			new Set([
				'America/Los_Angeles',
				'America/Denver',
				'America/Chicago',
				'America/New_York',
				'America/Phoenix',
				'Pacific/Honolulu',
				'America/Anchorage',
			]),
		);
		const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
		const ids = [
			...fixtures.customers.map((c) => c.id),
			...fixtures.agents.map((a) => a.id),
			...fixtures.clients.map((c) => c.id),
			...fixtures.webhookSecrets.map((s) => s.id),
		];
		expect(ids.filter((id) => !uuid.test(id))).toEqual([]);
		expect(fixtures.agents.map((a) => a.name)).toEqual(['Collections agent', 'Payment reminders agent']);
		expect(fixtures.customers.some((c) => /^\d+$/.test(c.externalId))).toBe(true);
		expect(fixtures.customers.some((c) => c.externalId.startsWith('cus_'))).toBe(true);
	});

	test("every customer's ID is fixtureUuid('customer', externalId), so a file may leave IDs out", () => {
		for (const customer of fixtures.customers) expect(customer.id).toBe(fixtureUuid('customer', customer.externalId));
		const withoutIds = { ...raw, customers: raw.customers.map(({ id, ...rest }) => rest) };
		expect(checkFixtures(withoutIds).customers.map((c) => c.id)).toEqual(fixtures.customers.map((c) => c.id));
	});

	test('the loader rejects duplicate IDs and external IDs, unknown time zones and bad timestamps', () => {
		const first = raw.customers[0];
		const base = { agents: raw.agents, customers: [first] };
		expect(() => checkFixtures({ ...base, customers: [first, { ...first, id: undefined }] })).toThrow(
			'duplicate customers id',
		);
		expect(() =>
			checkFixtures({ ...base, customers: [first, { ...first, id: fixtureUuid('customer', 'x') }] }),
		).toThrow('duplicate customers externalId "100231"');
		expect(() =>
			checkFixtures({ ...base, customers: [{ ...first, profile: { ...first.profile, timeZone: 'Mars/Olympus' } }] }),
		).toThrow('unknown time zone "Mars/Olympus"');
		expect(() =>
			checkFixtures({ ...base, customers: [{ ...first, profile: { ...first.profile, callsPlaced: ['yesterday'] } }] }),
		).toThrow('must match format "date-time"');
		expect(() => checkFixtures({ ...base, customers: [{ ...first, externalId: 100231 }] })).toThrow('must be string');
		expect(() => checkFixtures({ ...base, customers: [{ ...first, id: '100231' }] })).toThrow(
			'must match format "uuid"',
		);
	});
});

describe(`designed outcome at the demo clock ${DEMO_CLOCK}`, () => {
	/** Calls every customer of the list once, in order. @returns {Promise<Map<string, any>>} answers by external ID */
	async function callEach(list) {
		const answers = new Map();
		for (const customer of list) answers.set(customer.externalId, await createCall(emulator.current, customer.id));
		return answers;
	}

	/** Checks every row of the README table against the answers. */
	function expectTable(answers) {
		const table = readmeTable();
		expect(table.map((row) => row.externalId)).toEqual(fixtures.customers.map((c) => c.externalId));
		for (const row of table) {
			const fixture = fixtures.customers.find((c) => c.externalId === row.externalId);
			expect({
				id: fixture.id,
				timeZone: fixture.profile.timeZone,
				active: fixture.profile.active,
				ceaseAndDesist: fixture.profile.ceaseAndDesist,
				preload: fixture.preload,
			}).toEqual({
				id: row.id,
				timeZone: row.timeZone,
				active: row.active,
				ceaseAndDesist: row.ceaseAndDesist,
				preload: row.preload,
			});
			const { status, body } = answers.get(row.externalId);
			const checks = [...body.data.compliance.checksPassed, ...body.data.compliance.checksFailed];
			const reason = checks.find((c) => c.id === 'four-voice-call-per-day').reason;
			expect({
				externalId: row.externalId,
				status,
				success: body.success,
				failed: body.data.compliance.checksFailed.map((c) => c.id),
				reason,
			}).toEqual({
				externalId: row.externalId,
				status: 200,
				success: row.outcome === 'pass',
				failed: row.failed,
				reason: expect.stringContaining(
					`had ${row.inWindow} voice call${row.inWindow === 1 ? '' : 's'} today within respectful hours window (${row.timeZone})`,
				),
			});
		}
	}

	test('preloaded: 16 pass, 3 fail is-active only, 2 cease-and-desist only, 2 the daily limit only, 1 both', async () => {
		const tally = {};
		for (const { body } of (await callEach(fixtures.customers.filter((c) => c.preload))).values()) {
			const key = body.data.compliance.checksFailed.map((c) => c.id).join('+') || 'pass';
			tally[key] = (tally[key] || 0) + 1;
		}
		expect(tally).toEqual({
			pass: 16,
			'is-active': 3,
			'cease-and-desist-exclusion': 2,
			'four-voice-call-per-day': 2,
			'is-active+cease-and-desist-exclusion': 1,
		});
	});

	test('every customer answers as the README table says (the one not preloaded once created)', async () => {
		const [notPreloaded] = fixtures.customers.filter((c) => !c.preload);
		const created = await api(emulator.current, 'POST', '/customers', { body: createBody(notPreloaded) });
		expect(created.body.data.id).toBe(notPreloaded.id);
		expectTable(await callEach(fixtures.customers));
	});

	test('the same outcome when every customer is created from account numbers through Create Many', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { preloadCustomers: false } });
		await control(emulator.current, '/reset', { method: 'POST' });
		expect((await control(emulator.current, '/customers')).customers).toEqual([]);
		const created = await api(emulator.current, 'POST', '/customers/bulk', {
			body: { customers: fixtures.customers.map(createBody) },
		});
		expect(created.body.data.summary).toEqual({ total: 25, succeeded: 25, failed: 0 });
		expect(created.body.data.results.map((r) => r.customer.id)).toEqual(fixtures.customers.map((c) => c.id));
		expectTable(await callEach(fixtures.customers));
	});

	test('exactly the 16 passing customers got a call', async () => {
		const answers = await callEach(fixtures.customers.filter((c) => c.preload));
		const passing = [...answers.entries()].filter(([, a]) => a.body.success).map(([id]) => id);
		const { calls, countsByCustomer } = await placedCalls(emulator.current);
		expect(calls.map((c) => fixtures.customers.find((f) => f.id === c.customerId).externalId)).toEqual(passing);
		expect(passing).toHaveLength(16);
		expect(Object.values(countsByCustomer).sort()).toEqual([...Array(8).fill(0), ...Array(16).fill(1)]);
	});
});
