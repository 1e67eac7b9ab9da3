'use strict';

/**
 * The Veritus Agent API emulator: a Fastify app serving every operation of the API under
 * `/api/v1`, control endpoints under `/__emulator`, and call recordings under `/recordings`.
 */

const Fastify = require('fastify');
const { loadContract, loadProviderContract } = require('./contract');
const { EmulatorState } = require('./state');
const { apiRoutes } = require('./api');
const { controlRoutes } = require('./control');
const { recordingRoutes } = require('./recordings');
const { API_PREFIX, CONTROL_PREFIX, RECORDINGS_PREFIX, DEFAULT_HOST } = require('./constants');

/**
 * A running emulator.
 * @typedef {object} RunningEmulator
 * @property {string} baseUrl API base URL, `http://127.0.0.1:PORT/api/v1`
 * @property {string} origin `http://127.0.0.1:PORT`
 * @property {string} controlUrl `http://127.0.0.1:PORT/__emulator`
 * @property {number} port
 * @property {import('./state').EmulatorState} state the live state (config, customers, calls, requests)
 * @property {import('fastify').FastifyInstance} app
 * @property {() => Promise<void>} close stops listening, ends held answers, open connections
 *   and webhook deliveries
 */

/**
 * Builds the emulator without listening (use `app.inject` or `app.listen`).
 * @param {import('./state').EmulatorOptions} [options]
 * @returns {{ app: import('fastify').FastifyInstance, state: import('./state').EmulatorState,
 *   contract: import('./contract/own').Contract, provider: import('./contract/provider').ProviderContract }}
 * @throws {Error} when an option or the fixtures are invalid
 */
function createEmulator(options = {}) {
	const state = new EmulatorState(options);
	const contract = loadContract();
	const provider = loadProviderContract();
	state.checkWebhookEvent = (event) => {
		const check = provider.checkWebhook(event);
		if (check.valid) return;
		state.recordViolation({
			seq: null,
			direction: 'webhook',
			source: 'provider',
			operation: /** @type {any} */ (event).type,
			errors: check.errors,
			body: event,
		});
	};
	const app = Fastify({ logger: options.logger === undefined ? false : options.logger, forceCloseConnections: true });
	app.addHook('preClose', async () => {
		state.closing.abort();
		state.dispatcher.close();
	});
	app.register(apiRoutes, { prefix: API_PREFIX, state, contract, provider });
	app.register(controlRoutes, { prefix: CONTROL_PREFIX, state });
	app.register(recordingRoutes, { prefix: RECORDINGS_PREFIX, state });
	return { app, state, contract, provider };
}

/**
 * Builds the emulator and listens on loopback.
 * @param {import('./state').EmulatorOptions} [options] `port` defaults to 0 (a free port),
 *   `host` to `127.0.0.1`
 * @returns {Promise<RunningEmulator>}
 * @throws {Error} when an option or the fixtures are invalid, or the port is taken
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
