'use strict';

/**
 * The emulated API route, `POST /api/v1/customers/:customerId/calls`.
 *
 * Order of work for each request: global latency → rate limit → fault rules → (unless a fault
 * answers instead) authentication → Content-Type and JSON parsing → schema validation →
 * customer → agent → compliance → place the call or block it. Every JSON answer is validated
 * against openapi.yaml unless a fault deliberately breaks the contract; an invalid answer is an
 * emulator bug, logged and replaced by a 500.
 */

const { setTimeout: sleep } = require('node:timers/promises');
const { evaluateCompliance } = require('./compliance');
const { FAULT_TYPES, STATUS_TEXT, STATUS_CODE, retryAfterValue, htmlErrorPage, addExtraFields } = require('./faults');

/**
 * What to answer.
 * @typedef {object} Plan
 * @property {number} status
 * @property {Record<string, string>} [headers]
 * @property {object} [json] a JSON body
 * @property {string} [text] a raw body, sent with `contentType`
 * @property {string} [contentType]
 * @property {boolean} validate whether `json` must match the contract for `status`
 */

/**
 * The result of the API's own processing.
 * @typedef {object} Outcome
 * @property {Plan} plan
 * @property {'placed' | 'blocked' | 'rejected'} outcome
 * @property {import('./state').CallRecord | null} call
 */

/**
 * An ErrorResponse plan (the body shape is our assumption; see openapi.yaml).
 * @param {number} status
 * @param {string} requestId
 * @param {string} code such as `customer_not_found`
 * @param {string} message
 * @param {Record<string, string>} [headers]
 * @returns {Plan}
 */
function errorPlan(status, requestId, code, message, headers = {}) {
	return { status, headers, json: { requestId, success: false, message, error: { code, message } }, validate: true };
}

/**
 * @param {string | undefined} contentType
 * @returns {boolean} whether the media type is `application/json` (parameters ignored)
 */
function isJson(contentType) {
	return (contentType || '').split(';')[0].trim().toLowerCase() === 'application/json';
}

/**
 * The body as logged: parsed JSON, or the raw text, or null when empty.
 * @param {string} raw
 * @returns {unknown}
 */
