#!/usr/bin/env node
'use strict';

/**
 * Command line.
 *
 *   node emulator/cli.js [options]          runs the emulator (on loopback by default) until
 *                                           SIGINT or SIGTERM; see USAGE for the options
 *   node emulator/cli.js fire <type> --url URL [--secret VALUE] [--encoding hex|sha256-hex|base64]
 *     [--call-id UUID] [--customer-id ID] [--seed N] [--timestamp-skew=S] [--print]
 *                                           sends one signed webhook event and prints the status
 *
 * Each option of the emulator falls back to an environment variable VERITUS_EMULATOR_<NAME>
 * (`--latency-ms` → VERITUS_EMULATOR_LATENCY_MS); a switch is on when its variable is `1` or `true`.
 */

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { startEmulator } = require('./server');
const { fire } = require('./fire');
const { ENCODINGS, EVENT_TYPES } = require('./webhooks');
const {
	DEFAULT_PORT,
	DEFAULT_HOST,
	DEFAULT_TOKEN,
	DEMO_CLOCK,
	DEFAULT_COMPLIANCE_FAILURE_SHAPE,
	DEFAULT_COMPLIANCE_FAILURE_STATUS,
} = require('./constants');

/** CLI option name → environment variable suffix (options taking a value). */
const OPTIONS = {
	port: 'PORT',
	host: 'HOST',
	token: 'TOKEN',
	fixtures: 'FIXTURES',
	clock: 'CLOCK',
	'compliance-failure-shape': 'COMPLIANCE_FAILURE_SHAPE',
	'compliance-failure-status': 'COMPLIANCE_FAILURE_STATUS',
	'respectful-hours': 'RESPECTFUL_HOURS',
	seed: 'SEED',
	faults: 'FAULTS',
	'latency-ms': 'LATENCY_MS',
	'rate-limit': 'RATE_LIMIT',
	preload: 'PRELOAD',
	'public-url': 'PUBLIC_URL',
	'call-duration-ms': 'CALL_DURATION_MS',
	'webhook-encoding': 'WEBHOOK_ENCODING',
	'webhook-max-attempts': 'WEBHOOK_MAX_ATTEMPTS',
	'webhook-timestamp-skew': 'WEBHOOK_TIMESTAMP_SKEW',
	'recording-ttl-ms': 'RECORDING_TTL_MS',
};

/** CLI switch name → environment variable suffix (options without a value). */
const SWITCHES = {
	'no-webhooks': 'NO_WEBHOOKS',
	'webhook-duplicate': 'WEBHOOK_DUPLICATE',
	'webhook-out-of-order': 'WEBHOOK_OUT_OF_ORDER',
};

const USAGE = `Usage: node emulator/cli.js [options]
  --port N                         TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS                   address to listen on (default ${DEFAULT_HOST}; 0.0.0.0 for n8n in a container)
  --token T                        accepted bearer token (default ${DEFAULT_TOKEN})
  --fixtures PATH                  fixtures JSON (default emulator/fixtures/customers.json)
  --clock ISO|real                 fixed clock, or "real" (default ${DEMO_CLOCK})
  --compliance-failure-shape S     seed or spec: how Create Call answers a blocked call (default ${DEFAULT_COMPLIANCE_FAILURE_SHAPE})
  --compliance-failure-status N    status of a blocked call in the seed shape: 200 or a 4xx (default ${DEFAULT_COMPLIANCE_FAILURE_STATUS})
  --respectful-hours HH:MM-HH:MM   local window of the respectful-hours rule (default 08:00-21:00)
  --seed N                         seed of IDs, fault rates and call outcomes (default random)
  --faults PATH                    JSON file holding an array of fault rules
  --latency-ms N                   delay added to every API request
  --rate-limit N                   requests per second across all API requests
  --preload all|none               whether fixture customers exist at startup (default all)
  --public-url URL                 origin of recording URLs (default the Host a request came to)
  --webhook-secret ID=VALUE        one more webhook secret (repeatable; env: comma-separated pairs)
  --call-duration-ms N             real ms between call-created and call-ended (default 1000)
  --webhook-encoding E             ${ENCODINGS.join(', ')} (default hex)
  --webhook-max-attempts N         attempts per webhook delivery (default 4)
  --webhook-timestamp-skew=S       seconds added to X-Webhook-Timestamp (default 0; may be negative)
  --recording-ttl-ms N             how long a recording URL is valid (default 1800000)
  --webhook-duplicate              deliver every webhook event twice
  --webhook-out-of-order           send call-ended before call-created
  --no-webhooks                    list webhook events without sending them
Each option can also be set as VERITUS_EMULATOR_<NAME>, e.g. VERITUS_EMULATOR_PORT=4010.

       node emulator/cli.js fire <type> --url URL [options]
  <type>                           ${EVENT_TYPES.join(', ')}
  --url URL                        where to send the event (required)
  --secret VALUE                   the webhook secret's value; without it the event is unsigned
  --encoding E                     ${ENCODINGS.join(', ')} (default hex)
  --call-id UUID                   the call's ID (default one drawn from the seed)
  --customer-id ID                 a fixture customer's UUID or external ID (default the first)
  --seed N                         seed of the event's IDs and outcome (default 1)
  --timestamp-skew=S               seconds added to X-Webhook-Timestamp (may be negative)
  --print                          print the event's body too`;

