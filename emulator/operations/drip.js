'use strict';

/**
 * Drip Campaign → Enroll, Cancel (`POST /customers/{customerId}/drip-campaigns`,
 * `DELETE /customers/{customerId}/drip-campaigns/{dripCampaignId}`).
 *
 * The provider's document gives Enroll no answer; this one is ours (README.md, "Drip campaigns"):
 * 200 with the enrolment `{ id, customerId, campaignName, status, startsAt, compliance, createdAt }`.
 * - Every rule passes: `in-progress`, `startsAt` now. The campaign's first steps happen at once:
 *   an SMS (stored as an outbound SMS) and a call placed by the fixtures' first agent (which
 *   counts towards the daily limit). With a webhook they are sent as `drip-campaign.sms`,
 *   `drip-campaign.call-created` and, after `webhooks.callDurationMs`, `drip-campaign.call-ended`.
 * - Only time-bound rules fail (respectful hours, the daily call limit): `scheduled`, `startsAt`
 *   the start of the next compliant window; nothing is sent (the fixed clock never gets there).
 * - Another rule fails: 422, `Customer not eligible for drip campaign. Failed rules: …`.
 * - The customer is already in this campaign (in progress or scheduled): 409.
 */

const { TIME_BOUND_CHECKS, nextCompliantStart } = require('../compliance');
const { dripSmsEvent } = require('../webhooks');
const { notEligibleMessage } = require('../compliance');
const { complianceOf } = require('./calls');
const { ok, fail, invalid, pathCustomer, checkSecret } = require('./common');

/**
 * The enrolment as the API answers it.
 * @param {any} enrollment
 * @returns {object}
 */
function publicEnrollment(enrollment) {
	const { id, customerId, campaignName, status, startsAt, compliance, createdAt } = enrollment;
	const data = { id, customerId, campaignName, status, startsAt, compliance, createdAt };
	if (status === 'canceled') Object.assign(data, { reason: enrollment.reason, canceledAt: enrollment.canceledAt });
	return data;
}

/**
 * Drip Campaign → Enroll (`POST /customers/{customerId}/drip-campaigns`): see this file's
 * header for the answer the emulator chose.
 * @param {import('./common').Context} ctx body valid against `EnrollDripCampaignRequest`
 * @returns {import('./common').Plan}
 */
function enrollDripCampaign(ctx) {
	const { state } = ctx;
	const found = pathCustomer(ctx);
	if ('plan' in found) return found.plan;
	const { campaignName, webhook } = ctx.body;
	if (!state.campaignNames.has(campaignName)) {
		return invalid(ctx, [`campaignName ${campaignName} names no drip campaign of this organisation`]);
	}
	const secretProblem = checkSecret(ctx, webhook);
	if (secretProblem) return secretProblem;
	const { customer } = found;
	const active = [...state.enrollments.values()].find(
		(e) => e.customerId === customer.record.id && e.campaignName === campaignName && e.status !== 'canceled',
	);
	if (active) {
		return fail(ctx, 409, 'already_enrolled', `Customer is already enrolled in drip campaign '${campaignName}'`);
	}
	const compliance = complianceOf(ctx, customer);
	const hardFailures = compliance.checksFailed.filter((c) => !TIME_BOUND_CHECKS.includes(c.id));
	if (hardFailures.length) {
		return {
			...fail(ctx, 422, 'compliance_failed', notEligibleMessage(compliance.checksFailed, 'drip campaign')),
			outcome: 'blocked',
		};
	}
	const now = state.now();
	const startsNow = compliance.passed;
	const enrollment = {
		id: state.ids.uuid(),
		customerId: customer.record.id,
		campaignName,
		status: startsNow ? 'in-progress' : 'scheduled',
		startsAt: (startsNow
			? now
			: nextCompliantStart(
					customer.profile,
					{ now, respectfulHours: state.config.respectfulHours },
					compliance.checksFailed,
				)
		).toISOString(),
		compliance,
		createdAt: now.toISOString(),
		webhook: webhook || null,
		callIds: [],
		smsIds: [],
		reason: null,
		canceledAt: null,
	};
	state.enrollments.set(enrollment.id, enrollment);
	if (!startsNow) return ok(ctx, publicEnrollment(enrollment), { outcome: 'blocked' });

	const agent = state.fixtures.agents[0];
	const campaign = {
		id: enrollment.id,
		name: campaignName,
		status: enrollment.status,
		createdAt: enrollment.createdAt,
	};
	const threadId = /** @type {{ id: string }} */ (state.thread(customer.record.id, undefined)).id;
	const sms = {
		id: state.ids.uuid(),
		channel: /** @type {'sms'} */ ('sms'),
		direction: /** @type {'outbound'} */ ('outbound'),
		customerId: customer.record.id,
		threadId,
		timestamp: enrollment.createdAt,
		createdAt: enrollment.createdAt,
		source: /** @type {'drip-campaign'} */ ('drip-campaign'),
		content: {
			from: agent.fromPhoneNumber,
			to: customer.record.primaryPhone,
			body: `Hi ${customer.record.firstName}, this is your account team about account ${customer.record.externalId}. We will call you shortly. Reply STOP to opt out.`,
			segments: 1,
		},
	};
	state.interactions.set(sms.id, sms);
	enrollment.smsIds.push(sms.id);
	const call = state.placeCall({
		customer,
		agent,
		webhook,
		requestId: ctx.requestId,
		seq: ctx.seq,
		source: 'drip-campaign',
		origin: ctx.origin,
		campaign,
		sendWebhooks: false,
	});
	enrollment.callIds.push(call.id);
	if (webhook) {
		const smsEvent = dripSmsEvent({
			campaign: { ...campaign, customerId: customer.record.id },
			sms: {
				id: sms.id,
				threadId,
				body: sms.content.body,
				to: sms.content.to,
				from: sms.content.from,
				createdAt: sms.createdAt,
			},
		});
		state.dispatcher.dispatch({
			url: webhook.url,
			secretId: webhook.secretId,
			steps: [{ event: smsEvent, delayMs: 0 }, ...state.callEventSteps(call, agent, ctx.origin, campaign)],
			about: { callId: call.id, customerId: customer.record.id, dripCampaignId: enrollment.id },
		});
	}
	return ok(ctx, publicEnrollment(enrollment), { outcome: 'placed', callIds: [call.id] });
}

/**
 * Drip Campaign → Cancel (`DELETE /customers/{customerId}/drip-campaigns/{dripCampaignId}`).
 * 200 the enrolment with `status: canceled`, `reason` (or null) and `canceledAt` (the first
 * cancel's; a second cancel answers the same); 404 `Customer not found` or `Drip campaign not
 * found` (also for another customer's enrolment).
 * @param {import('./common').Context} ctx body valid against `CancelDripCampaignRequest` (`{}` when none)
 * @returns {import('./common').Plan}
 */
function cancelDripCampaign(ctx) {
	const found = pathCustomer(ctx);
	if ('plan' in found) return found.plan;
	const enrollment = ctx.state.enrollments.get(ctx.params.dripCampaignId.toLowerCase());
	if (!enrollment || enrollment.customerId !== found.customer.record.id) {
		return fail(ctx, 404, 'drip_campaign_not_found', 'Drip campaign not found');
	}
	if (enrollment.status !== 'canceled') {
		enrollment.status = 'canceled';
		enrollment.reason = ctx.body.reason || null;
		enrollment.canceledAt = ctx.state.now().toISOString();
	}
	return ok(ctx, publicEnrollment(enrollment));
}

module.exports = { enrollDripCampaign, cancelDripCampaign };
