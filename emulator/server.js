'use strict';

/**
 * The Veritus Agent API emulator: a Fastify app serving the create-call endpoint under
 * `/api/v1` and control endpoints under `/__emulator`.
 */

const Fastify = require('fastify');
const { loadContract } = require('./contract');
const { EmulatorState } = require('./state');
const { apiRoutes } = require('./api');
const { controlRoutes } = require('./control');
const { API_PREFIX, CONTROL_PREFIX, DEFAULT_HOST } = require('./constants');

/**
 * A running emulator.
 * @typedef {object} RunningEmulator
 * @property {string} baseUrl API base URL, `http://127.0.0.1:PORT/api/v1`
 * @property {string} origin `http://127.0.0.1:PORT`
 * @property {string} controlUrl `http://127.0.0.1:PORT/__emulator`
 * @property {number} port
 * @property {import('./state').EmulatorState} state the live state (config, customers, calls, requests)
 * @property {import('fastify').FastifyInstance} app
 * @property {() => Promise<void>} close stops listening, ends held answers and open connections
 */

/**
 * Builds the emulator without listening (use `app.inject` or `app.listen`).
 * @param {import('./state').EmulatorOptions} [options]
 * @returns {{ app: import('fastify').FastifyInstance, state: import('./state').EmulatorState,
 *   contract: import('./contract').Contract }}
 * @throws {Error} when an option or the fixtures are invalid
 */
function createEmulator(options = {}) {
	const state = new EmulatorState(options);
	const contract = loadContract();
	const app = Fastify({ logger: options.logger === undefined ? false : options.logger, forceCloseConnections: true });
	app.addHook('preClose', async () => state.closing.abort());
	app.register(apiRoutes, { prefix: API_PREFIX, state, contract });
	app.register(controlRoutes, { prefix: CONTROL_PREFIX, state });
	return { app, state, contract };
}

/**
 * Builds the emulator and listens on loopback.
 * @param {import('./state').EmulatorOptions} [options] `port` defaults to 0 (a free port),
 *   `host` to `127.0.0.1`
 * @returns {Promise<RunningEmulator>}
 */
async function startEmulator(options = {}) {
	const { app, state } = createEmulator(options);
	const host = options.host || DEFAULT_HOST;
	await app.listen({ port: options.port || 0, host });
	const { port } = /** @type {import('node:net').AddressInfo} */ (app.server.address());
	const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	return {
		baseUrl: `${origin}${API_PREFIX}`,
		origin,
		controlUrl: `${origin}${CONTROL_PREFIX}`,
		port,
		state,
		app,
		close: () => app.close(),
	};
}

module.exports = { createEmulator, startEmulator };
