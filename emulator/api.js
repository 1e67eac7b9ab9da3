'use strict';

/**
 * The emulated API routes under `/api/v1`: every operation of openapi.yaml.
 *
 * Order of work for each request:
 * 1. the provider check of the request (recorded, never answered: a breach is listed at
 *    `/__emulator/violations` with direction `request`);
 * 2. global latency → rate limit → fault rules (a gateway in front of the API);
 * 3. unless a fault answers instead: authentication → Content-Type and JSON → path parameters
 *    (UUIDs) → the body against openapi.yaml (400 naming the field) → the operation's handler
 *    (operations/);
 * 4. the answer against openapi.yaml (a breach is an emulator bug: logged and replaced by a 500),
 *    then any `after` fault, then the answer against the provider extract (recorded, direction
 *    `response`; answers of the seed shape and of faults are exempt and say why).
 */

const { setTimeout: sleep } = require('node:timers/promises');
const { FAULT_TYPES, STATUS_TEXT, STATUS_CODE, retryAfterValue, htmlErrorPage, addExtraFields } = require('./faults');
const { HANDLERS } = require('./operations');
const { errorPlan } = require('./operations/common');

/** @typedef {import('./operations/common').Plan} Plan */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
 * The customer IDs of a request, for fault rules: the path's, or Create Calls in Bulk's.
 * @param {Record<string, string>} params
 * @param {string} rawBody
 * @returns {string[]}
 */
function customerIdsOf(params, rawBody) {
	if (params.customerId !== undefined) return [params.customerId];
	const body = bodyForLog(rawBody);
	if (body && typeof body === 'object' && Array.isArray(/** @type {any} */ (body).customerIds)) {
		return /** @type {any} */ (body).customerIds.filter((id) => typeof id === 'string');
	}
	return [];
}

/**
 * The API's own processing of a request (no faults).
 * @param {import('./contract/own').OwnOperation} operation
 * @param {{ state: import('./state').EmulatorState, contract: import('./contract/own').Contract }} deps
 * @param {{ params: Record<string, string>, auth: string, contentType: string | undefined,
 *   rawBody: string, requestId: string, seq: number, origin: string }} request
 * @returns {Plan}
 */
function processRequest(
	operation,
	{ state, contract },
	{ params, auth, contentType, rawBody, requestId, seq, origin },
) {
	if (auth === 'forbidden') {
		return {
			...errorPlan(requestId, 403, 'forbidden', 'This token may not use this operation.'),
			exempt: 'forbidden token (an emulator extension; the document has no 403)',
		};
	}
	if (auth !== 'ok') {
		return errorPlan(
			requestId,
			401,
			'unauthorized',
			'Unauthorized. Make sure to pass the correct authorization token.',
			{ 'www-authenticate': 'Bearer' },
		);
	}
	let body;
	if (operation.hasBody) {
		if (rawBody.trim() === '') {
			if (operation.bodyRequired) {
				return errorPlan(requestId, 400, 'invalid_json', 'Invalid request data: the body is empty; send a JSON object');
			}
			body = {};
		} else {
			if (!isJson(contentType)) {
				return errorPlan(
					requestId,
					400,
					'invalid_content_type',
					'Invalid request data: Content-Type must be application/json',
				);
			}
			try {
				body = JSON.parse(rawBody);
			} catch (error) {
				return errorPlan(
					requestId,
					400,
					'invalid_json',
					`Invalid request data: the body is not valid JSON (${error.message})`,
				);
			}
		}
	}
	const badParams = Object.entries(params)
		.filter(([, value]) => !UUID.test(value))
		.map(([name, value]) => `${name} must be a UUID, got "${value}"`);
	if (badParams.length)
		return errorPlan(requestId, 400, 'invalid_path_parameter', `Invalid request data: ${badParams.join('; ')}`);
	if (operation.hasBody) {
		const validation = contract.validateRequest(operation.operationId, body);
		if (!validation.valid) {
			return errorPlan(requestId, 400, 'validation_error', `Invalid request data: ${validation.errors.join('; ')}`);
		}
	}
	const handler = HANDLERS[operation.operationId];
	return handler({ state, contract, body, params, requestId, seq, origin });
}

