'use strict';

/**
 * The Veritus Agent API emulator: see README.md beside this file.
 *
 * Exports createEmulator() and startEmulator() (server.js); loadContract() and
 * loadProviderContract() (contract/); signWebhook() and postWebhook() (webhooks.js, the signing
 * that events use); fixtureUuid() (random.js, the stable IDs of fixture records); and the
 * defaults of constants.js (DEMO_CLOCK, DEFAULT_TOKEN, DEFAULT_PORT, DEFAULT_HOST, API_PREFIX,
 * CONTROL_PREFIX, RECORDINGS_PREFIX, DEFAULT_COMPLIANCE_FAILURE_SHAPE,
 * DEFAULT_COMPLIANCE_FAILURE_STATUS, DEFAULT_TIME_ZONE, DEFAULT_CUSTOMERS_BULK_LIMIT).
 */

const { createEmulator, startEmulator } = require('./server');
const { loadContract, loadProviderContract } = require('./contract');
const { signWebhook, postWebhook, ENCODINGS, EVENT_TYPES } = require('./webhooks');
const { fixtureUuid } = require('./random');
const constants = require('./constants');

module.exports = {
	createEmulator,
	startEmulator,
	loadContract,
	loadProviderContract,
	signWebhook,
	postWebhook,
	WEBHOOK_ENCODINGS: ENCODINGS,
	WEBHOOK_EVENT_TYPES: EVENT_TYPES,
	fixtureUuid,
	...constants,
};
