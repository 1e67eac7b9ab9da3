'use strict';

/**
 * What every operation handler shares: the answer plans and the context a handler gets.
 */

/**
 * What to answer.
 * @typedef {object} Plan
 * @property {number} status
 * @property {Record<string, string>} [headers]
 * @property {any} [json] a JSON body
 * @property {string} [text] a raw body, sent with `contentType`
 * @property {string} [contentType]
 * @property {boolean} validate whether `json` is checked against openapi.yaml (an emulator bug
 *   when it breaks it)
 * @property {string | null} [exempt] why the answer is not checked against the provider extract
 * @property {string} [outcome] for the request log: `ok`, `placed`, `blocked`, `rejected`
 * @property {string | null} [errorCode] for the request log, such as `customer_not_found`
 * @property {string[]} [callIds] calls placed while answering
 */

/**
 * What a handler gets.
 * @typedef {object} Context
 * @property {import('../state').EmulatorState} state
 * @property {import('../contract/own').Contract} contract the emulator's own contract
 * @property {any} body the parsed JSON body (`{}` for an optional body not sent)
 * @property {Record<string, string>} params decoded path parameters
 * @property {string} requestId
 * @property {number} seq the request log entry
 * @property {string} origin scheme, host and port the request came to, for recording URLs
 */

/**
 * A success: `{ requestId, success: true, data }`.
 * @param {Context} ctx
 * @param {unknown} data
 * @param {Partial<Plan>} [extra]
 * @returns {Plan}
 */
function ok(ctx, data, extra = {}) {
	return {
		status: 200,
		json: { requestId: ctx.requestId, success: true, data },
		validate: true,
		outcome: 'ok',
		...extra,
	};
}

/**
 * An error: `{ requestId, success: false, publicFacingMessage }`, the provider's error shape.
 * @param {string} requestId
 * @param {number} status
 * @param {string} code for the request log only, such as `customer_not_found`
 * @param {string} message the `publicFacingMessage`
 * @param {Record<string, string>} [headers]
 * @returns {Plan}
 */
function errorPlan(requestId, status, code, message, headers = {}) {
	return {
		status,
		headers,
		json: { requestId, success: false, publicFacingMessage: message },
		validate: true,
		outcome: 'rejected',
		errorCode: code,
	};
}

/**
 * `errorPlan` for a handler.
 * @param {Context} ctx
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @returns {Plan}
 */
function fail(ctx, status, code, message) {
	return errorPlan(ctx.requestId, status, code, message);
}

/**
 * A 400 for a bad request, naming the fields: `Invalid request data: <field> must be …; …`.
 * @param {Context} ctx
 * @param {string[]} problems one per field
 * @returns {Plan}
 */
function invalid(ctx, problems) {
	return fail(ctx, 400, 'validation_error', `Invalid request data: ${problems.join('; ')}`);
}

/**
 * The customer of the `customerId` path parameter, or the 404 plan.
 * @param {Context} ctx
 * @returns {{ customer: import('../state').CustomerState } | { plan: Plan }}
 */
function pathCustomer(ctx) {
	const customer = ctx.state.customer(ctx.params.customerId);
	return customer ? { customer } : { plan: fail(ctx, 404, 'customer_not_found', 'Customer not found') };
}

/**
 * The webhook's secret check: a `secretId` must name a webhook secret of the fixtures.
 * @param {Context} ctx
 * @param {{ secretId?: string } | null | undefined} webhook
 * @param {string} field such as `webhook.secretId`
 * @returns {Plan | null} the 400, or null when fine (the ID itself is not echoed)
 */
function checkSecret(ctx, webhook, field = 'webhook.secretId') {
	if (!webhook || !webhook.secretId) return null;
	if (ctx.state.secrets.has(webhook.secretId.toLowerCase())) return null;
	return invalid(ctx, [`${field} names no webhook secret of this organisation`]);
}

module.exports = { ok, fail, invalid, errorPlan, pathCustomer, checkSecret };