/**
 * The answer of a `replace`-stage fault.
 * @param {import('./faults').FaultRule} rule
 * @param {string} requestId
 * @returns {Plan | null} null for `reset-before` (no answer at all)
 */
function replacementPlan(rule, requestId) {
	const exempt = `fault: ${rule.type}`;
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
					exempt,
				};
			if (rule.body === 'empty') return { status: rule.status, headers, text: '', validate: false, exempt };
			return {
				...errorPlan(requestId, rule.status, STATUS_CODE[rule.status], STATUS_TEXT[rule.status], headers),
				exempt,
			};
		}
		case 'malformed-json':
			return {
				status: 200,
				text: '{"requestId": ',
				contentType: 'application/json; charset=utf-8',
				validate: false,
				exempt,
			};
		case 'html':
			return {
				status: 502,
				text: htmlErrorPage(502),
				contentType: 'text/html; charset=utf-8',
				validate: false,
				exempt,
			};
		case 'empty-body':
			return { status: 200, text: '', contentType: 'application/json; charset=utf-8', validate: false, exempt };
		case 'success-false':
			return {
				status: 200,
				json: { requestId, success: false, message: 'Agent is busy', data: {} },
				validate: false,
				exempt,
			};
		default:
			return null;
	}
}

/**
 * Removes the value at a JSON pointer, in a copy.
 * @param {unknown} value
 * @param {string} pointer such as `/data/id`
 * @returns {unknown}
 */
function withoutField(value, pointer) {
	const copy = structuredClone(value);
	const parts = pointer
		.slice(1)
		.split('/')
		.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
	let target = /** @type {any} */ (copy);
	for (const part of parts.slice(0, -1)) {
		if (!target || typeof target !== 'object') return copy;
		target = target[part];
	}
	if (target && typeof target === 'object') delete target[parts[parts.length - 1]];
	return copy;
}

/**
 * Alters the API's answer for an `after`-stage fault that changes the body.
 * @param {import('./faults').FaultRule} rule
 * @param {Plan} plan
 * @returns {Plan}
 */
function alteredPlan(rule, plan) {
	if (!plan.json) return plan;
	const exempt = `fault: ${rule.type}`;
	if (rule.type === 'extra-fields') return { ...plan, json: addExtraFields(plan.json), exempt };
	if (rule.type === 'missing-compliance' && plan.json.data) {
		const strip = (data) => {
			if (!data || typeof data !== 'object') return data;
			const { compliance, ...rest } = data;
			return rest;
		};
		const data = Array.isArray(plan.json.data.results)
			? { ...plan.json.data, results: plan.json.data.results.map((r) => (r.data ? { ...r, data: strip(r.data) } : r)) }
			: strip(plan.json.data);
		return { ...plan, json: { ...plan.json, data }, exempt };
	}
	if (rule.type === 'drop-field') return { ...plan, json: withoutField(plan.json, rule.field || '/requestId') };
	return plan;
}

/**
 * Registers the API routes. Fastify plugin; options `{ state, contract, provider }`.
 * @param {import('fastify').FastifyInstance} app
 * @param {{ state: import('./state').EmulatorState, contract: import('./contract/own').Contract,
 *   provider: import('./contract/provider').ProviderContract }} options
 */
