'use strict';

/**
 * The emulator's state: configuration, customers, calls, interactions, drip campaign
 * enrolments, webhook deliveries, the request log and the contract violations.
 */

const crypto = require('node:crypto');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const { loadFixtures } = require('./fixtures');
const { checkFaultRules, selectFaults } = require('./faults');
const { createRandom, randomSeed } = require('./random');
const { TokenBucket } = require('./rate-limit');
const { DEFAULT_RESPECTFUL_HOURS, parseTimeOfDay } = require('./compliance');
const { callOutcome } = require('./outcomes');
const { signRecordingUrl } = require('./recordings');
const {
	WebhookDispatcher,
	DEFAULT_WEBHOOK_CONFIG,
	ENCODINGS,
	EVENT_TYPES,
	FINAL_DELIVERY_STATUSES,
	callCreatedEvent,
	callEndedEvent,
} = require('./webhooks');
const {
	DEMO_CLOCK,
	DEFAULT_TOKEN,
	DEFAULT_COMPLIANCE_FAILURE_STATUS,
	DEFAULT_COMPLIANCE_FAILURE_SHAPE,
	DEFAULT_TIME_ZONE,
	DEFAULT_CUSTOMERS_BULK_LIMIT,
} = require('./constants');

/**
 * Options of the emulator (all optional).
 * @typedef {object} EmulatorOptions
 * @property {number} [port] TCP port; 0 (the default of startEmulator) picks a free one
 * @property {string} [host] interface to listen on, default DEFAULT_HOST (`127.0.0.1`)
 * @property {string} [token] the bearer token accepted, default DEFAULT_TOKEN (constants.js)
 * @property {string[]} [forbiddenTokens] tokens answered with 403
 * @property {string | object} [fixtures] a JSON file path or an object (fixtures.js);
 *   default `emulator/fixtures/customers.json`
 * @property {string | null} [clock] ISO 8601 instant for a fixed clock, or `'real'` / null for
 *   the machine's time; default DEMO_CLOCK (constants.js)
 * @property {'seed' | 'spec'} [complianceFailureShape] how Create Call answers a blocked call,
 *   default DEFAULT_COMPLIANCE_FAILURE_SHAPE
 * @property {number} [complianceFailureStatus] the status of a blocked call in the `seed` shape:
 *   200 (default) or a 4xx
 * @property {import('./compliance').RespectfulHours} [respectfulHours] default 08:00–21:00
 * @property {number} [seed] integer seed of the generators of IDs, fault rates and call
 *   outcomes; default a random one (reported by GET /__emulator/config)
 * @property {import('./faults').FaultRule[]} [faults] fault rules, default none
 * @property {number} [latencyMs] fixed delay in milliseconds added to every API request, default 0
 * @property {{ requestsPerSecond: number } | null} [rateLimit] token bucket across all API requests
 * @property {Partial<import('./webhooks').WebhookConfig>} [webhooks] webhook delivery settings
 * @property {boolean} [preloadCustomers] whether fixture customers exist at startup (and after a
 *   reset), default true; false leaves them to be created through the API
 * @property {number} [customersBulkLimit] most customers in one Create Many, default 1000
 * @property {string} [defaultTimeZone] time zone of a created customer without a fixture profile
 *   whose address names no known US state, default `America/New_York`
 * @property {Record<string, string>} [webhookSecrets] more webhook secrets, `{ [secretId]: value }`
 *   (UUID keys), beside (and over) the fixtures' `webhookSecrets`
 * @property {string | null} [publicUrl] origin for recording URLs, such as
 *   `http://host.docker.internal:4010`; default the Host the request came to
 * @property {boolean | object} [logger] Fastify's logger option, default false
 */

/**
 * The settings that can be read and changed at runtime (GET/PUT /__emulator/config).
 * Never holds a token or a webhook secret.
 * @typedef {object} RuntimeConfig
 * @property {string} clock ISO 8601 instant, or `'real'`
 * @property {'seed' | 'spec'} complianceFailureShape
 * @property {number} complianceFailureStatus
 * @property {import('./compliance').RespectfulHours} respectfulHours
 * @property {number} seed
 * @property {number} latencyMs
 * @property {{ requestsPerSecond: number } | null} rateLimit
 * @property {import('./faults').FaultRule[]} faults
 * @property {import('./webhooks').WebhookConfig} webhooks
 * @property {boolean} preloadCustomers applies at the next reset
 * @property {number} customersBulkLimit
 * @property {string} defaultTimeZone
 * @property {string | null} publicUrl
 */

