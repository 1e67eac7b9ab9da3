'use strict';

/**
 * Jest set-up. `npm test` (scripts/test.js) builds the package and prepares the pinned n8n first,
 * because the real-n8n tests load the built package into a real n8n process.
 *
 * - test/unit: pure functions and the node's helpers (TypeScript, no network).
 * - emulator/test: the Veritus API emulator over real HTTP on loopback (beside the emulator).
 * - test/integration: the node inside n8n-core's real WorkflowExecute, against the emulator.
 * - test/n8n: the example workflows in the real n8n CLI.
 *
 * test/queue (n8n in queue mode: Postgres, Redis, a main and workers) is not run here: it has its
 * own set-up and runner, `npm run test:queue` (test/queue/jest.config.js).
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/emulator'],
	testMatch: ['**/*.test.ts', '**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/queue/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
	},
	testTimeout: 180_000,
	maxWorkers: 2,
};
