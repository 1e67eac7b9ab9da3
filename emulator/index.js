'use strict';

/**
 * The Veritus Agent API emulator: see README.md beside this file.
 *
 * Exports createEmulator() and startEmulator() (server.js), loadContract() (contract.js) and the
 * defaults of constants.js (DEMO_CLOCK, DEFAULT_TOKEN, DEFAULT_PORT, DEFAULT_HOST, API_PREFIX,
 * CONTROL_PREFIX, DEFAULT_COMPLIANCE_FAILURE_STATUS).
 */

const { createEmulator, startEmulator } = require('./server');
const { loadContract } = require('./contract');
const constants = require('./constants');

module.exports = { createEmulator, startEmulator, loadContract, ...constants };
