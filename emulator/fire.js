'use strict';

/**
 * `fire`: sends one signed webhook event to any URL, without a running emulator, the way a
 * webhook mocker tests a trigger. The event is built like the emulator's own (same builders,
 * same deterministic outcome for a seed and call ID) for a fixture customer and agent.
 */

const { loadFixtures } = require('./fixtures');
const { createRandom } = require('./random');
const { callOutcome } = require('./outcomes');
const { signRecordingUrl } = require('./recordings');
const { callCreatedEvent, callEndedEvent, dripSmsEvent, postWebhook, EVENT_TYPES } = require('./webhooks');
const { DEMO_CLOCK, DEFAULT_HOST, DEFAULT_PORT } = require('./constants');

/**
 * What to fire.
 * @typedef {object} FireOptions
 * @property {string} type one of EVENT_TYPES
 * @property {string} url where to send it
 * @property {string} [secret] the webhook secret's value; none sends it unsigned
 * @property {'hex' | 'sha256-hex' | 'base64'} [encoding] default `hex`
 * @property {string} [callId] the call's ID, default one drawn from the seed
 * @property {string} [customerId] a fixture customer's UUID or external ID, default the first
 * @property {number} [seed] default 1
 * @property {number} [timestampSkewSeconds] added to `X-Webhook-Timestamp`
 * @property {number} [timeoutMs] default 5000
 * @property {string} [recordingOrigin] origin of the event's `recordingUrl`, default the
 *   emulator's default address (the URL is signed with a key of its own, so an emulator answers
 *   it with 403)
 * @property {string | object} [fixtures] fixtures file or object, default the emulator's
 */

/**
 * Builds the event `fire` sends.
 * @param {Omit<FireOptions, 'url' | 'secret' | 'encoding' | 'timestampSkewSeconds' | 'timeoutMs'>} options
 * @returns {object} the event
 * @throws {Error} on an unknown type or customer
 */
function buildSampleEvent({ type, callId, customerId, seed = 1, recordingOrigin, fixtures }) {
	if (!EVENT_TYPES.includes(type)) throw new Error(`Unknown event type "${type}": use ${EVENT_TYPES.join(', ')}`);
	const loaded = loadFixtures(fixtures);
	const fixture = customerId
		? loaded.customers.find((c) => c.id === customerId.toLowerCase() || c.externalId === customerId)
		: loaded.customers[0];
	if (!fixture) throw new Error(`No fixture customer "${customerId}"`);
	const agent = loaded.agents[0];
	const ids = createRandom(seed);
	const id = (callId || ids.uuid()).toLowerCase();
	const createdAt = new Date(DEMO_CLOCK).toISOString();
	const call = {
		id,
		threadId: ids.uuid(),
		customerId: fixture.id,
		toPhoneNumber: fixture.primaryPhone,
		fromPhoneNumber: agent.fromPhoneNumber,
		createdAt,
		outcome: callOutcome({
			seed,
			callId: id,
			createdAt,
			customer: fixture,
			agent,
			endedReason: fixture.profile.endedReason,
		}),
	};
	const drip = type.startsWith('drip-campaign.');
	const campaign = drip
		? {
				id: ids.uuid(),
				name: loaded.dripCampaigns.length ? loaded.dripCampaigns[0].name : 'drip-campaign',
				status: 'in-progress',
				createdAt,
			}
		: null;
	if (type === 'drip-campaign.sms') {
		return dripSmsEvent({
			campaign: { ...campaign, customerId: fixture.id },
			sms: {
				id: ids.uuid(),
				threadId: call.threadId,
				body: `Hi ${fixture.firstName}, this is your account team about account ${fixture.externalId}. We will call you shortly. Reply STOP to opt out.`,
				to: fixture.primaryPhone,
				from: agent.fromPhoneNumber,
				createdAt,
			},
		});
	}
	if (type.endsWith('call-created')) return callCreatedEvent({ call, campaign, agentName: agent.name });
	const recordingUrl = signRecordingUrl({
		origin: recordingOrigin || `http://${DEFAULT_HOST}:${DEFAULT_PORT}`,
		callId: id,
		key: 'fire-command',
		ttlMs: 30 * 60 * 1000,
	});
	return callEndedEvent({ call, campaign, agentName: agent.name, recordingUrl });
}

/**
 * Builds an event and sends it once.
 * @param {FireOptions} options
 * @returns {Promise<{ event: object, body: string, httpStatus: number | null, error: string | null,
 *   signed: boolean, timestamp: number | null }>}
 * @throws {Error} on an unknown type or customer
 */
async function fire(options) {
	const event = buildSampleEvent(options);
	const body = JSON.stringify(event);
	const result = await postWebhook({
		url: options.url,
		body,
		secret: options.secret,
		encoding: options.encoding,
		timestampSkewSeconds: options.timestampSkewSeconds,
		timeoutMs: options.timeoutMs,
	});
	return { event, body, ...result };
}

module.exports = { buildSampleEvent, fire };
