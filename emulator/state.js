'use strict';

/** The emulator's state: configuration, customers, placed calls and the request log. */

const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const { loadFixtures } = require('./fixtures');
const { checkFaultRules, selectFaults } = require('./faults');
const { createRandom, randomSeed } = require('./random');
const { TokenBucket } = require('./rate-limit');
const { DEFAULT_RESPECTFUL_HOURS, parseTimeOfDay } = require('./compliance');
const { DEMO_CLOCK, DEFAULT_TOKEN, DEFAULT_COMPLIANCE_FAILURE_STATUS } = require('./constants');

/**
 * Options of the emulator (all optional).
 * @typedef {object} EmulatorOptions
 * @property {number} [port] TCP port; 0 (the default of startEmulator) picks a free one
 * @property {string} [host] interface to listen on, default DEFAULT_HOST (`127.0.0.1`)
 * @property {string} [token] the bearer token accepted, default DEFAULT_TOKEN (constants.js)
 * @property {string[]} [forbiddenTokens] tokens answered with 403
 * @property {string | import('./fixtures').Fixtures} [fixtures] a JSON file path or an object;
 *   default `emulator/fixtures/customers.json`
 * @property {string | null} [clock] ISO 8601 instant for a fixed clock, or `'real'` / null for
 *   the machine's time; default DEMO_CLOCK (constants.js)
 * @property {200 | 422} [complianceFailureStatus] status of a call blocked by compliance, default 200
 * @property {import('./compliance').RespectfulHours} [respectfulHours] default 08:00–21:00
 * @property {number} [seed] integer seed of the generator used for fault rates and ids;
 *   default a random one (reported by GET /__emulator/config)
 * @property {import('./faults').FaultRule[]} [faults] fault rules, default none
 * @property {number} [latencyMs] fixed delay in milliseconds added to every API request, default 0
 * @property {{ requestsPerSecond: number } | null} [rateLimit] token bucket across all API requests
 * @property {boolean | object} [logger] Fastify logger option, default false
 */

/**
 * The settings that can be read and changed at runtime (GET/PUT /__emulator/config).
 * Never holds a token.
 * @typedef {object} RuntimeConfig
 * @property {string} clock ISO 8601 instant, or `'real'`
 * @property {200 | 422} complianceFailureStatus
 * @property {import('./compliance').RespectfulHours} respectfulHours
 * @property {number} seed
 * @property {number} latencyMs
 * @property {{ requestsPerSecond: number } | null} rateLimit
 * @property {import('./faults').FaultRule[]} faults
 */

/**
 * A placed call.
 * @typedef {object} CallRecord
 * @property {string} id
 * @property {string} threadId
 * @property {string} customerId
 * @property {string} agentId
 * @property {{ url: string, secretId: string } | null} webhook
 * @property {string} toPhoneNumber
 * @property {string} fromPhoneNumber
 * @property {string} placedAt ISO 8601, on the emulator clock
 * @property {string} requestId
 * @property {number} seq the request log entry that placed it
 */

/**
 * One request received on the API route. Never holds the token or the Authorization header.
 * @typedef {object} RequestLogEntry
 * @property {number} seq 1, 2, … in order of arrival
 * @property {string} at ISO 8601 arrival time on the machine's clock
 * @property {string} clock ISO 8601 emulator clock at arrival
 * @property {string} method
 * @property {string} rawPath the path as sent, percent-encoding kept (and query string, if any)
 * @property {string} customerId the decoded path parameter
 * @property {string | null} contentType
 * @property {unknown} body parsed JSON, or the raw text when it is not JSON, or null when empty
 * @property {boolean} authorized whether the bearer token was the accepted one
 * @property {string | null} requestId the requestId of the answer
 * @property {number | null} status the status answered (or held, for `timeout`); null when the
 *   connection was destroyed without an answer
 * @property {'placed' | 'blocked' | 'rejected' | 'rate-limited' | string | null} outcome
 *   `fault:<type>` when a fault rule (other than latency) applied
 * @property {boolean} placed whether a call was placed
 * @property {string | null} callId
 * @property {string[]} faults types of the fault rules applied, latency included
 * @property {number} latencyMs delay added, in milliseconds
 */