async function apiRoutes(app, { state, contract, provider }) {
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
		state.heldResponses.add(controller);
		try {
			await sleep(ms, undefined, { signal: controller.signal });
			return true;
		} catch {
			return false;
		} finally {
			reply.raw.off('close', abort);
			state.heldResponses.delete(controller);
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
	 * @param {string | null} operationId
	 * @returns {import('./state').RequestLogEntry}
	 */
	function logRequest(request, rawBody, operationId) {
		const params = /** @type {Record<string, string>} */ (request.params || {});
		const entry = state.recordRequest({
			method: request.method,
			rawPath: request.raw.url || '',
			operation: operationId,
			customerId: params.customerId || '',
			params: { ...params },
			contentType: request.headers['content-type'] || null,
			body: bodyForLog(rawBody),
			authorized: state.authenticate(request.headers.authorization) === 'ok',
		});
		entry.requestId = state.ids.uuid();
		return entry;
	}

	/**
	 * Sends a plan: checks it against openapi.yaml (`validate`), applies an `after` fault, checks
	 * the result against the provider extract (unless exempt), and answers.
	 * @param {import('fastify').FastifyReply} reply
	 * @param {import('./state').RequestLogEntry} entry
	 * @param {Plan} plan
	 * @param {{ operationId: string, method: string, path: string } | null} operation
	 * @param {import('./faults').FaultRule | null} [fault] an `after`-stage fault to apply
	 */
	function send(reply, entry, plan, operation, fault = null) {
		let final = plan;
		if (plan.json && plan.validate && operation) {
			const result = contract.validateResponse(operation.operationId, plan.status, plan.json);
			if (!result.valid) {
				state.recordViolation({
					seq: entry.seq,
					direction: 'response',
					source: 'emulator',
					operation: `${operation.method} ${operation.path}`,
					status: plan.status,
					errors: result.errors,
					body: plan.json,
				});
				console.error(
					`Veritus emulator bug: answer to request ${entry.seq} breaks openapi.yaml: ${result.errors.join('; ')}`,
				);
				final = errorPlan(
					/** @type {string} */ (entry.requestId),
					500,
					'contract_violation',
					`Emulator answer broke its own contract: ${result.errors.join('; ')}`,
				);
			}
		}
		if (fault) final = alteredPlan(fault, final);
		if (operation) {
			if (final.exempt) {
				entry.contract.response = `exempt: ${final.exempt}`;
			} else if (final.json === undefined) {
				entry.contract.response = 'exempt: no JSON body';
			} else {
				const check = provider.checkResponse(operation.method, operation.path, final.status, final.json);
				entry.contract.response = check.exempt ? `exempt: ${check.exempt}` : check.valid ? 'valid' : 'violation';
				if (!check.valid) {
					state.recordViolation({
						seq: entry.seq,
						direction: 'response',
						source: 'provider',
						operation: `${operation.method} ${operation.path}`,
						status: final.status,
						errors: check.errors,
						body: final.json,
					});
				}
			}
		}
		entry.status = final.status;
		if (final.errorCode && !entry.errorCode) entry.errorCode = final.errorCode;
		reply.code(final.status).headers(final.headers || {});
		if (final.json !== undefined) return reply.send(final.json);
		if (final.contentType) reply.type(final.contentType);
		return reply.send(final.text);
	}

	/**
	 * Answers one request of an operation.
	 * @param {import('./contract/own').OwnOperation} operation
	 * @param {import('fastify').FastifyRequest} request
	 * @param {import('fastify').FastifyReply} reply
	 */
	async function run(operation, request, reply) {
		const params = /** @type {Record<string, string>} */ (request.params || {});
		const rawBody = typeof request.body === 'string' ? request.body : '';
		const contentType = request.headers['content-type'];
		const auth = state.authenticate(request.headers.authorization);
		const entry = logRequest(request, rawBody, operation.operationId);

		const check = provider.checkRequest({
			method: operation.method,
			template: operation.path,
			params,
			authorization: request.headers.authorization,
			contentType,
			rawBody,
		});
		entry.contract.request = check.valid ? 'valid' : 'violation';
		if (!check.valid) {
			state.recordViolation({
				seq: entry.seq,
				direction: 'request',
				source: 'provider',
				operation: `${operation.method} ${operation.path}`,
				errors: check.errors,
				body: entry.body,
			});
		}

		entry.latencyMs = state.config.latencyMs;
		if (!(await pause(entry.latencyMs, reply))) return destroy(request, reply);

		const limit = state.rateLimiter ? state.rateLimiter.take() : { allowed: true };
		if (!limit.allowed) {
			entry.outcome = 'rate-limited';
			const message = `Too many requests: the limit is ${state.config.rateLimit.requestsPerSecond} per second`;
			const plan = errorPlan(entry.requestId, 429, 'rate_limited', message, {
				'retry-after': String(limit.retryAfterSeconds),
			});
			return send(reply, entry, { ...plan, exempt: 'rate limit (a gateway answer)' }, operation);
		}

		const selection = state.selectFaults(operation.operationId, customerIdsOf(params, rawBody));
		entry.faults = selection.applied;
		entry.latencyMs += selection.latencyMs;
		if (!(await pause(selection.latencyMs, reply))) return destroy(request, reply);

		const rule = selection.fault;
		const stage = rule ? FAULT_TYPES[rule.type].stage : null;
		/** @type {Plan} */
		let result = { status: 0, validate: false, outcome: 'rejected' };
		if (!rule || stage === 'after' || rule.place) {
			const host = request.headers.host || '127.0.0.1';
			result = processRequest(
				operation,
				{ state, contract },
				{
					params,
					auth,
					contentType,
					rawBody,
					requestId: entry.requestId,
					seq: entry.seq,
					origin: `${request.protocol || 'http'}://${host}`,
				},
			);
		}
		entry.outcome = rule ? `fault:${rule.type}` : result.outcome || 'ok';
		entry.errorCode = result.errorCode || null;
		entry.callIds = result.callIds || [];
		entry.placed = entry.callIds.length > 0;
		entry.callId = entry.callIds.length === 1 ? entry.callIds[0] : null;

		if (!rule) return send(reply, entry, result, operation);
		if (stage === 'replace') {
			const plan = replacementPlan(rule, entry.requestId);
			return plan ? send(reply, entry, plan, operation) : destroy(request, reply);
		}
		if (rule.type === 'reset-after') return destroy(request, reply);
		if (rule.type === 'timeout') {
			entry.status = result.status;
			if (!(await pause(rule.ms === undefined ? 30000 : rule.ms, reply))) return destroy(request, reply);
		}
		return send(reply, entry, result, operation, rule);
	}

	for (const operation of contract.operations) {
		app.route({
			method: operation.method,
			url: operation.path.replace(/\{([^}]+)\}/g, ':$1'),
			handler: (request, reply) => run(operation, request, reply),
		});
	}

	app.setNotFoundHandler((request, reply) => {
		const rawBody = typeof request.body === 'string' ? request.body : '';
		const entry = logRequest(request, rawBody, null);
		const path = (request.raw.url || '').split('?')[0];
		state.recordViolation({
			seq: entry.seq,
			direction: 'request',
			source: 'provider',
			operation: null,
			errors: [`${request.method} ${path} is not an operation of the document`],
			body: entry.body,
		});
		entry.contract.request = 'violation';
		entry.outcome = 'rejected';
		entry.contract.response = 'exempt: no operation';
		const plan = errorPlan(entry.requestId, 404, 'not_found', `No route for ${request.method} ${path}`);
		return send(reply, entry, plan, null);
	});

	app.setErrorHandler((error, request, reply) => {
		const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
		const code = status === 413 ? 'payload_too_large' : status === 500 ? 'internal_error' : 'bad_request';
		const entry = logRequest(request, '', null);
		entry.outcome = 'rejected';
		entry.contract.response = 'exempt: rejected before the operation (HTTP layer)';
		return send(reply, entry, errorPlan(entry.requestId, status, code, error.message), null);
	});
}

module.exports = { apiRoutes, processRequest };