function bodyForLog(raw) {
	if (raw === '') return null;
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

/**
 * The API's own processing of a create-call request (no faults).
 * @param {import('./state').EmulatorState} state
 * @param {import('./contract').Contract} contract
 * @param {{ customerId: string, auth: string, contentType: string | undefined, rawBody: string,
 *   requestId: string, seq: number }} request
 * @returns {Outcome}
 */
function processCreateCall(state, contract, { customerId, auth, contentType, rawBody, requestId, seq }) {
	/** @param {Plan} plan @returns {Outcome} */
	const rejected = (plan) => ({ plan, outcome: 'rejected', call: null });

	if (auth === 'forbidden') return rejected(errorPlan(403, requestId, 'forbidden', 'This token may not place calls'));
	if (auth !== 'ok') {
		const message =
			auth === 'missing' ? 'Missing bearer token: send "Authorization: Bearer <token>"' : 'Invalid bearer token';
		return rejected(errorPlan(401, requestId, 'unauthorized', message, { 'www-authenticate': 'Bearer' }));
	}
	if (!isJson(contentType)) {
		return rejected(errorPlan(400, requestId, 'invalid_content_type', 'Content-Type must be application/json'));
	}
	if (rawBody.trim() === '') {
		return rejected(errorPlan(400, requestId, 'invalid_json', 'Request body is empty: expected a JSON object'));
	}
	let body;
	try {
		body = JSON.parse(rawBody);
	} catch (error) {
		return rejected(errorPlan(400, requestId, 'invalid_json', `Request body is not valid JSON: ${error.message}`));
	}
	const validation = contract.validateCreateCallRequest(body);
	if (!validation.valid) {
		return rejected(errorPlan(422, requestId, 'validation_error', validation.errors.join('; ')));
	}
	const customer = state.customers.get(customerId);
	if (!customer)
		return rejected(errorPlan(404, requestId, 'customer_not_found', `Customer "${customerId}" was not found`));
	const agent = state.agents.get(body.agentId);
	if (!agent) return rejected(errorPlan(422, requestId, 'agent_not_found', `Agent "${body.agentId}" was not found`));

	const compliance = evaluateCompliance(customer, { now: state.now(), respectfulHours: state.config.respectfulHours });
	const phones = { toPhoneNumber: customer.phoneNumber, fromPhoneNumber: agent.fromPhoneNumber };
	if (!compliance.passed) {
		const json = { requestId, success: false, data: { id: null, threadId: null, ...phones, compliance } };
		return {
			plan: { status: state.config.complianceFailureStatus, json, validate: true },
			outcome: 'blocked',
			call: null,
		};
	}
	const call = state.placeCall({ customer, agent, webhook: body.webhook, requestId, seq });
	const json = { requestId, success: true, data: { id: call.id, threadId: call.threadId, ...phones, compliance } };
	return { plan: { status: 200, json, validate: true }, outcome: 'placed', call };
}

/**
 * The answer of a `replace`-stage fault.
 * @param {import('./faults').FaultRule} rule
 * @param {string} requestId
 * @returns {Plan | null} null for `reset-before` (no answer at all)
 */
function replacementPlan(rule, requestId) {
	switch (rule.type) {
		case 'status': {
			// Retry-After is about how long a client waits, so its HTTP-date follows the machine's real
			// clock (as the rate limiter does), not the fixed compliance clock.
			const headers =
				rule.retryAfter !== undefined ? { 'retry-after': retryAfterValue(rule.retryAfter, new Date()) } : {};
			if (rule.body === 'html')
				return {
					status: rule.status,
					headers,
					text: htmlErrorPage(rule.status),
					contentType: 'text/html; charset=utf-8',
					validate: false,
				};
			if (rule.body === 'empty') return { status: rule.status, headers, text: '', validate: false };
			return errorPlan(rule.status, requestId, STATUS_CODE[rule.status], STATUS_TEXT[rule.status], headers);
		}
		case 'malformed-json':
			return { status: 200, text: '{"requestId": ', contentType: 'application/json; charset=utf-8', validate: false };
		case 'html':
			return { status: 502, text: htmlErrorPage(502), contentType: 'text/html; charset=utf-8', validate: false };
		case 'empty-body':
			return { status: 200, text: '', contentType: 'application/json; charset=utf-8', validate: false };
		case 'success-false':
			return { status: 200, json: { requestId, success: false, message: 'Agent is busy', data: {} }, validate: true };
		default:
			return null;
	}
}

/**
 * Alters the API's answer for an `after`-stage fault that changes the body.
 * @param {import('./faults').FaultRule} rule
 * @param {Plan} plan
 * @returns {Plan}
 */
function alteredPlan(rule, plan) {
	if (rule.type === 'extra-fields' && plan.json)
		return { ...plan, json: /** @type {object} */ (addExtraFields(plan.json)), validate: false };
	if (rule.type === 'missing-compliance' && plan.json && plan.json.data) {
		const { compliance, ...data } = plan.json.data;
		return { ...plan, json: { ...plan.json, data }, validate: false };
	}
	return plan;
}

/**
 * Registers the API route. Fastify plugin; options `{ state, contract }`.
 * @param {import('fastify').FastifyInstance} app
 * @param {{ state: import('./state').EmulatorState, contract: import('./contract').Contract }} options
 */
async function apiRoutes(app, { state, contract }) {
	// Take every body as text, whatever its Content-Type, so that authentication comes first and
	// Content-Type and JSON errors get the API's own error body.
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => done(null, body));

	/**
	 * Waits, unless the client goes away or the server closes first.
	 * @param {number} ms
	 * @param {import('fastify').FastifyReply} reply
	 * @returns {Promise<boolean>} true when the full time passed
	 */
	async function pause(ms, reply) {
		if (ms <= 0) return true;
		if (reply.raw.destroyed || state.closing.signal.aborted) return false;
		const controller = new AbortController();
		const abort = () => controller.abort();
		reply.raw.once('close', abort);
		state.closing.signal.addEventListener('abort', abort, { once: true });
		try {
			await sleep(ms, undefined, { signal: controller.signal });
			return true;
		} catch {
			return false;
		} finally {
			reply.raw.off('close', abort);
			state.closing.signal.removeEventListener('abort', abort);
		}
	}

	/**
	 * Closes the connection without an answer.
	 * @param {import('fastify').FastifyRequest} request
	 * @param {import('fastify').FastifyReply} reply
	 */
	function destroy(request, reply) {
		reply.hijack();
		request.raw.socket.destroy();
	}

	/**
	 * Adds a request to the log (never its headers) and gives it a requestId.
	 * @param {import('fastify').FastifyRequest} request
	 * @param {string} rawBody
	 * @returns {import('./state').RequestLogEntry}
	 */
	function logRequest(request, rawBody) {
		const params = /** @type {{ customerId?: string }} */ (request.params || {});
		const entry = state.recordRequest({
			method: request.method,
			rawPath: request.raw.url || '',
			customerId: params.customerId || '',
			contentType: request.headers['content-type'] || null,
			body: bodyForLog(rawBody),
			authorized: state.authenticate(request.headers.authorization) === 'ok',
		});
		entry.requestId = state.ids.uuid();
		return entry;
	}

	/**
	 * Sends a plan, after checking JSON bodies against the contract where required.
	 * @param {import('fastify').FastifyReply} reply
	 * @param {import('./state').RequestLogEntry} entry
	 * @param {Plan} plan
	 */
	function send(reply, entry, plan) {
		let final = plan;
		if (plan.json && plan.validate) {
			const result = contract.validateCreateCallResponse(plan.status, plan.json);
			if (!result.valid) {
				state.violations.push({ seq: entry.seq, status: plan.status, errors: result.errors, body: plan.json });
				console.error(
					`Veritus emulator bug: answer to request ${entry.seq} breaks openapi.yaml: ${result.errors.join('; ')}`,
				);
				final = errorPlan(
					500,
					/** @type {string} */ (entry.requestId),
					'contract_violation',
					`Emulator answer broke the contract: ${result.errors.join('; ')}`,
				);
			}
		}
		entry.status = final.status;
		reply.code(final.status).headers(final.headers || {});
		if (final.json) return reply.send(final.json);
		if (final.contentType) reply.type(final.contentType);
		return reply.send(final.text);
	}

	app.post('/customers/:customerId/calls', async (request, reply) => {
		const { customerId } = /** @type {{ customerId: string }} */ (request.params);
		const rawBody = typeof request.body === 'string' ? request.body : '';
		const contentType = request.headers['content-type'];
		const auth = state.authenticate(request.headers.authorization);
		const entry = logRequest(request, rawBody);

		entry.latencyMs = state.config.latencyMs;
		if (!(await pause(entry.latencyMs, reply))) return destroy(request, reply);

		const limit = state.rateLimiter ? state.rateLimiter.take() : { allowed: true };
		if (!limit.allowed) {
			entry.outcome = 'rate-limited';
			const message = `Too many requests: the limit is ${state.config.rateLimit.requestsPerSecond} per second`;
			return send(
				reply,
				entry,
				errorPlan(429, entry.requestId, 'rate_limited', message, { 'retry-after': String(limit.retryAfterSeconds) }),
			);
		}

		const selection = state.selectFaults(customerId);
		entry.faults = selection.applied;
		entry.latencyMs += selection.latencyMs;
		if (!(await pause(selection.latencyMs, reply))) return destroy(request, reply);

		const rule = selection.fault;
		const stage = rule ? FAULT_TYPES[rule.type].stage : null;
		/** @type {Outcome} */
		let result = { plan: /** @type {Plan} */ ({}), outcome: 'rejected', call: null };
		if (!rule || stage === 'after' || rule.place) {
			result = processCreateCall(state, contract, {
				customerId,
				auth,
				contentType,
				rawBody,
				requestId: entry.requestId,
				seq: entry.seq,
			});
		}
		entry.outcome = rule ? `fault:${rule.type}` : result.outcome;
		entry.placed = result.call !== null;
		entry.callId = result.call ? result.call.id : null;

		if (!rule) return send(reply, entry, result.plan);
		if (stage === 'replace') {
			const plan = replacementPlan(rule, entry.requestId);
			return plan ? send(reply, entry, plan) : destroy(request, reply);
		}
		if (rule.type === 'reset-after') return destroy(request, reply);
		if (rule.type === 'timeout') {
			entry.status = result.plan.status;
			if (!(await pause(rule.ms === undefined ? 30000 : rule.ms, reply))) return destroy(request, reply);
		}
		return send(reply, entry, alteredPlan(rule, result.plan));
	});

	app.setNotFoundHandler((request, reply) => {
		const message = `No route for ${request.method} ${request.url}`;
		reply
			.code(404)
			.send({ requestId: state.ids.uuid(), success: false, message, error: { code: 'not_found', message } });
	});

	app.setErrorHandler((error, request, reply) => {
		const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
		const code = status === 413 ? 'payload_too_large' : status === 500 ? 'internal_error' : 'bad_request';
		const entry = logRequest(request, '');
		entry.outcome = 'rejected';
		return send(reply, entry, errorPlan(status, entry.requestId, code, error.message));
	});
}

module.exports = { apiRoutes, processCreateCall, errorPlan };