const timeOfDay = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' };
const configSchema = {
	type: 'object',
	additionalProperties: false,
	properties: {
		clock: { anyOf: [{ type: 'string', format: 'date-time' }, { const: 'real' }, { type: 'null' }] },
		complianceFailureStatus: { enum: [200, 422] },
		respectfulHours: {
			type: 'object',
			additionalProperties: false,
			required: ['start', 'end'],
			properties: { start: timeOfDay, end: timeOfDay },
		},
		seed: { type: 'integer' },
		latencyMs: { type: 'integer', minimum: 0 },
		rateLimit: {
			anyOf: [
				{ type: 'null' },
				{
					type: 'object',
					additionalProperties: false,
					required: ['requestsPerSecond'],
					properties: { requestsPerSecond: { type: 'number', exclusiveMinimum: 0 } },
				},
			],
		},
		faults: { type: 'array' },
	},
};
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateConfig = ajv.compile(configSchema);

/**
 * Checks a (partial) runtime configuration.
 * @param {Partial<RuntimeConfig>} patch
 * @returns {Partial<RuntimeConfig>} a copy, with `clock: null` written `'real'`
 * @throws {Error} naming the problems
 */
function checkConfig(patch) {
	if (!validateConfig(patch))
		throw new Error(`Invalid config: ${ajv.errorsText(validateConfig.errors, { dataVar: 'config' })}`);
	const copy = structuredClone(patch);
	if ('clock' in copy && copy.clock === null) copy.clock = 'real';
	if (copy.faults) copy.faults = checkFaultRules(copy.faults);
	if (copy.respectfulHours && parseTimeOfDay(copy.respectfulHours.start) >= parseTimeOfDay(copy.respectfulHours.end)) {
		throw new Error('Invalid config: respectfulHours.start must be before respectfulHours.end');
	}
	return copy;
}

/** Configuration, fixtures, calls and logs of one emulator. */
class EmulatorState {
	/** @param {EmulatorOptions} [options] */
	constructor(options = {}) {
		this.token = options.token || DEFAULT_TOKEN;
		this.forbiddenTokens = new Set(options.forbiddenTokens || []);
		this.fixtures = loadFixtures(options.fixtures);
		/** @type {RuntimeConfig} */
		this.config = {
			clock: DEMO_CLOCK,
			complianceFailureStatus: DEFAULT_COMPLIANCE_FAILURE_STATUS,
			respectfulHours: { ...DEFAULT_RESPECTFUL_HOURS },
			seed: randomSeed(),
			latencyMs: 0,
			rateLimit: null,
			faults: [],
		};
		const given = Object.fromEntries(
			Object.keys(this.config)
				.filter((k) => options[k] !== undefined)
				.map((k) => [k, options[k]]),
		);
		Object.assign(this.config, checkConfig(given));
		/** Aborted when the server closes, to end held responses. */
		this.closing = new AbortController();
		this.reset();
	}

	/**
	 * Restores the fixtures, clears placed calls, the request log and contract violations, and
	 * restarts fault counters, the seeded generators and the rate limit. Keeps the configuration.
	 */
	reset() {
		/** @type {Map<string, import('./fixtures').Customer>} */
		this.customers = new Map(structuredClone(this.fixtures.customers).map((c) => [c.id, c]));
		/** @type {Map<string, import('./fixtures').Agent>} */
		this.agents = new Map(this.fixtures.agents.map((a) => [a.id, a]));
		/** @type {CallRecord[]} */
		this.calls = [];
		/** @type {RequestLogEntry[]} */
		this.requests = [];
		/** @type {{ seq: number | null, status: number, errors: string[], body: unknown }[]} */
		this.violations = [];
		this.restartSeeded();
		this.restartFaults();
		this.restartRateLimit();
	}

	/** Restarts the id and fault-rate generators from `config.seed`. */
	restartSeeded() {
		this.ids = createRandom(this.config.seed);
		this.faultRandom = createRandom(this.config.seed ^ 0x5bd1e995);
	}

	/** Sets every fault rule's application count back to 0. */
	restartFaults() {
		/** @type {number[]} */
		this.faultsApplied = this.config.faults.map(() => 0);
	}

