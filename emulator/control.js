'use strict';

/**
 * Control endpoints under `/__emulator` (no authentication; nothing here ever holds a token or a
 * webhook secret's value):
 *
 * - `GET  /health`        → `{ status: 'ok', clock, requests, calls, deliveries, contractViolations }` (counts)
 * - `GET  /requests`      → `{ requests: RequestLogEntry[] }`, in order of arrival
 * - `GET  /calls`         → `{ calls: CallRecord[], countsByCustomer: { [customerId]: number } }`
 * - `GET  /customers`     → `{ customers }`: API record, `profile` and `tags` of each
 * - `GET  /interactions`  → `{ interactions }`: imported and generated SMS and emails
 * - `GET  /drip-campaigns`→ `{ enrollments }`
 * - `GET  /deliveries`    → `{ deliveries, timedOut? }`, filtered by `type`, `callId`,
 *   `customerId`, `dripCampaignId`, `url`, `status`; with `waitMs` (at most 60000) it waits until
 *   `count` (default 1) deliveries match, counting only settled ones unless `status` is given
 * - `GET  /violations`    → `{ violations }`: contract breaches, requests and answers
 * - `DELETE /violations`  → `{ status: 'ok' }`: forgets them (after a test provoked some)
 * - `POST /reset`         → `{ status: 'ok' }`: fixtures restored, everything recorded cleared,
 *   deliveries in flight cancelled, counters, generators and rate limit restarted; config kept
 * - `GET  /config`        → RuntimeConfig
 * - `PUT  /config`        → RuntimeConfig after applying a partial RuntimeConfig; 400
 *   `{ error: message }` when invalid
 */

const { FINAL_DELIVERY_STATUSES } = require('./state');

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
		deliveries: state.dispatcher.deliveries.length,
		contractViolations: state.violations.length,
	}));
	app.get('/requests', async () => ({ requests: state.requests }));
	app.get('/calls', async () => ({ calls: state.calls, countsByCustomer: state.countsByCustomer() }));
	app.get('/customers', async () => ({ customers: state.customerList() }));
	app.get('/interactions', async () => ({ interactions: [...state.interactions.values()] }));
	app.get('/drip-campaigns', async () => ({ enrollments: [...state.enrollments.values()] }));
	app.get('/deliveries', async (request, reply) => {
		const query = /** @type {Record<string, string | undefined>} */ (request.query || {});
		const filter = state.deliveryFilter(query);
		const waitMs = query.waitMs === undefined ? 0 : Number(query.waitMs);
		const count = query.count === undefined ? 1 : Number(query.count);
		if (!Number.isInteger(waitMs) || waitMs < 0 || waitMs > 60000 || !Number.isInteger(count) || count < 1) {
			return reply
				.code(400)
				.send({ error: 'waitMs must be an integer from 0 to 60000, count an integer of 1 or more' });
		}
		/** @type {{ deliveries: unknown[], timedOut?: boolean }} */
		const answer = { deliveries: [] };
		if (waitMs > 0) {
			const settled = query.status ? filter : (d) => filter(d) && FINAL_DELIVERY_STATUSES.has(d.status);
			answer.timedOut = !(await state.dispatcher.waitFor(settled, count, waitMs));
		}
		answer.deliveries = state.dispatcher.deliveries.filter(filter);
		return answer;
	});
	app.get('/violations', async () => ({ violations: state.violations }));
	app.delete('/violations', async () => {
		state.violations = [];
		return { status: 'ok' };
	});
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
