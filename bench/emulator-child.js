'use strict';

/**
 * The benchmark's Veritus API emulator, in a process of its own (started with `fork()` by
 * bench/measure.js) so that its CPU use is scheduled apart from the bench script's.
 *
 * It generates `BENCH_CUSTOMERS` customers (account numbers `bench-0 … bench-<N-1>`, customer
 * IDs `benchCustomerId(i)`) that all pass compliance at the fixed clock (active, no
 * cease-and-desist, no earlier calls, 13:00 local time), and one agent. It reports `{ baseUrl, controlUrl }` to the parent over IPC and runs until it is told
 * `{ type: 'close' }` or the parent goes away. Latency and rate limit are set per run through
 * `PUT /__emulator/config`; `POST /__emulator/reset` restores the customers between runs.
 */
const { startEmulator, DEMO_CLOCK } = require('../emulator');

/** The benchmark's agent (Veritus agent IDs are UUIDs). */
const AGENT_ID = '0b0b0b0b-0000-4000-8000-000000000001';

/** Prefix of the benchmark's customer IDs: customer `i` is `${BENCH_ID_PREFIX}${i padded to 12 digits}`. */
const BENCH_ID_PREFIX = '00000000-0000-4000-8000-';

/**
 * The customer ID of benchmark customer `index`: a UUID a Code node in n8n can build with string
 * padding alone (the benchmark's input node does).
 * @param {number} index
 * @returns {string}
 */
function benchCustomerId(index) {
	return `${BENCH_ID_PREFIX}${String(index).padStart(12, '0')}`;
}
/** The emulator's fixed clock during the benchmark (13:00 in New York, inside respectful hours). */
const CLOCK = DEMO_CLOCK;

/** Fixtures with `count` customers that all pass every compliance rule at {@link CLOCK}. */
function benchFixtures(count) {
	const customers = [];
	for (let index = 0; index < count; index++) {
		customers.push({
			id: benchCustomerId(index),
			externalId: `bench-${index}`,
			firstName: 'Bench',
			lastName: `Customer ${index}`,
			email: `bench.${index}@example.com`,
			primaryPhone: `+1212${String(5000000 + index).padStart(7, '0')}`,
			address: { state: 'NY', zip: '10001' },
			profile: { timeZone: 'America/New_York', active: true, ceaseAndDesist: false, callsPlaced: [] },
		});
	}
	return { agents: [{ id: AGENT_ID, name: 'Bench agent', fromPhoneNumber: '+14155559876' }], customers };
}

async function main() {
	const count = Number(process.env.BENCH_CUSTOMERS || 10000);
	const emulator = await startEmulator({
		token: process.env.BENCH_TOKEN,
		clock: CLOCK,
		seed: 1,
		fixtures: benchFixtures(count),
	});
	const close = async () => {
		await emulator.close();
		process.exit(0);
	};
	process.on('message', (message) => {
		if (message && message.type === 'close') void close();
	});
	process.on('disconnect', () => void close());
	process.send({ type: 'ready', baseUrl: emulator.baseUrl, controlUrl: emulator.controlUrl, pid: process.pid });
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = { AGENT_ID, BENCH_ID_PREFIX, CLOCK, benchFixtures, benchCustomerId };
