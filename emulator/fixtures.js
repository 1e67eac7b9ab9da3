'use strict';

/** Loads and checks the emulator's customer and agent fixtures. */

const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

/** Absolute path of the default fixtures, emulator/fixtures/customers.json. */
const DEFAULT_FIXTURES_PATH = path.join(__dirname, 'fixtures', 'customers.json');

/**
 * An agent that calls can be placed with.
 * @typedef {object} Agent
 * @property {string} id such as `agent-collections-01`
 * @property {string} [name]
 * @property {string} fromPhoneNumber E.164
 */

/**
 * A customer, in the shape of a CRM export. Extra fields are allowed and ignored.
 * @typedef {object} Customer
 * @property {string} id such as `100231` or `cus_8f2a41c9d7e3` (always a string)
 * @property {string} name
 * @property {string} phoneNumber E.164
 * @property {string} timeZone IANA time zone
 * @property {boolean} active
 * @property {boolean} ceaseAndDesist
 * @property {string[]} callsPlaced ISO 8601 instants of earlier calls
 */

/**
 * @typedef {{ agents: Agent[], customers: Customer[] }} Fixtures
 */

const phone = { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$' };
const schema = {
	type: 'object',
	required: ['agents', 'customers'],
	properties: {
		agents: {
			type: 'array',
			items: {
				type: 'object',
				required: ['id', 'fromPhoneNumber'],
				properties: { id: { type: 'string', minLength: 1 }, name: { type: 'string' }, fromPhoneNumber: phone },
			},
		},
		customers: {
			type: 'array',
			items: {
				type: 'object',
				required: ['id', 'name', 'phoneNumber', 'timeZone', 'active', 'ceaseAndDesist', 'callsPlaced'],
				properties: {
					id: { type: 'string', minLength: 1 },
					name: { type: 'string' },
					phoneNumber: phone,
					timeZone: { type: 'string', minLength: 1 },
					active: { type: 'boolean' },
					ceaseAndDesist: { type: 'boolean' },
					callsPlaced: { type: 'array', items: { type: 'string', format: 'date-time' } },
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
 */
function assertTimeZone(timeZone, where) {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
	} catch {
		throw new Error(`${where}: unknown time zone "${timeZone}"`);
	}
}

/**
 * Checks fixtures and returns a deep copy of them.
 * @param {unknown} value
 * @returns {Fixtures}
 * @throws {Error} naming the first problems: schema errors, duplicate ids, unknown time zones.
 */
function checkFixtures(value) {
	if (!validate(value)) {
		throw new Error(`Invalid fixtures: ${ajv.errorsText(validate.errors, { dataVar: 'fixtures' })}`);
	}
	const fixtures = /** @type {Fixtures} */ (structuredClone(value));
	for (const kind of ['agents', 'customers']) {
		const seen = new Set();
		for (const { id } of fixtures[kind]) {
			if (seen.has(id)) throw new Error(`Invalid fixtures: duplicate ${kind} id "${id}"`);
			seen.add(id);
		}
	}
	for (const customer of fixtures.customers)
		assertTimeZone(customer.timeZone, `Invalid fixtures: customer "${customer.id}"`);
	return fixtures;
}

/**
 * Loads fixtures from a JSON file or takes them from an object.
 * @param {string | Fixtures} [source] a path, a fixtures object, or nothing for
 *   `emulator/fixtures/customers.json`
 * @returns {Fixtures} a checked deep copy
 */
function loadFixtures(source = DEFAULT_FIXTURES_PATH) {
	const value = typeof source === 'string' ? JSON.parse(fs.readFileSync(source, 'utf8')) : source;
	return checkFixtures(value);
}

module.exports = { loadFixtures, checkFixtures, DEFAULT_FIXTURES_PATH };
