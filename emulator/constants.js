'use strict';

/**
 * The emulator's defaults, in one place. The emulator itself, its tests, the node's tests, the
 * demo and the benchmark import these rather than writing the values out again.
 */

/**
 * The fixed clock the fixtures' designed outcome is written against (ISO 8601, UTC): Monday
 * 2026-11-30, 18:00 UTC, which is 10:00 in Los Angeles and 13:00 in New York (see
 * fixtures/README.md). The emulator runs on it unless told `clock: 'real'`.
 */
const DEMO_CLOCK = '2026-11-30T18:00:00Z';

/** The bearer token the emulator accepts when no `token` option is given. */
const DEFAULT_TOKEN = 'veritus-emulator-token';

/**
 * TCP port of the command line (`node emulator/cli.js`) when no `--port` is given.
 * `startEmulator()` defaults to 0 instead (a free port), so tests never collide.
 */
const DEFAULT_PORT = 4010;

/** Interface the emulator listens on unless told otherwise: loopback only. */
const DEFAULT_HOST = '127.0.0.1';

/** Path prefix of the Veritus Agent API routes (`POST {API_PREFIX}/customers/{customerId}/calls`). */
const API_PREFIX = '/api/v1';

/** Path prefix of the control endpoints (`GET {CONTROL_PREFIX}/health`, `/requests`, …). */
const CONTROL_PREFIX = '/__emulator';

/** HTTP status of a call blocked by compliance unless `complianceFailureStatus` says 422. */
const DEFAULT_COMPLIANCE_FAILURE_STATUS = 200;

module.exports = {
	DEMO_CLOCK,
	DEFAULT_TOKEN,
	DEFAULT_PORT,
	DEFAULT_HOST,
	API_PREFIX,
	CONTROL_PREFIX,
	DEFAULT_COMPLIANCE_FAILURE_STATUS,
};
