#!/usr/bin/env node
'use strict';

/**
 * Command line: runs the emulator (on loopback by default) until SIGINT or SIGTERM.
 *
 *   node emulator/cli.js [--port 4010] [--host 127.0.0.1] [--token T] [--fixtures path] [--clock ISO|real]
 *     [--compliance-failure-status 200|422] [--seed N] [--faults rules.json]
 *     [--latency-ms N] [--rate-limit N]
 *
 * Each option falls back to an environment variable: VERITUS_EMULATOR_PORT, _HOST, _TOKEN, _FIXTURES,
 * _CLOCK, _COMPLIANCE_FAILURE_STATUS, _SEED, _FAULTS, _LATENCY_MS, _RATE_LIMIT.
 */

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { startEmulator } = require('./server');
const {
	DEFAULT_PORT,
	DEFAULT_HOST,
	DEFAULT_TOKEN,
	DEMO_CLOCK,
	DEFAULT_COMPLIANCE_FAILURE_STATUS,
} = require('./constants');

/** CLI option name → environment variable suffix. */
const OPTIONS = {
	port: 'PORT',
	host: 'HOST',
	token: 'TOKEN',
	fixtures: 'FIXTURES',
	clock: 'CLOCK',
	'compliance-failure-status': 'COMPLIANCE_FAILURE_STATUS',
	seed: 'SEED',
	faults: 'FAULTS',
	'latency-ms': 'LATENCY_MS',
	'rate-limit': 'RATE_LIMIT',
};

const USAGE = `Usage: node emulator/cli.js [options]
  --port N                         TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS                   address to listen on (default ${DEFAULT_HOST}; 0.0.0.0 for n8n in a container)
  --token T                        accepted bearer token (default ${DEFAULT_TOKEN})
  --fixtures PATH                  customers/agents JSON (default emulator/fixtures/customers.json)
  --clock ISO|real                 fixed clock, or "real" (default ${DEMO_CLOCK})
  --compliance-failure-status N    200 or 422 for a call blocked by compliance (default ${DEFAULT_COMPLIANCE_FAILURE_STATUS})
  --seed N                         seed for fault rates and ids (default random)
  --faults PATH                    JSON file holding an array of fault rules
  --latency-ms N                   delay added to every API request
  --rate-limit N                   requests per second across all API requests
Each option can also be set as VERITUS_EMULATOR_<NAME>, e.g. VERITUS_EMULATOR_PORT=4010.`;

/**
 * Parses an integer option.
 * @param {string} name
 * @param {string} value
 * @returns {number}
 */
function integer(name, value) {
	if (!/^-?\d+$/.test(value)) throw new Error(`--${name} must be an integer, got "${value}"`);
	return Number(value);
}

/**
 * Turns command-line arguments and environment variables into emulator options.
 * @param {string[]} argv arguments after the script name
 * @param {Record<string, string | undefined>} env
 * @returns {{ help: boolean, options: import('./state').EmulatorOptions }}
 * @throws {Error} on an unknown or invalid option
 */
function parseCli(argv, env) {
	const parsed = parseArgs({
		args: argv,
		options: {
			...Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: 'string' }])),
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	}).values;
	/** @type {Record<string, string | undefined>} */
	const raw = {};
	for (const [name, suffix] of Object.entries(OPTIONS)) {
		raw[name] = parsed[name] !== undefined ? String(parsed[name]) : env[`VERITUS_EMULATOR_${suffix}`];
	}
	/** @type {import('./state').EmulatorOptions} */
	const options = { port: raw.port !== undefined ? integer('port', raw.port) : DEFAULT_PORT };
	if (raw.host) options.host = raw.host;
	if (raw.token) options.token = raw.token;
	if (raw.fixtures) options.fixtures = raw.fixtures;
	if (raw.clock) options.clock = raw.clock;
	if (raw['compliance-failure-status']) {
		options.complianceFailureStatus = /** @type {200 | 422} */ (
			integer('compliance-failure-status', raw['compliance-failure-status'])
		);
	}
	if (raw.seed) options.seed = integer('seed', raw.seed);
	if (raw.faults) options.faults = JSON.parse(fs.readFileSync(raw.faults, 'utf8'));
	if (raw['latency-ms']) options.latencyMs = integer('latency-ms', raw['latency-ms']);
	if (raw['rate-limit']) options.rateLimit = { requestsPerSecond: Number(raw['rate-limit']) };
	return { help: parsed.help === true, options };
}

/**
 * Runs the command line.
 * @returns {Promise<void>}
 */
async function main() {
	let parsed;
	try {
		parsed = parseCli(process.argv.slice(2), process.env);
	} catch (error) {
		console.error(`${error.message}\n\n${USAGE}`);
		process.exit(2);
	}
	if (parsed.help) {
		console.log(USAGE);
		return;
	}
	let emulator;
	try {
		emulator = await startEmulator(parsed.options);
	} catch (error) {
		console.error(`Veritus emulator could not start: ${error.message}`);
		process.exit(1);
	}
	console.log(`Veritus emulator listening on ${emulator.baseUrl} (control: ${emulator.controlUrl})`);
	const stop = () => {
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) main();

module.exports = { parseCli, DEFAULT_PORT };