/**
 * A customer the emulator knows: the record the API answers, and the profile the compliance
 * rules read.
 * @typedef {object} CustomerState
 * @property {Record<string, any>} record `{ id, externalId, firstName, …, createdAt }`
 * @property {import('./fixtures').Profile} profile
 * @property {string[]} tags added by Analyze Interaction with `applyOutcomes`
 */

/**
 * A placed call.
 * @typedef {object} CallRecord
 * @property {string} id
 * @property {string} threadId
 * @property {string} customerId
 * @property {string} agentId
 * @property {{ url: string, secretId?: string } | null} webhook
 * @property {string} toPhoneNumber
 * @property {string} fromPhoneNumber
 * @property {string} placedAt ISO 8601, on the emulator clock
 * @property {string} createdAt the same instant
 * @property {string} requestId
 * @property {number} seq the request log entry that placed it
 * @property {'single' | 'bulk' | 'drip-campaign'} source
 * @property {string | null} dripCampaignId
 * @property {import('./outcomes').CallOutcome} outcome how it ends (decided when placed)
 */

/**
 * An imported or generated SMS or email.
 * @typedef {object} Interaction
 * @property {string} id
 * @property {'sms' | 'email'} channel
 * @property {'inbound' | 'outbound'} direction
 * @property {string} customerId
 * @property {string} threadId
 * @property {string} timestamp ISO 8601
 * @property {string} createdAt ISO 8601, on the emulator clock
 * @property {'import' | 'generate' | 'drip-campaign'} source
 * @property {Record<string, any>} content the channel's fields (from, to, body, subject, …)
 */

/**
 * One request received on an API route. Never holds the token or the Authorization header.
 * @typedef {object} RequestLogEntry
 * @property {number} seq 1, 2, … in order of arrival
 * @property {string} at ISO 8601 arrival time on the machine's clock
 * @property {string} clock ISO 8601 emulator clock at arrival
 * @property {string} method
 * @property {string} rawPath the path as sent, percent-encoding kept (and query string, if any)
 * @property {string | null} operation the operationId, such as `createCall`; null for no route
 * @property {string} customerId the decoded `customerId` path parameter, '' when none
 * @property {Record<string, string>} params every decoded path parameter
 * @property {string | null} contentType
 * @property {unknown} body parsed JSON, or the raw text when it is not JSON, or null when empty
 * @property {boolean} authorized whether the bearer token was the accepted one
 * @property {string | null} requestId the requestId of the answer
 * @property {number | null} status the status answered (or held, for `timeout`); null when the
 *   connection was destroyed without an answer
 * @property {string | null} outcome `placed`, `blocked`, `ok`, `rejected`, `rate-limited`, or
 *   `fault:<type>` when a fault rule (other than latency) applied
 * @property {string | null} errorCode why a request was rejected, such as `customer_not_found`
 * @property {boolean} placed whether a call was placed
 * @property {string | null} callId the call placed (Create Call)
 * @property {string[]} callIds every call placed (Create Call, Create Many, Enroll)
 * @property {string[]} faults types of the fault rules applied, latency included
 * @property {number} latencyMs delay added, in milliseconds
 * @property {{ request: string | null, response: string | null }} contract the provider check:
 *   `valid`, `violation`, or `exempt: <why>`
 */

/**
 * A contract breach.
 * @typedef {object} Violation
 * @property {number | null} seq the request log entry, null for a webhook event
 * @property {'request' | 'response' | 'webhook'} direction
 * @property {'provider' | 'emulator'} source `provider`: breaks the provider extract;
 *   `emulator`: an answer broke openapi.yaml (an emulator bug, answered with 500 instead)
 * @property {string | null} operation such as `POST /customers/{customerId}/calls`
 * @property {number | null} status the answer's status (responses)
 * @property {string[]} errors
 * @property {unknown} body what broke it
 */

