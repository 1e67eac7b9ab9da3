'use strict';

/**
 * Control endpoints under `/__emulator` (no authentication; nothing here ever holds a token):
 *
 * - `GET  /health`     → `{ status: 'ok', clock, requests, calls, contractViolations }` (counts)
 * - `GET  /requests`   → `{ requests: RequestLogEntry[] }`, in order of arrival
 * - `GET  /calls`      → `{ calls: CallRecord[], countsByCustomer: { [customerId]: number } }`
 * - `GET  /customers`  → `{ customers: Customer[] }`, with `callsPlaced` as it is now
 * - `GET  /violations` → `{ violations: [{ seq, status, errors, body }] }`: answers that broke
 *   openapi.yaml (emulator bugs; always empty when all is well)
 * - `POST /reset`      → `{ status: 'ok' }`: fixtures restored, calls and logs cleared,
 *   fault counters, generators and rate limit restarted; configuration kept
 * - `GET  /config`     → RuntimeConfig
 * - `PUT  /config`     → RuntimeConfig after applying a partial RuntimeConfig; 400
 *   `{ error: message }` when invalid
 */

/**
 * Registers the control routes. Fastify plugin; options `{ state }`.
 * @param {import('fastify').FastifyInstance} app
 * @param {{ state: import('./state').EmulatorState }} options
 */
async function controlRoutes(app, { state }) {
	// Accept an empty body with a JSON Content-Type (POST /reset from any client).
	app.removeContentTypeParser('application/json');
	app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
		try {
			done(null, body.trim() === '' ? {} : JSON.parse(body));
		} catch (error) {
			error.statusCode = 400;
			done(error, undefined);
		}
	});

	app.get('/health', async () => ({
		status: 'ok',
		clock: state.now().toISOString(),
		requests: state.requests.length,
		calls: state.calls.length,
		contractViolations: state.violations.length,
	}));
	app.get('/requests', async () => ({ requests: state.requests }));
	app.get('/calls', async () => ({ calls: state.calls, countsByCustomer: state.countsByCustomer() }));
	app.get('/customers', async () => ({ customers: [...state.customers.values()] }));
	app.get('/violations', async () => ({ violations: state.violations }));
	app.post('/reset', async () => {
		state.reset();
		return { status: 'ok' };
	});
	app.get('/config', async () => state.publicConfig());
	app.put('/config', async (request, reply) => {
		try {
			return state.updateConfig(/** @type {object} */ (request.body || {}));
		} catch (error) {
			return reply.code(400).send({ error: error.message });
		}
	});
}

module.exports = { controlRoutes };