	/** Starts a full token bucket for `config.rateLimit`, or none. */
	restartRateLimit() {
		this.rateLimiter = this.config.rateLimit ? new TokenBucket(this.config.rateLimit.requestsPerSecond) : null;
	}

	/**
	 * Changes the runtime configuration. A new `seed` restarts the generators, new `faults`
	 * restart their counters, a new `rateLimit` refills the bucket.
	 * @param {Partial<RuntimeConfig>} patch
	 * @returns {RuntimeConfig} the configuration now in force
	 * @throws {Error} when the patch is invalid (nothing is changed then)
	 */
	updateConfig(patch) {
		const checked = checkConfig(patch);
		Object.assign(this.config, checked);
		if ('seed' in checked) this.restartSeeded();
		if ('faults' in checked) this.restartFaults();
		if ('rateLimit' in checked) this.restartRateLimit();
		return this.publicConfig();
	}

	/** @returns {RuntimeConfig} a copy of the configuration (never holds a token) */
	publicConfig() {
		return structuredClone(this.config);
	}

	/** @returns {Date} the emulator clock: the fixed instant, or the machine's time */
	now() {
		return this.config.clock === 'real' ? new Date() : new Date(this.config.clock);
	}

	/**
	 * Checks an Authorization header.
	 * @param {string | undefined} header
	 * @returns {'ok' | 'missing' | 'invalid' | 'forbidden'}
	 */
	authenticate(header) {
		const match = /^Bearer +(\S+) *$/i.exec(header || '');
		if (!match) return header ? 'invalid' : 'missing';
		if (match[1] === this.token) return 'ok';
		return this.forbiddenTokens.has(match[1]) ? 'forbidden' : 'invalid';
	}

	/**
	 * Evaluates the fault rules for one request (see faults.js).
	 * @param {string} customerId decoded path id
	 * @returns {import('./faults').FaultSelection}
	 */
	selectFaults(customerId) {
		return selectFaults(this.config.faults, this.faultsApplied, customerId, this.faultRandom.next);
	}

	/**
	 * Appends an entry to the request log.
	 * @param {Omit<RequestLogEntry, 'seq' | 'at' | 'clock' | 'requestId' | 'status' | 'outcome' | 'placed' | 'callId' | 'faults' | 'latencyMs'>} fields
	 * @returns {RequestLogEntry} the entry, to be completed as the request is answered
	 */
	recordRequest(fields) {
		/** @type {RequestLogEntry} */
		const entry = {
			seq: this.requests.length + 1,
			at: new Date().toISOString(),
			clock: this.now().toISOString(),
			...fields,
			requestId: null,
			status: null,
			outcome: null,
			placed: false,
			callId: null,
			faults: [],
			latencyMs: 0,
		};
		this.requests.push(entry);
		return entry;
	}

	/**
	 * Places a call: records it and adds its time to the customer's `callsPlaced`.
	 * @param {{ customer: import('./fixtures').Customer, agent: import('./fixtures').Agent,
	 *   webhook?: { url: string, secretId: string }, requestId: string, seq: number }} details
	 * @returns {CallRecord}
	 */
	placeCall({ customer, agent, webhook, requestId, seq }) {
		const placedAt = this.now().toISOString();
		/** @type {CallRecord} */
		const call = {
			id: this.ids.uuid(),
			threadId: this.ids.uuid(),
			customerId: customer.id,
			agentId: agent.id,
			webhook: webhook || null,
			toPhoneNumber: customer.phoneNumber,
			fromPhoneNumber: agent.fromPhoneNumber,
			placedAt,
			requestId,
			seq,
		};
		this.calls.push(call);
		customer.callsPlaced.push(placedAt);
		return call;
	}

	/** @returns {Record<string, number>} calls placed by the emulator, per customer id (0 included) */
	countsByCustomer() {
		const counts = Object.fromEntries([...this.customers.keys()].map((id) => [id, 0]));
		for (const call of this.calls) counts[call.customerId] = (counts[call.customerId] || 0) + 1;
		return counts;
	}
}

module.exports = { EmulatorState, checkConfig };
