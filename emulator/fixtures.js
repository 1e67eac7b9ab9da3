'use strict';

/**
 * Loads and checks the emulator's fixtures: agents, clients, webhook secrets, drip campaign
 * names and customers (see fixtures/README.md for the file and its designed outcome).
 *
 * A fixture customer is a Veritus customer record (the fields `POST /customers` takes) with a
 * stable UUID, plus a `profile`: the facts Veritus knows about the customer but the API does not
 * take (time zone, active, cease and desist, earlier calls). With `preload` (the default) the
 * customer exists when the emulator starts; either way, a customer created through
 * `POST /customers` or `POST /customers/bulk` with the same `externalId` gets the fixture's UUID
 * and profile, so a sheet of account numbers turned into customers has the designed outcome too.
 */

const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const { fixtureUuid } = require('./random');

/** Absolute path of the default fixtures, emulator/fixtures/customers.json. */
const DEFAULT_FIXTURES_PATH = path.join(__dirname, 'fixtures', 'customers.json');

/**
 * An agent that calls can be placed with.
 * @typedef {object} Agent
 * @property {string} id lower-case UUID (default: `fixtureUuid('agent', name)`)
 * @property {string} name such as `Collections agent`; also the `name` of its calls' webhook events
 * @property {string} fromPhoneNumber E.164
 */

/**
 * A client (a sub-entity of the organisation that customers can belong to), as `GET /clients`
 * lists it.
 * @typedef {{ id: string, name: string }} Client
 */

/**
 * A webhook secret: `id` is the `secretId` a request names, `secret` the value events are
 * signed with (HMAC-SHA256).
 * @typedef {{ id: string, secret: string }} WebhookSecret
 */

/**
 * The facts the compliance rules read, which the API does not take.
 * @typedef {object} Profile
 * @property {string} timeZone IANA time zone, such as `America/Los_Angeles`
 * @property {boolean} active
 * @property {boolean} ceaseAndDesist
 * @property {string[]} callsPlaced ISO 8601 instants of earlier voice calls
 * @property {boolean} [modelValidationNoticeSent] when present, the rule "Model Validation
 *   Notice Delivered" is evaluated for this customer and fails while this is false
 * @property {string} [endedReason] the `endedReason` of every call placed to this customer
 *   (default: drawn from the seed and the call ID)
 */

/**
 * A fixture customer.
 * @typedef {object} FixtureCustomer
 * @property {string} id lower-case UUID (default: `fixtureUuid('customer', externalId)`)
 * @property {string} externalId the team's own account number, such as `100231`
 * @property {boolean} preload whether the customer exists at startup (default true)
 * @property {string} firstName
 * @property {string} lastName
 * @property {string} email
 * @property {string} primaryPhone E.164
 * @property {{ zip: string, line1?: string, line2?: string, city?: string, state?: string }} address
 * @property {Profile} profile
 */

/**
 * @typedef {object} Fixtures
 * @property {Agent[]} agents
 * @property {Client[]} clients
 * @property {WebhookSecret[]} webhookSecrets
 * @property {{ name: string }[]} dripCampaigns campaign names `POST …/drip-campaigns` accepts
 * @property {FixtureCustomer[]} customers
 */

const uuid = { type: 'string', format: 'uuid' };
const phone = { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$' };
const profileSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['timeZone', 'active', 'ceaseAndDesist', 'callsPlaced'],
	properties: {
		timeZone: { type: 'string', minLength: 1 },
		active: { type: 'boolean' },
		ceaseAndDesist: { type: 'boolean' },
		callsPlaced: { type: 'array', items: { type: 'string', format: 'date-time' } },
		modelValidationNoticeSent: { type: 'boolean' },
		endedReason: {
			enum: [
				'customer-did-not-answer',
				'voicemail',
				'customer-ended-call',
				'agent-ended-call',
				'silence-timed-out',
				'unknown',
			],
		},
	},
};
const schema = {
	type: 'object',
	additionalProperties: false,
	required: ['agents', 'customers'],
	properties: {
		agents: {
			type: 'array',
			items: {
				type: 'object',
				additionalProperties: false,
				required: ['name', 'fromPhoneNumber'],
				properties: { id: uuid, name: { type: 'string', minLength: 1 }, fromPhoneNumber: phone },
			},
		},
		clients: {
			type: 'array',
			items: {
				type: 'object',
				additionalProperties: false,
				required: ['name'],
				properties: { id: uuid, name: { type: 'string', minLength: 1 } },
			},
		},
		webhookSecrets: {
			type: 'array',
			items: {
				type: 'object',
				additionalProperties: false,
				required: ['id', 'secret'],
				properties: { id: uuid, secret: { type: 'string', minLength: 1 } },
			},
		},
		dripCampaigns: {
			type: 'array',
			items: {
				type: 'object',
				additionalProperties: false,
				required: ['name'],
				properties: { name: { type: 'string', minLength: 1 } },
			},
		},
		customers: {
			type: 'array',
			items: {
				type: 'object',
				required: ['externalId', 'firstName', 'lastName', 'email', 'primaryPhone', 'address', 'profile'],
				properties: {
					id: uuid,
					externalId: { type: 'string', minLength: 1 },
					preload: { type: 'boolean' },
					firstName: { type: 'string' },
					lastName: { type: 'string' },
					email: { type: 'string', format: 'email' },
					primaryPhone: phone,
					address: { type: 'object', required: ['zip'], properties: { zip: { type: 'string' } } },
					profile: profileSchema,
				},
			},
		},
	},
};

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/**
 * Throws unless `value` is a valid IANA time zone.
 * @param {string} timeZone
 * @param {string} where for the error message
 * @throws {Error} `<where>: unknown time zone "<timeZone>"`
 */