/**
 * Parses an integer option.
 * @param {string} name
 * @param {string} value
 * @returns {number}
 * @throws {Error} `--<name> must be an integer, got "<value>"`
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
			...Object.fromEntries(Object.keys(SWITCHES).map((name) => [name, { type: 'boolean' }])),
			'webhook-secret': { type: 'string', multiple: true },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	}).values;
	/** @type {Record<string, string | undefined>} */
	const raw = {};
	for (const [name, suffix] of Object.entries(OPTIONS)) {
		raw[name] = parsed[name] !== undefined ? String(parsed[name]) : env[`VERITUS_EMULATOR_${suffix}`];
	}
	/** @type {Record<string, boolean>} */
	const on = {};
	for (const [name, suffix] of Object.entries(SWITCHES)) {
		on[name] = parsed[name] === true || /^(1|true)$/i.test(env[`VERITUS_EMULATOR_${suffix}`] || '');
	}
	/** @type {import('./state').EmulatorOptions} */
	const options = { port: raw.port !== undefined ? integer('port', raw.port) : DEFAULT_PORT };
	if (raw.host) options.host = raw.host;
	if (raw.token) options.token = raw.token;
	if (raw.fixtures) options.fixtures = raw.fixtures;
	if (raw.clock) options.clock = raw.clock;
	if (raw['compliance-failure-shape']) {
		if (!['seed', 'spec'].includes(raw['compliance-failure-shape'])) {
			throw new Error(`--compliance-failure-shape must be seed or spec, got "${raw['compliance-failure-shape']}"`);
		}
		options.complianceFailureShape = /** @type {'seed' | 'spec'} */ (raw['compliance-failure-shape']);
	}
	if (raw['compliance-failure-status']) {
		options.complianceFailureStatus = integer('compliance-failure-status', raw['compliance-failure-status']);
	}
	if (raw['respectful-hours']) {
		const match = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(raw['respectful-hours']);
		if (!match) throw new Error(`--respectful-hours must look like 08:00-21:00, got "${raw['respectful-hours']}"`);
		options.respectfulHours = { start: match[1], end: match[2] };
	}
	if (raw.seed) options.seed = integer('seed', raw.seed);
	if (raw.faults) options.faults = JSON.parse(fs.readFileSync(raw.faults, 'utf8'));
	if (raw['latency-ms']) options.latencyMs = integer('latency-ms', raw['latency-ms']);
	if (raw['rate-limit']) options.rateLimit = { requestsPerSecond: Number(raw['rate-limit']) };
	if (raw.preload) {
		if (!['all', 'none'].includes(raw.preload)) throw new Error(`--preload must be all or none, got "${raw.preload}"`);
		options.preloadCustomers = raw.preload === 'all';
	}
	if (raw['public-url']) options.publicUrl = raw['public-url'];
	const secrets = parsed['webhook-secret'] || (env.VERITUS_EMULATOR_WEBHOOK_SECRETS || '').split(',').filter(Boolean);
	if (secrets.length) {
		options.webhookSecrets = Object.fromEntries(
			secrets.map((pair) => {
				const at = pair.indexOf('=');
				if (at <= 0) throw new Error(`--webhook-secret must look like <secretId>=<value>, got "${pair}"`);
				return [pair.slice(0, at), pair.slice(at + 1)];
			}),
		);
	}
	/** @type {Partial<import('./webhooks').WebhookConfig>} */
	const webhooks = {};
	if (raw['call-duration-ms']) webhooks.callDurationMs = integer('call-duration-ms', raw['call-duration-ms']);
	if (raw['webhook-encoding']) webhooks.encoding = /** @type {any} */ (raw['webhook-encoding']);
	if (raw['webhook-max-attempts']) webhooks.maxAttempts = integer('webhook-max-attempts', raw['webhook-max-attempts']);
	if (raw['webhook-timestamp-skew']) {
		webhooks.timestampSkewSeconds = integer('webhook-timestamp-skew', raw['webhook-timestamp-skew']);
	}
	if (raw['recording-ttl-ms']) webhooks.recordingTtlMs = integer('recording-ttl-ms', raw['recording-ttl-ms']);
	if (on['no-webhooks']) webhooks.deliver = false;
	if (on['webhook-duplicate']) webhooks.duplicate = true;
	if (on['webhook-out-of-order']) webhooks.outOfOrder = true;
	if (Object.keys(webhooks).length) options.webhooks = webhooks;
	return { help: parsed.help === true, options };
}