const timeOfDay = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' };
const webhookConfigSchema = {
	type: 'object',
	additionalProperties: false,
	properties: {
		deliver: { type: 'boolean' },
		callDurationMs: { type: 'integer', minimum: 0 },
		maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
		retryBaseMs: { type: 'integer', minimum: 0 },
		timeoutMs: { type: 'integer', minimum: 1 },
		encoding: { enum: ENCODINGS },
		timestampSkewSeconds: { type: 'integer' },
		duplicate: {
			anyOf: [
				{ type: 'boolean' },
				{
					type: 'object',
					additionalProperties: false,
					properties: {
						type: { enum: EVENT_TYPES },
						customerId: { type: 'string', minLength: 1 },
						callId: { type: 'string', minLength: 1 },
						times: { type: 'integer', minimum: 1 },
					},
				},
			],
		},
		outOfOrder: { type: 'boolean' },
		recordingTtlMs: { type: 'integer', minimum: 0 },
	},
};
const configSchema = {
	type: 'object',
	additionalProperties: false,
	properties: {
		clock: { anyOf: [{ type: 'string', format: 'date-time' }, { const: 'real' }, { type: 'null' }] },
		complianceFailureShape: { enum: ['seed', 'spec'] },
		complianceFailureStatus: { anyOf: [{ const: 200 }, { type: 'integer', minimum: 400, maximum: 499 }] },
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
		webhooks: webhookConfigSchema,
		preloadCustomers: { type: 'boolean' },
		customersBulkLimit: { type: 'integer', minimum: 1 },
		defaultTimeZone: { type: 'string', minLength: 1 },
		publicUrl: { anyOf: [{ type: 'null' }, { type: 'string', format: 'uri', pattern: '^https?://' }] },
	},
};
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateConfig = ajv.compile(configSchema);

/**
 * Checks a (partial) runtime configuration.
 * @param {Partial<RuntimeConfig>} patch
 * @returns {Partial<RuntimeConfig>} a copy, with `clock: null` written `'real'` and `publicUrl`
 *   without a trailing slash
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
	if (copy.defaultTimeZone) {
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: copy.defaultTimeZone });
		} catch {
			throw new Error(`Invalid config: unknown time zone "${copy.defaultTimeZone}"`);
		}
	}
	if (typeof copy.publicUrl === 'string') copy.publicUrl = copy.publicUrl.replace(/\/+$/, '');
	return copy;
}

/**
 * Checks the `webhookSecrets` option.
 * @param {unknown} secrets `{ [secretId]: value }` or undefined
 * @returns {[string, string][]} lower-case IDs and values
 * @throws {Error} when a key is not a UUID or a value is not a non-empty string
 */
function checkSecrets(secrets) {
	if (secrets === undefined) return [];
	if (!secrets || typeof secrets !== 'object' || Array.isArray(secrets)) {
		throw new Error('Invalid webhookSecrets: expected an object { secretId: value }');
	}
	return Object.entries(secrets).map(([id, value]) => {
		if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
			throw new Error(`Invalid webhookSecrets: "${id}" is not a UUID`);
		}
		if (typeof value !== 'string' || value === '')
			throw new Error(`Invalid webhookSecrets: the value of ${id} is empty`);
		return [id.toLowerCase(), value];
	});
}

/**
 * Time zones of the US states (the main one where a state spans two), for created customers
 * without a fixture profile.
 * @type {Readonly<Record<string, string>>}
 */
const STATE_TIME_ZONES = Object.freeze(
	Object.fromEntries(
		Object.entries({
			'America/New_York': 'CT DE DC FL GA IN KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV',
			'America/Chicago': 'AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI',
			'America/Denver': 'CO ID MT NM UT WY',
			'America/Phoenix': 'AZ',
			'America/Los_Angeles': 'CA NV OR WA',
			'America/Anchorage': 'AK',
			'Pacific/Honolulu': 'HI',
		}).flatMap(([zone, states]) => states.split(' ').map((state) => [state, zone])),
	),
);

