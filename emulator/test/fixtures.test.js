'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { useEmulator, createCall, placedCalls } = require('./helpers');
const { loadFixtures, checkFixtures } = require('../fixtures');
const { DEMO_CLOCK } = require('../constants');

const emulator = useEmulator();
const fixtures = loadFixtures();

/** The outcome table of emulator/fixtures/README.md: `{ id, timeZone, inWindow, outcome, failed }` per row. */
function readmeTable() {
	const text = fs.readFileSync(path.join(__dirname, '../fixtures/README.md'), 'utf8');
	return text
		.split('\n')
		.filter((line) => /^\| `/.test(line) && line.split('|').length === 12)
		.map((line) => {
			const cells = line
				.split('|')
				.slice(1, -1)
				.map((cell) => cell.trim());
			return {
				id: cells[0].replace(/`/g, ''),
				timeZone: cells[2],
				inWindow: Number(cells[6]),
				outcome: cells[7],
				failed: cells[8] === '—' ? [] : cells[8].split(', '),
			};
		});
}

describe('customers.json', () => {
	test('24 customers across the seven US time zones, ids as text, two agents', () => {
		expect(fixtures.customers).toHaveLength(24);
		expect(fixtures.agents.map((a) => a.id)).toEqual(['agent-collections-01', 'agent-reminders-02']);
		expect(new Set(fixtures.customers.map((c) => c.timeZone))).toEqual(
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
		expect(fixtures.customers.every((c) => typeof c.id === 'string')).toBe(true);
		expect(fixtures.customers.some((c) => /^\d+$/.test(c.id))).toBe(true);
		expect(fixtures.customers.some((c) => c.id.startsWith('cus_'))).toBe(true);
	});

	test('the loader rejects duplicate ids, unknown time zones and bad timestamps', () => {
		const base = { agents: fixtures.agents, customers: [fixtures.customers[0]] };
		expect(() => checkFixtures({ ...base, customers: [fixtures.customers[0], fixtures.customers[0]] })).toThrow(
			'duplicate customers id "100231"',
		);
		expect(() =>
			checkFixtures({ ...base, customers: [{ ...fixtures.customers[0], timeZone: 'Mars/Olympus' }] }),
		).toThrow('unknown time zone "Mars/Olympus"');
		expect(() =>
			checkFixtures({ ...base, customers: [{ ...fixtures.customers[0], callsPlaced: ['yesterday'] }] }),
		).toThrow('must match format "date-time"');
		expect(() => checkFixtures({ ...base, customers: [{ ...fixtures.customers[0], id: 100231 }] })).toThrow(
			'must be string',
		);
	});
});

describe(`designed outcome at the demo clock ${DEMO_CLOCK}`, () => {
	/** Calls every customer once, in fixture order. @returns {Promise<Map<string, any>>} answers by id */
	async function callEveryone() {
		const answers = new Map();
		for (const customer of fixtures.customers)
			answers.set(customer.id, await createCall(emulator.current, customer.id));
		return answers;
	}

	test('16 pass, 3 fail is-active only, 2 fail cease-and-desist only, 2 fail the daily limit only, 1 fails both', async () => {
		const tally = {};
		for (const { body } of (await callEveryone()).values()) {
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

	test('every customer answers as the README table says', async () => {
		const answers = await callEveryone();
		const table = readmeTable();
		expect(table.map((row) => row.id)).toEqual(fixtures.customers.map((c) => c.id));
		for (const row of table) {
			const { status, body } = answers.get(row.id);
			const checks = [...body.data.compliance.checksPassed, ...body.data.compliance.checksFailed];
			const reason = checks.find((c) => c.id === 'four-voice-call-per-day').reason;
			expect({
				id: row.id,
				status,
				success: body.success,
				failed: body.data.compliance.checksFailed.map((c) => c.id),
				reason,
			}).toEqual({
				id: row.id,
				status: 200,
				success: row.outcome === 'pass',
				failed: row.failed,
				reason: expect.stringContaining(
					`had ${row.inWindow} voice call${row.inWindow === 1 ? '' : 's'} today within respectful hours window (${row.timeZone})`,
				),
			});
		}
	});

	test('exactly the 16 passing customers got a call', async () => {
		const answers = await callEveryone();
		const passing = [...answers.entries()].filter(([, a]) => a.body.success).map(([id]) => id);
		const { calls, countsByCustomer } = await placedCalls(emulator.current);
		expect(calls.map((c) => c.customerId)).toEqual(passing);
		expect(passing).toHaveLength(16);
		expect(Object.values(countsByCustomer).sort()).toEqual([...Array(8).fill(0), ...Array(16).fill(1)]);
	});
});
