'use strict';

/**
 * Call → Create, Create Many, Get Recording URL (`POST /customers/{customerId}/calls`,
 * `POST /calls/bulk`, `POST /calls/get-signed-url`).
 */

const { evaluateCompliance, notEligibleMessage, bulkNotEligibleMessage } = require('../compliance');
const { ok, fail, invalid, pathCustomer, checkSecret } = require('./common');

/**
 * The agent of an `agentId`, or the 400 plan.
 * @param {import('./common').Context} ctx
 * @param {string} agentId
 * @returns {{ agent: import('../fixtures').Agent } | { plan: import('./common').Plan }}
 */
function findAgent(ctx, agentId) {
	const agent = ctx.state.agents.get(String(agentId).toLowerCase());
	return agent ? { agent } : { plan: invalid(ctx, [`agentId ${agentId} names no agent of this organisation`]) };
}

/**
 * The compliance result of a customer at the emulator clock.
 * @param {import('./common').Context} ctx
 * @param {import('../state').CustomerState} customer
 * @returns {import('../compliance').ComplianceResult}
 */
function complianceOf(ctx, customer) {
	return evaluateCompliance(customer.profile, {
		now: ctx.state.now(),
		respectfulHours: ctx.state.config.respectfulHours,
	});
}

/**
 * Call → Create (`POST /customers/{customerId}/calls`). 404 `Customer not found`; 400 for an
 * unknown agent or webhook secret; then the compliance rules at the emulator clock: a pass places
 * the call (and schedules its webhook events), 200 `{ id, threadId, toPhoneNumber,
 * fromPhoneNumber, compliance }`; a failure answers in `complianceFailureShape`: `spec`, 422 with
 * the rules named (the document's shape), or `seed`, `complianceFailureStatus` with
 * `data.compliance` (the seed page's shape, exempt from the provider check).
 * @param {import('./common').Context} ctx body valid against `CreateCallRequest`
 * @returns {import('./common').Plan}
 */
function createCall(ctx) {
	const found = pathCustomer(ctx);
	if ('plan' in found) return found.plan;
	const agentFound = findAgent(ctx, ctx.body.agentId);
	if ('plan' in agentFound) return agentFound.plan;
	const secretProblem = checkSecret(ctx, ctx.body.webhook);
	if (secretProblem) return secretProblem;
	const { customer } = found;
	const { agent } = agentFound;
	const compliance = complianceOf(ctx, customer);
	const phones = { toPhoneNumber: customer.record.primaryPhone, fromPhoneNumber: agent.fromPhoneNumber };
	if (!compliance.passed) {
		const { complianceFailureShape, complianceFailureStatus } = ctx.state.config;
		if (complianceFailureShape === 'spec') {
			return {
				...fail(ctx, 422, 'compliance_failed', notEligibleMessage(compliance.checksFailed)),
				outcome: 'blocked',
			};
		}
		return {
			status: complianceFailureStatus,
			json: { requestId: ctx.requestId, success: false, data: { id: null, threadId: null, ...phones, compliance } },
			validate: true,
			exempt: "seed shape: the seed page's compliance failure, which the provider's document does not have",
			outcome: 'blocked',
		};
	}
	const call = ctx.state.placeCall({
		customer,
		agent,
		webhook: ctx.body.webhook,
		requestId: ctx.requestId,
		seq: ctx.seq,
		source: 'single',
		origin: ctx.origin,
	});
	return ok(
		ctx,
		{ id: call.id, threadId: call.threadId, ...phones, compliance },
		{ outcome: 'placed', callIds: [call.id] },
	);
}

/**
 * Call → Create Many (`POST /calls/bulk`). 400 `customerIds must not contain duplicates` (in
 * any case), or for an unknown agent or webhook secret; then each customer on its own, in request
 * order: `Customer not found`, the numbered rules of a blocked customer, or the placed call with
 * `createdAt`. 200 `{ summary: { total, successful, failed }, results }` (the document's names).
 * @param {import('./common').Context} ctx body valid against `BulkCreateCallsRequest`
 * @returns {import('./common').Plan}
 */
function createCallsBulk(ctx) {
	const { customerIds, webhook } = ctx.body;
	if (new Set(customerIds.map((id) => id.toLowerCase())).size !== customerIds.length) {
		return fail(ctx, 400, 'duplicate_customer_ids', 'customerIds must not contain duplicates');
	}
	const agentFound = findAgent(ctx, ctx.body.agentId);
	if ('plan' in agentFound) return agentFound.plan;
	const secretProblem = checkSecret(ctx, webhook);
	if (secretProblem) return secretProblem;
	const { agent } = agentFound;
	/** @type {string[]} */
	const callIds = [];
	const results = customerIds.map((customerId) => {
		const customer = ctx.state.customer(customerId);
		if (!customer) return { customerId, success: false, error: 'Customer not found' };
		const compliance = complianceOf(ctx, customer);
		if (!compliance.passed)
			return { customerId, success: false, error: bulkNotEligibleMessage(compliance.checksFailed) };
		const call = ctx.state.placeCall({
			customer,
			agent,
			webhook: webhook && webhook.url ? webhook : null,
			requestId: ctx.requestId,
			seq: ctx.seq,
			source: 'bulk',
			origin: ctx.origin,
		});
		callIds.push(call.id);
		return {
			customerId,
			success: true,
			data: {
				id: call.id,
				threadId: call.threadId,
				toPhoneNumber: call.toPhoneNumber,
				fromPhoneNumber: call.fromPhoneNumber,
				compliance,
				createdAt: call.createdAt,
			},
		};
	});
	const successful = results.filter((r) => r.success).length;
	return ok(
		ctx,
		{ summary: { total: results.length, successful, failed: results.length - successful }, results },
		{ outcome: successful ? 'placed' : 'blocked', callIds },
	);
}

/**
 * Call → Get Recording URL (`POST /calls/get-signed-url`). 200 `{ callId, signedUrl }`, a URL of
 * the emulator's recording route valid for `webhooks.recordingTtlMs` of real time; 404 `Call not
 * found`.
 * @param {import('./common').Context} ctx body valid against `GetSignedUrlRequest`
 * @returns {import('./common').Plan}
 */
function getCallRecordingUrl(ctx) {
	const call = ctx.state.callsById.get(ctx.body.callId.toLowerCase());
	if (!call) return fail(ctx, 404, 'call_not_found', 'Call not found');
	return ok(ctx, { callId: call.id, signedUrl: ctx.state.recordingUrl(call.id, ctx.origin) });
}

module.exports = { createCall, createCallsBulk, getCallRecordingUrl, complianceOf, findAgent };
