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

/** Path prefix of the Veritus Agent API routes (`POST {API_PREFIX}/customers/{customerId}/calls`, …). */
const API_PREFIX = '/api/v1';

/** Path prefix of the control endpoints (`GET {CONTROL_PREFIX}/health`, `/requests`, …). */
const CONTROL_PREFIX = '/__emulator';

/** Path prefix of the recordings the emulator serves (`GET {RECORDINGS_PREFIX}/{callId}.wav?…`). */
const RECORDINGS_PREFIX = '/recordings';

/**
 * How Create Call answers a call blocked by compliance, unless told otherwise:
 * - `'seed'`: the seed page's shape, `{ success: false, data: { compliance } }`, at
 *   DEFAULT_COMPLIANCE_FAILURE_STATUS (or the configured `complianceFailureStatus`);
 * - `'spec'`: the provider document's shape, HTTP 422 with only `publicFacingMessage` naming the
 *   failed rules.
 * The default is the provider document's shape, its fullest account of the contract.
 */
const DEFAULT_COMPLIANCE_FAILURE_SHAPE = 'spec';

/** HTTP status of a call blocked by compliance in the `seed` shape: 200, or a 4xx when configured. */
const DEFAULT_COMPLIANCE_FAILURE_STATUS = 200;

/** Time zone of a customer created without a fixture profile whose address names no US state. */
const DEFAULT_TIME_ZONE = 'America/New_York';

/** Most customers one `POST /customers/bulk` takes (the provider's document gives no limit). */
const DEFAULT_CUSTOMERS_BULK_LIMIT = 1000;

module.exports = {
	DEMO_CLOCK,
	DEFAULT_TOKEN,
	DEFAULT_PORT,
	DEFAULT_HOST,
	API_PREFIX,
	CONTROL_PREFIX,
	RECORDINGS_PREFIX,
	DEFAULT_COMPLIANCE_FAILURE_SHAPE,
	DEFAULT_COMPLIANCE_FAILURE_STATUS,
	DEFAULT_TIME_ZONE,
	DEFAULT_CUSTOMERS_BULK_LIMIT,
};