function assertTimeZone(timeZone, where) {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
	} catch {
		throw new Error(`${where}: unknown time zone "${timeZone}"`);
	}
}

/**
 * Throws when two records of a list share a value.
 * @param {object[]} list
 * @param {string} key
 * @param {string} kind for the message
 * @throws {Error} `Invalid fixtures: duplicate <kind> <key> "<value>"`
 */
function assertUnique(list, key, kind) {
	const seen = new Set();
	for (const record of list) {
		const value = String(record[key]).toLowerCase();
		if (seen.has(value)) throw new Error(`Invalid fixtures: duplicate ${kind} ${key} "${record[key]}"`);
		seen.add(value);
	}
}

/**
 * Checks fixtures and returns a normalised deep copy: every record has its lower-case UUID
 * (`fixtureUuid` of its natural key when the file leaves `id` out), every customer `preload`,
 * and missing lists are empty.
 * @param {unknown} value
 * @returns {Fixtures}
 * @throws {Error} naming the first problems: schema errors, duplicate IDs or external IDs,
 *   unknown time zones
 */
function checkFixtures(value) {
	if (!validate(value)) {
		throw new Error(`Invalid fixtures: ${ajv.errorsText(validate.errors, { dataVar: 'fixtures' })}`);
	}
	const copy = /** @type {any} */ (structuredClone(value));
	/** @type {Fixtures} */
	const fixtures = {
		agents: copy.agents.map((a) => ({ ...a, id: (a.id || fixtureUuid('agent', a.name)).toLowerCase() })),
		clients: (copy.clients || []).map((c) => ({ ...c, id: (c.id || fixtureUuid('client', c.name)).toLowerCase() })),
		webhookSecrets: (copy.webhookSecrets || []).map((s) => ({ ...s, id: s.id.toLowerCase() })),
		dripCampaigns: copy.dripCampaigns || [],
		customers: copy.customers.map((c) => ({
			...c,
			id: (c.id || fixtureUuid('customer', c.externalId)).toLowerCase(),
			preload: c.preload !== false,
		})),
	};
	assertUnique(fixtures.agents, 'id', 'agents');
	assertUnique(fixtures.clients, 'id', 'clients');
	assertUnique(fixtures.webhookSecrets, 'id', 'webhookSecrets');
	assertUnique(fixtures.dripCampaigns, 'name', 'dripCampaigns');
	assertUnique(fixtures.customers, 'id', 'customers');
	assertUnique(fixtures.customers, 'externalId', 'customers');
	for (const customer of fixtures.customers)
		assertTimeZone(customer.profile.timeZone, `Invalid fixtures: customer "${customer.externalId}"`);
	return fixtures;
}

/**
 * Loads fixtures from a JSON file or takes them from an object.
 * @param {string | object} [source] a path, a fixtures object, or nothing for
 *   `emulator/fixtures/customers.json`
 * @returns {Fixtures} a checked, normalised deep copy
 * @throws {Error} when the file cannot be read or the fixtures are invalid
 */
function loadFixtures(source = DEFAULT_FIXTURES_PATH) {
	const value = typeof source === 'string' ? JSON.parse(fs.readFileSync(source, 'utf8')) : source;
	return checkFixtures(value);
}

module.exports = { loadFixtures, checkFixtures, DEFAULT_FIXTURES_PATH };
