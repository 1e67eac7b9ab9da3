'use strict';

/** The Veritus Agent API emulator: see README.md beside this file. */

const { createEmulator, startEmulator } = require('./server');
const { loadContract } = require('./contract');

module.exports = { createEmulator, startEmulator, loadContract };