/** Configuration, fixtures, stores and logs of one emulator. */
class EmulatorState {
	/**
	 * @param {EmulatorOptions} [options]
	 * @throws {Error} when an option or the fixtures are invalid
	 */
	constructor(options = {}) {
		this.token = options.token || DEFAULT_TOKEN;
		this.forbiddenTokens = new Set(options.forbiddenTokens || []);
		this.fixtures = loadFixtures(options.fixtures);
		this.extraSecrets = checkSecrets(options.webhookSecrets);
		/** @type {RuntimeConfig} */
		this.config = {
			clock: DEMO_CLOCK,
			complianceFailureShape: DEFAULT_COMPLIANCE_FAILURE_SHAPE,
			complianceFailureStatus: DEFAULT_COMPLIANCE_FAILURE_STATUS,
			respectfulHours: { ...DEFAULT_RESPECTFUL_HOURS },
			seed: randomSeed(),
			latencyMs: 0,
			rateLimit: null,
			faults: [],
			webhooks: { ...DEFAULT_WEBHOOK_CONFIG },
			preloadCustomers: true,
			customersBulkLimit: DEFAULT_CUSTOMERS_BULK_LIMIT,
			defaultTimeZone: DEFAULT_TIME_ZONE,
			publicUrl: null,
		};
		const given = Object.fromEntries(
			Object.keys(this.config)
				.filter((k) => options[k] !== undefined)
				.map((k) => [k, options[k]]),
		);
		this.applyConfig(checkConfig(given));
		/** Aborted when the server closes, to end held responses. */
		this.closing = new AbortController();
		/**
		 * The controllers of responses held right now (latency, timeouts). The closing signal has one
		 * listener that aborts them all, rather than one listener per held response (which Node.js
		 * reports as a possible leak beyond 10).
		 * @type {Set<AbortController>}
		 */
		this.heldResponses = new Set();
		this.closing.signal.addEventListener('abort', () => {
			for (const controller of this.heldResponses) controller.abort();
		});
		/** Key of the recording URLs' signatures (new at each start). */
		this.recordingKey = crypto.randomBytes(32).toString('hex');
		/** Set by the server: checks an outgoing webhook event against the provider's document. */
		this.checkWebhookEvent = (/** @type {object} */ _event) => undefined;
		this.dispatcher = new WebhookDispatcher({
			config: () => this.config.webhooks,
			secretValue: (secretId) => this.secrets.get(secretId.toLowerCase()),
			onEvent: (event) => this.checkWebhookEvent(event),
		});
		this.reset();
	}

	/**
	 * Merges a checked patch into the configuration (`webhooks` field by field).
	 * @param {Partial<RuntimeConfig>} checked
	 */
	applyConfig(checked) {
		const { webhooks, ...rest } = checked;
		Object.assign(this.config, rest);
		if (webhooks) this.config.webhooks = { ...this.config.webhooks, ...webhooks };
	}

	/**
	 * Restores the fixtures (customers only when `preloadCustomers`), clears calls, interactions,
	 * enrolments, deliveries (cancelling those in flight), the request log and the violations,
	 * and restarts fault counters, the seeded generators and the rate limit. Keeps the configuration.
	 */
	reset() {
		const createdAt = this.now().toISOString();
		/** @type {Map<string, CustomerState>} */
		this.customers = new Map();
		/** @type {Map<string, string>} externalId → customer ID */
		this.externalIds = new Map();
		/** @type {Map<string, import('./fixtures').FixtureCustomer>} externalId → fixture */
		this.profiles = new Map(this.fixtures.customers.map((c) => [c.externalId, c]));
		if (this.config.preloadCustomers) {
			for (const fixture of this.fixtures.customers) {
				if (!fixture.preload) continue;
				const { preload, profile, ...record } = structuredClone(fixture);
				this.addCustomer({ ...record, createdAt }, profile);
			}
		}
		/** @type {Map<string, import('./fixtures').Agent>} */
		this.agents = new Map(this.fixtures.agents.map((a) => [a.id, a]));
		/** @type {Map<string, import('./fixtures').Client>} */
		this.clients = new Map(this.fixtures.clients.map((c) => [c.id, c]));
		/** @type {Map<string, string>} secretId → secret value */
		this.secrets = new Map([...this.fixtures.webhookSecrets.map((s) => [s.id, s.secret]), ...this.extraSecrets]);
		/** @type {Set<string>} */
		this.campaignNames = new Set(this.fixtures.dripCampaigns.map((c) => c.name));
		/** @type {CallRecord[]} */
		this.calls = [];
		/** @type {Map<string, CallRecord>} */
		this.callsById = new Map();
		/** @type {Map<string, Interaction>} */
		this.interactions = new Map();
		/** @type {Map<string, { id: string, customerId: string }>} */
		this.threads = new Map();
		/** @type {Map<string, any>} */
		this.enrollments = new Map();
		/** @type {Map<string, { channel: string, outputVariables: Record<string, unknown> | null }>} */
		this.analyses = new Map();
		/** @type {RequestLogEntry[]} */
		this.requests = [];
		/** @type {Violation[]} */
		this.violations = [];
		this.dispatcher.reset();
		this.restartSeeded();
		this.restartFaults();
		this.restartRateLimit();
	}