/**
 * Parses `fire <type> --url … [options]`.
 * @param {string[]} argv the arguments after `fire`
 * @returns {{ help: boolean, print: boolean, options: import('./fire').FireOptions }}
 * @throws {Error} on an unknown or invalid option, a missing type or URL
 */
function parseFire(argv) {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			url: { type: 'string' },
			secret: { type: 'string' },
			encoding: { type: 'string' },
			'call-id': { type: 'string' },
			'customer-id': { type: 'string' },
			seed: { type: 'string' },
			'timestamp-skew': { type: 'string' },
			print: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) return { help: true, print: false, options: /** @type {any} */ ({}) };
	const [type] = positionals;
	if (!type || positionals.length > 1) throw new Error('fire needs exactly one event type');
	if (!EVENT_TYPES.includes(type)) throw new Error(`Unknown event type "${type}": use ${EVENT_TYPES.join(', ')}`);
	if (!values.url) throw new Error('fire needs --url');
	if (values.encoding && !ENCODINGS.includes(values.encoding)) {
		throw new Error(`--encoding must be one of ${ENCODINGS.join(', ')}, got "${values.encoding}"`);
	}
	/** @type {import('./fire').FireOptions} */
	const options = { type, url: values.url };
	if (values.secret) options.secret = values.secret;
	if (values.encoding) options.encoding = /** @type {any} */ (values.encoding);
	if (values['call-id']) options.callId = values['call-id'];
	if (values['customer-id']) options.customerId = values['customer-id'];
	if (values.seed) options.seed = integer('seed', values.seed);
	if (values['timestamp-skew']) options.timestampSkewSeconds = integer('timestamp-skew', values['timestamp-skew']);
	return { help: false, print: values.print === true, options };
}

/**
 * Runs `fire`: prints one line, `<type> → <url>: HTTP <status> (signed, <encoding>)`, and exits
 * 0 for a 2xx answer, 1 otherwise.
 * @param {string[]} argv the arguments after `fire`
 * @returns {Promise<void>}
 */
async function runFire(argv) {
	let parsed;
	try {
		parsed = parseFire(argv);
	} catch (error) {
		console.error(`${error.message}\n\n${USAGE}`);
		process.exit(2);
	}
	if (parsed.help) {
		console.log(USAGE);
		return;
	}
	const { options } = parsed;
	const result = await fire(options);
	if (parsed.print) console.log(result.body);
	const how = result.signed ? `signed, ${options.encoding || 'hex'}` : 'unsigned';
	const answer = result.httpStatus === null ? `no answer (${result.error})` : `HTTP ${result.httpStatus}`;
	console.log(`${options.type} → ${options.url}: ${answer} (${how})`);
	process.exitCode = result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300 ? 0 : 1;
}

/**
 * Runs the command line.
 * @returns {Promise<void>}
 */
async function main() {
	const argv = process.argv.slice(2);
	if (argv[0] === 'fire') return runFire(argv.slice(1));
	let parsed;
	try {
		parsed = parseCli(argv, process.env);
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

module.exports = { parseCli, parseFire, DEFAULT_PORT };
