/**
 * Jest set-up of the queue-mode tests (`npm run test:queue`, scripts/test-queue.js): only
 * test/queue, one file at a time (each file starts its own n8n cluster), no transform.
 */
'use strict';

const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.js'],
	testTimeout: 600_000,
	maxWorkers: 1,
};