	/** Restarts the ID and fault-rate generators from `config.seed`. */
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
	 * restart their counters, a new `rateLimit` refills the bucket; `webhooks` is merged field by
	 * field; `preloadCustomers` applies at the next reset.
	 * @param {Partial<RuntimeConfig>} patch
	 * @returns {RuntimeConfig} the configuration now in force
	 * @throws {Error} when the patch is invalid (nothing is changed then)
	 */
	updateConfig(patch) {
		const checked = checkConfig(patch);
		this.applyConfig(checked);
		if ('seed' in checked) this.restartSeeded();
		if ('faults' in checked) this.restartFaults();
		if ('rateLimit' in checked) this.restartRateLimit();
		return this.publicConfig();
	}

	/** @returns {RuntimeConfig} a copy of the configuration (never holds a token or a secret) */
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
	 * @param {string} operation the operationId
	 * @param {string[]} customerIds the request's customer IDs (path, or a bulk body)
	 * @returns {import('./faults').FaultSelection}
	 */
	selectFaults(operation, customerIds) {
		return selectFaults(this.config.faults, this.faultsApplied, { operation, customerIds }, this.faultRandom.next);
	}

	/**
	 * Appends an entry to the request log.
	 * @param {Pick<RequestLogEntry, 'method' | 'rawPath' | 'operation' | 'customerId' | 'params' | 'contentType' | 'body' | 'authorized'>} fields
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
			errorCode: null,
			placed: false,
			callId: null,
			callIds: [],
			faults: [],
			latencyMs: 0,
			contract: { request: null, response: null },
		};
		this.requests.push(entry);
		return entry;
	}

	/**
	 * Records a contract breach.
	 * @param {Omit<Violation, 'status' | 'body'> & Partial<Pick<Violation, 'status' | 'body'>>} violation
	 */
	recordViolation(violation) {
		this.violations.push({ status: null, body: null, ...violation });
	}

	/**
	 * Adds a customer.
	 * @param {Record<string, any>} record the API record, with `id` and `createdAt`
	 * @param {import('./fixtures').Profile} profile
	 * @returns {CustomerState}
	 */
	addCustomer(record, profile) {
		/** @type {CustomerState} */
		const customer = { record, profile, tags: [] };
		this.customers.set(record.id, customer);
		this.externalIds.set(record.externalId, record.id);
		return customer;
	}

	/**
	 * The ID and profile a new customer gets: the fixture's when its `externalId` is in the
	 * fixtures; otherwise a seeded UUID and a default profile (active, no cease and desist, no
	 * calls, the time zone of its address's US state or `defaultTimeZone`).
	 * @param {string} externalId
	 * @param {{ state?: string | null } | null | undefined} address
	 * @returns {{ id: string, profile: import('./fixtures').Profile }}
	 */
	identityFor(externalId, address) {
		const fixture = this.profiles.get(externalId);
		if (fixture) return { id: fixture.id, profile: structuredClone(fixture.profile) };
		const state = address && typeof address.state === 'string' ? address.state.trim().toUpperCase() : '';
		return {
			id: this.ids.uuid(),
			profile: {
				timeZone: STATE_TIME_ZONES[state] || this.config.defaultTimeZone,
				active: true,
				ceaseAndDesist: false,
				callsPlaced: [],
			},
		};
	}

	/**
	 * Finds a customer by UUID, in any case.
	 * @param {string} id
	 * @returns {CustomerState | undefined}
	 */
	customer(id) {
		return this.customers.get(String(id).toLowerCase());
	}

	/**
	 * A thread for an interaction: the one named (made with that ID when new), or a new one.
	 * @param {string} customerId
	 * @param {string | undefined} threadId
	 * @returns {{ id: string } | { error: string }} `error` when the thread is another customer's
	 */
	thread(customerId, threadId) {
		if (threadId) {
			const id = threadId.toLowerCase();
			const existing = this.threads.get(id);
			if (existing && existing.customerId !== customerId) {
				return { error: `threadId ${threadId} is a thread of another customer` };
			}
			if (!existing) this.threads.set(id, { id, customerId });
			return { id };
		}
		const id = this.ids.uuid();
		this.threads.set(id, { id, customerId });
		return { id };
	}

