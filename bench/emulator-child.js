'use strict';

/**
 * The benchmark's Veritus API emulator, in a process of its own (started with `fork()` by
 * bench/measure.js) so that its CPU use is scheduled apart from the bench script's.
 *
 * It generates `BENCH_CUSTOMERS` customers `bench-0 … bench-<N-1>` that all pass compliance at
 * the fixed clock (active, no cease-and-desist, no earlier calls, 13:00 local time), and one
 * agent. It reports `{ baseUrl, controlUrl }` to the parent over IPC and runs until it is told
 * `{ type: 'close' }` or the parent goes away. Latency and rate limit are set per run through
 * `PUT /__emulator/config`; `POST /__emulator/reset` restores the customers between runs.
 */
const { startEmulator, DEMO_CLOCK } = require('../emulator');

const AGENT_ID = 'agent-bench-01';
/** The emulator's fixed clock during the benchmark (13:00 in New York, inside respectful hours). */
const CLOCK = DEMO_CLOCK;

/** Fixtures with `count` customers that all pass the three checks at {@link CLOCK}. */
function benchFixtures(count) {
	const customers = [];
	for (let index = 0; index < count; index++) {
		customers.push({
			id: `bench-${index}`,
			name: `Bench Customer ${index}`,
			phoneNumber: `+1212${String(5000000 + index).padStart(7, '0')}`,
			timeZone: 'America/New_York',
			active: true,
			ceaseAndDesist: false,
			callsPlaced: [],
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

module.exports = { AGENT_ID, CLOCK, benchFixtures };