	/**
	 * Places a call: records it, adds its time to the customer's `callsPlaced`, decides how it
	 * ends, and schedules its webhook events when it has a webhook.
	 * @param {object} details
	 * @param {CustomerState} details.customer
	 * @param {import('./fixtures').Agent} details.agent
	 * @param {{ url?: string | null, secretId?: string } | null | undefined} details.webhook
	 * @param {string} details.requestId
	 * @param {number} details.seq
	 * @param {CallRecord['source']} details.source
	 * @param {string} details.origin for the recording URL, such as `http://127.0.0.1:4010`
	 * @param {{ id: string, name: string, status: string, createdAt: string } | null} [details.campaign]
	 * @param {boolean} [details.sendWebhooks] default true; false when the caller sends them
	 * @returns {CallRecord}
	 */
	placeCall({ customer, agent, webhook, requestId, seq, source, origin, campaign = null, sendWebhooks = true }) {
		const placedAt = this.now().toISOString();
		const id = this.ids.uuid();
		const threadId = this.thread(customer.record.id, undefined);
		/** @type {CallRecord} */
		const call = {
			id,
			threadId: /** @type {{ id: string }} */ (threadId).id,
			customerId: customer.record.id,
			agentId: agent.id,
			webhook: webhook && webhook.url ? { ...webhook, url: webhook.url } : null,
			toPhoneNumber: customer.record.primaryPhone,
			fromPhoneNumber: agent.fromPhoneNumber,
			placedAt,
			createdAt: placedAt,
			requestId,
			seq,
			source,
			dripCampaignId: campaign ? campaign.id : null,
			outcome: callOutcome({
				seed: this.config.seed,
				callId: id,
				createdAt: placedAt,
				customer: customer.record,
				agent,
				endedReason: customer.profile.endedReason,
			}),
		};
		this.calls.push(call);
		this.callsById.set(id, call);
		customer.profile.callsPlaced.push(placedAt);
		if (call.webhook && sendWebhooks) {
			this.dispatcher.dispatch({
				url: call.webhook.url,
				secretId: call.webhook.secretId,
				steps: this.callEventSteps(call, agent, origin, campaign),
				about: { callId: call.id, customerId: call.customerId, dripCampaignId: call.dripCampaignId },
			});
		}
		return call;
	}

	/**
	 * The created and ended events of a call, as dispatcher steps.
	 * @param {CallRecord} call
	 * @param {import('./fixtures').Agent} agent
	 * @param {string} origin
	 * @param {{ id: string, name: string, status: string, createdAt: string } | null} campaign
	 * @returns {{ event: object, delayMs: number }[]}
	 */
	callEventSteps(call, agent, origin, campaign) {
		const recordingUrl = this.recordingUrl(call.id, origin);
		return [
			{ event: callCreatedEvent({ call, campaign, agentName: agent.name }), delayMs: 0 },
			{
				event: callEndedEvent({ call, campaign, agentName: agent.name, recordingUrl }),
				delayMs: this.config.webhooks.callDurationMs,
			},
		];
	}

	/**
	 * A signed recording URL of a call, valid for `webhooks.recordingTtlMs` from now (real time).
	 * @param {string} callId
	 * @param {string} origin used unless `publicUrl` is set
	 * @returns {string}
	 */
	recordingUrl(callId, origin) {
		return signRecordingUrl({
			origin: this.config.publicUrl || origin,
			callId,
			key: this.recordingKey,
			ttlMs: this.config.webhooks.recordingTtlMs,
		});
	}

	/** @returns {Record<string, number>} calls placed by the emulator, per customer ID (0 included) */
	countsByCustomer() {
		const counts = Object.fromEntries([...this.customers.keys()].map((id) => [id, 0]));
		for (const call of this.calls) counts[call.customerId] = (counts[call.customerId] || 0) + 1;
		return counts;
	}

	/**
	 * The customers as the control endpoint lists them: the API record, the profile and the tags.
	 * @returns {object[]}
	 */
	customerList() {
		return [...this.customers.values()].map(({ record, profile, tags }) => ({ ...record, profile, tags }));
	}

	/**
	 * Deliveries matching a filter.
	 * @param {{ type?: string, callId?: string, customerId?: string, dripCampaignId?: string,
	 *   url?: string, status?: string }} filter `status` absent: only settled deliveries count
	 *   when waiting (see control.js)
	 * @returns {(d: import('./webhooks').Delivery) => boolean}
	 */
	deliveryFilter(filter) {
		return (d) =>
			(!filter.type || d.type === filter.type) &&
			(!filter.callId || d.callId === filter.callId.toLowerCase()) &&
			(!filter.customerId || d.customerId === filter.customerId.toLowerCase()) &&
			(!filter.dripCampaignId || d.dripCampaignId === filter.dripCampaignId.toLowerCase()) &&
			(!filter.url || d.url === filter.url) &&
			(filter.status ? d.status === filter.status : true);
	}
}

module.exports = { EmulatorState, checkConfig, STATE_TIME_ZONES, FINAL_DELIVERY_STATUSES };
