'use strict';

/**
 * Webhook call-backs, as Veritus sends them: events built from a placed call (or a drip
 * campaign), signed with the webhook secret, delivered with retries, listed for tests.
 *
 * Signing (the API's webhook-security guide): HMAC-SHA256 keyed with the secret's value over
 * `{timestamp}.{raw body}`, sent as `X-Webhook-Signature`, with `X-Webhook-Timestamp` in Unix
 * seconds on the machine's real clock (receivers compare it with their own clock). The guide
 * does not say how the digest is encoded: `hex` (default), `sha256-hex` (`sha256=<hex>`) or
 * `base64`. Without a `secretId` the event goes unsigned, without the two headers.
 *
 * `signWebhook()` and `postWebhook()` are exported for reuse (the `fire` command, tests, and a
 * trigger node's tests).
 */

const crypto = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');

/** The signature encodings the emulator can send. */
const ENCODINGS = Object.freeze(['hex', 'sha256-hex', 'base64']);

/** Event types. */
const EVENT_TYPES = Object.freeze([
	'call-created',
	'call-ended',
	'drip-campaign.call-created',
	'drip-campaign.call-ended',
	'drip-campaign.sms',
]);

/**
 * The webhook settings (part of the runtime configuration, `webhooks`).
 * @typedef {object} WebhookConfig
 * @property {boolean} deliver send events at all (false: they are listed as `skipped`)
 * @property {number} callDurationMs real milliseconds between a call's `call-created` and its
 *   `call-ended` (the simulated call's own length is the event's `durationMs`)
 * @property {number} maxAttempts attempts per delivery, the first included
 * @property {number} retryBaseMs wait before the first retry; it doubles for each next one
 * @property {number} timeoutMs how long one attempt waits for an answer
 * @property {'hex' | 'sha256-hex' | 'base64'} encoding of `X-Webhook-Signature`
 * @property {number} timestampSkewSeconds added to `X-Webhook-Timestamp` (to test tolerance)
 * @property {boolean | DuplicateRule} duplicate deliver each event twice (the copy right after the
 *   first settles): `true` for every event, or a rule for the matching ones only
 * @property {boolean} outOfOrder send `call-ended` before `call-created`
 * @property {number} recordingTtlMs how long a recording URL stays valid (real milliseconds)
 */

/**
 * Which events to deliver twice, when not every one: each given field must match, and `times`
 * bounds how many events get a copy (counted from the rule's setting, or the last reset).
 * @typedef {object} DuplicateRule
 * @property {string} [type] the event type, such as `call-ended`
 * @property {string} [customerId] the customer's ID (any case)
 * @property {string} [callId] the call's ID (any case)
 * @property {number} [times] at most this many events (all matching ones when absent)
 */

/** @type {Readonly<WebhookConfig>} */
const DEFAULT_WEBHOOK_CONFIG = Object.freeze({
	deliver: true,
	callDurationMs: 1000,
	maxAttempts: 4,
	retryBaseMs: 250,
	timeoutMs: 5000,
	encoding: 'hex',
	timestampSkewSeconds: 0,
	duplicate: false,
	outOfOrder: false,
	recordingTtlMs: 30 * 60 * 1000,
});

/**
 * The signature of a webhook body.
 * @param {object} input
 * @param {string} input.secret the webhook secret's value (not its ID)
 * @param {number | string} input.timestamp Unix seconds, as sent in `X-Webhook-Timestamp`
 * @param {string | Buffer} input.body the raw body, exactly as sent
 * @param {'hex' | 'sha256-hex' | 'base64'} [input.encoding] default `hex`
 * @returns {string} lower-case hex, `sha256=<hex>`, or base64 of HMAC-SHA256(secret,
 *   `{timestamp}.{body}`)
 * @throws {Error} on an unknown encoding
 */
function signWebhook({ secret, timestamp, body, encoding = 'hex' }) {
	const hmac = crypto.createHmac('sha256', secret);
	hmac.update(`${timestamp}.`);
	hmac.update(body);
	const digest = hmac.digest();
	if (encoding === 'hex') return digest.toString('hex');
	if (encoding === 'sha256-hex') return `sha256=${digest.toString('hex')}`;
	if (encoding === 'base64') return digest.toString('base64');
	throw new Error(`Unknown signature encoding "${encoding}": use ${ENCODINGS.join(', ')}`);
}

/**
 * Sends one event, once.
 * @param {object} input
 * @param {string} input.url
 * @param {string} input.body the raw JSON body
 * @param {string} [input.secret] the secret's value; none sends the event unsigned
 * @param {'hex' | 'sha256-hex' | 'base64'} [input.encoding]
 * @param {number} [input.timestampSkewSeconds] added to the real time
 * @param {number} [input.timeoutMs] default 5000
 * @param {AbortSignal} [input.signal] aborts the attempt
 * @returns {Promise<{ httpStatus: number | null, error: string | null, timestamp: number | null,
 *   signed: boolean }>} `httpStatus` null when no answer came (`error` says why)
 */
async function postWebhook({
	url,
	body,
	secret,
	encoding = 'hex',
	timestampSkewSeconds = 0,
	timeoutMs = 5000,
	signal,
}) {
	/** @type {Record<string, string>} */
	const headers = { 'content-type': 'application/json', 'user-agent': 'veritus-emulator-webhooks' };
	let timestamp = null;
	if (secret) {
		timestamp = Math.floor(Date.now() / 1000) + timestampSkewSeconds;
		headers['x-webhook-timestamp'] = String(timestamp);
		headers['x-webhook-signature'] = signWebhook({ secret, timestamp, body, encoding });
	}
	const signals = [AbortSignal.timeout(timeoutMs)];
	if (signal) signals.push(signal);
	try {
		const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.any(signals) });
		await response.arrayBuffer().catch(() => undefined);
		return { httpStatus: response.status, error: null, timestamp, signed: Boolean(secret) };
	} catch (error) {
		const cause = error && error.cause && error.cause.code ? ` (${error.cause.code})` : '';
		const text =
			error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${error.message}${cause}`;
		return { httpStatus: null, error: text, timestamp, signed: Boolean(secret) };
	}
}

/**
 * A call's `call-created` (or `drip-campaign.call-created`) event.
 * @param {object} input
 * @param {import('./state').CallRecord} input.call
 * @param {{ id: string, name: string, status: string, createdAt: string } | null} [input.campaign]
 *   the drip campaign, for the `drip-campaign.` family
 * @param {string} input.agentName the `name` of a plain call's event
 * @returns {object}
 */
function callCreatedEvent({ call, campaign, agentName }) {
	return {
		type: campaign ? 'drip-campaign.call-created' : 'call-created',
		...eventHead({ call, campaign, agentName, status: 'in-progress' }),
		callCreated: {
			id: call.id,
			threadId: call.threadId,
			toPhoneNumber: call.toPhoneNumber,
			fromPhoneNumber: call.fromPhoneNumber,
			createdAt: call.createdAt,
		},
	};
}

/**
 * A call's `call-ended` (or `drip-campaign.call-ended`) event.
 * @param {object} input
 * @param {import('./state').CallRecord} input.call with its `outcome`
 * @param {{ id: string, name: string, status: string, createdAt: string } | null} [input.campaign]
 * @param {string} input.agentName
 * @param {string} input.recordingUrl
 * @returns {object}
 */
function callEndedEvent({ call, campaign, agentName, recordingUrl }) {
	const { outcome } = call;
	return {
		type: campaign ? 'drip-campaign.call-ended' : 'call-ended',
		...eventHead({ call, campaign, agentName, status: campaign ? campaign.status : 'completed' }),
		callEnded: {
			id: call.id,
			customerId: call.customerId,
			threadId: call.threadId,
			toPhoneNumber: call.toPhoneNumber,
			fromPhoneNumber: call.fromPhoneNumber,
			direction: 'outbound',
			endedReason: outcome.endedReason,
			recordingUrl,
			durationMs: outcome.durationMs,
			endedAt: outcome.endedAt,
			createdAt: call.createdAt,
			messages: outcome.messages,
			inputVariables: outcome.inputVariables,
			outputVariables: outcome.outputVariables,
		},
	};
}

/**
 * A drip campaign's `drip-campaign.sms` event.
 * @param {object} input
 * @param {{ id: string, name: string, status: string, createdAt: string, customerId: string }} input.campaign
 * @param {{ id: string, threadId: string, body: string, to: string, from: string, createdAt: string }} input.sms
 * @returns {object}
 */
function dripSmsEvent({ campaign, sms }) {
	return {
		type: 'drip-campaign.sms',
		id: campaign.id,
		name: campaign.name,
		threadId: sms.threadId,
		direction: 'outbound',
		customerId: campaign.customerId,
		status: campaign.status,
		createdAt: campaign.createdAt,
		sms: { id: sms.id, message: sms.body, toPhoneNumber: sms.to, fromPhoneNumber: sms.from, createdAt: sms.createdAt },
	};
}

/**
 * The fields every event has. For a plain call the document's drip-campaign fields are filled
 * from the call: `id` is the call's ID, `name` the agent's name, `status` the call's
 * (`in-progress`, then `completed`), `createdAt` the call's.
 * @param {object} input
 * @param {{ id: string, customerId: string, createdAt: string }} input.call
 * @param {{ id: string, name: string, status: string, createdAt: string } | null | undefined} input.campaign
 * @param {string} input.agentName
 * @param {string} input.status the plain call's status
 * @returns {{ id: string, name: string, customerId: string, status: string, createdAt: string }}
 */
function eventHead({ call, campaign, agentName, status }) {
	if (campaign) {
		return {
			id: campaign.id,
			name: campaign.name,
			customerId: call.customerId,
			status: campaign.status,
			createdAt: campaign.createdAt,
		};
	}
	return { id: call.id, name: agentName, customerId: call.customerId, status, createdAt: call.createdAt };
}

/**
 * One delivery of one event to one URL (a duplicate is a delivery of its own).
 * @typedef {object} Delivery
 * @property {number} id 1, 2, … in order of scheduling
 * @property {string} type the event's type
 * @property {string} url
 * @property {string | null} callId
 * @property {string} customerId
 * @property {string | null} dripCampaignId
 * @property {number} copy 1, or 2 for the duplicate
 * @property {boolean} signed
 * @property {'scheduled' | 'sending' | 'retrying' | 'delivered' | 'failed' | 'skipped' | 'canceled'} status
 * @property {{ at: string, httpStatus: number | null, error: string | null, timestamp: number | null }[]} attempts
 * @property {number | null} httpStatus of the last attempt
 * @property {object} event the body sent (parsed)
 */

const FINAL = new Set(['delivered', 'failed', 'skipped', 'canceled']);

/**
 * Delivers events in order, with retries, and lists every delivery.
 */
class WebhookDispatcher {
	/**
	 * @param {object} options
	 * @param {() => WebhookConfig} options.config read at each dispatch
	 * @param {(secretId: string) => string | undefined} options.secretValue
	 * @param {(event: object) => void} [options.onEvent] sees every event built (the contract check)
	 */
	constructor({ config, secretValue, onEvent = () => undefined }) {
		this.config = config;
		this.secretValue = secretValue;
		this.onEvent = onEvent;
		/** @type {Delivery[]} */
		this.deliveries = [];
		/** @type {{ matches: (d: Delivery) => boolean, count: number, resolve: () => void }[]} */
		this.waiters = [];
		/**
		 * One controller per scheduled chain, so that the chains waiting at the same time do not all
		 * listen on one signal (Node.js reports more than 10 listeners as a possible leak). `cancel()`
		 * aborts them all.
		 * @type {Set<AbortController>}
		 */
		this.chains = new Set();
		/**
		 * How many events the current duplicate rule has copied (`times`); a new rule starts at 0.
		 * @type {{ rule: DuplicateRule, count: number } | null}
		 */
		this.duplicated = null;
	}

	/**
	 * How many times to deliver an event: 2 when `duplicate` is true, or a rule that matches it
	 * and has copied fewer than `times` events (this one is then counted); else 1.
	 * @param {boolean | DuplicateRule} rule the `duplicate` setting
	 * @param {object} event the event (its `type`)
	 * @param {{ callId?: string | null, customerId: string }} about
	 * @returns {1 | 2}
	 */
	copiesOf(rule, event, about) {
		if (rule === true) return 2;
		if (!rule || typeof rule !== 'object') return 1;
		const same = (wanted, actual) => !wanted || String(wanted).toLowerCase() === String(actual || '').toLowerCase();
		if (rule.type && rule.type !== event.type) return 1;
		if (!same(rule.customerId, about.customerId) || !same(rule.callId, about.callId)) return 1;
		if (rule.times !== undefined) {
			if (!this.duplicated || this.duplicated.rule !== rule) this.duplicated = { rule, count: 0 };
			if (this.duplicated.count >= rule.times) return 1;
			this.duplicated.count += 1;
		}
		return 2;
	}

	/**
	 * Schedules the events of one call or drip campaign. Steps run one after the other: each
	 * waits its `delayMs`, then is delivered (with its retries, and its duplicate when asked: see
	 * `copiesOf`).
	 * In `outOfOrder` mode the `…call-ended` step moves before the `…call-created` one.
	 * @param {object} plan
	 * @param {string} plan.url
	 * @param {string} [plan.secretId]
	 * @param {{ event: object, delayMs: number }[]} plan.steps in the natural order
	 * @param {{ callId?: string | null, customerId: string, dripCampaignId?: string | null }} plan.about
	 */
	dispatch({ url, secretId, steps, about }) {
		const config = this.config();
		let ordered = steps;
		if (config.outOfOrder) {
			const created = steps.findIndex((s) => /call-created$/.test(s.event.type));
			const ended = steps.findIndex((s) => /call-ended$/.test(s.event.type));
			if (created >= 0 && ended > created) {
				ordered = [...steps];
				const [endedStep] = ordered.splice(ended, 1);
				ordered.splice(created, 0, endedStep);
			}
		}
		const secret = secretId ? this.secretValue(secretId) : undefined;
		const chain = ordered.map((step) => {
			this.onEvent(step.event);
			const body = JSON.stringify(step.event);
			const copies = this.copiesOf(config.duplicate, step.event, about);
			const records = Array.from({ length: copies }, (_, i) => {
				/** @type {Delivery} */
				const record = {
					id: this.deliveries.length + 1,
					type: step.event.type,
					url,
					callId: about.callId || null,
					customerId: about.customerId,
					dripCampaignId: about.dripCampaignId || null,
					copy: i + 1,
					signed: Boolean(secret),
					status: config.deliver ? 'scheduled' : 'skipped',
					attempts: [],
					httpStatus: null,
					event: step.event,
				};
				this.deliveries.push(record);
				return record;
			});
			return { delayMs: step.delayMs, body, records };
		});
		this.notify();
		if (!config.deliver) return;
		const controller = new AbortController();
		this.chains.add(controller);
		const { signal } = controller;
		(async () => {
			// Let the API's answer go out first: events follow it, as they would from Veritus.
			await new Promise((resolve) => setImmediate(resolve));
			for (const step of chain) {
				if (step.delayMs > 0) await sleep(step.delayMs, undefined, { signal, ref: false });
				for (const record of step.records) await this.deliver(record, step.body, secret, config, signal);
			}
		})()
			.catch(() => {
				for (const step of chain) for (const record of step.records) this.settle(record, 'canceled');
			})
			.finally(() => this.chains.delete(controller));
	}

	/** Aborts every scheduled chain (their deliveries end `canceled`). */
	cancel() {
		for (const controller of this.chains) controller.abort();
		this.chains.clear();
	}

	/**
	 * Delivers one record, retrying a failed attempt or a non-2xx answer.
	 * @param {Delivery} record
	 * @param {string} body
	 * @param {string | undefined} secret
	 * @param {WebhookConfig} config
	 * @param {AbortSignal} signal
	 */
	async deliver(record, body, secret, config, signal) {
		for (let attempt = 1; attempt <= config.maxAttempts; attempt += 1) {
			if (signal.aborted) throw new Error('canceled');
			record.status = 'sending';
			const result = await postWebhook({
				url: record.url,
				body,
				secret,
				encoding: config.encoding,
				timestampSkewSeconds: config.timestampSkewSeconds,
				timeoutMs: config.timeoutMs,
				signal,
			});
			if (signal.aborted) throw new Error('canceled');
			record.attempts.push({
				at: new Date().toISOString(),
				httpStatus: result.httpStatus,
				error: result.error,
				timestamp: result.timestamp,
			});
			record.httpStatus = result.httpStatus;
			if (result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300) {
				this.settle(record, 'delivered');
				return;
			}
			if (attempt < config.maxAttempts) {
				record.status = 'retrying';
				this.notify();
				await sleep(config.retryBaseMs * 2 ** (attempt - 1), undefined, { signal, ref: false });
			}
		}
		this.settle(record, 'failed');
	}

	/**
	 * Gives a record its final status (once) and wakes waiters.
	 * @param {Delivery} record
	 * @param {Delivery['status']} status
	 */
	settle(record, status) {
		if (FINAL.has(record.status)) return;
		record.status = status;
		this.notify();
	}

	/** Resolves the waiters whose deliveries have arrived. */
	notify() {
		this.waiters = this.waiters.filter((waiter) => {
			if (this.deliveries.filter(waiter.matches).length < waiter.count) return true;
			waiter.resolve();
			return false;
		});
	}

	/**
	 * Waits until at least `count` deliveries match.
	 * @param {(d: Delivery) => boolean} matches
	 * @param {number} count
	 * @param {number} timeoutMs
	 * @returns {Promise<boolean>} false when the time ran out first
	 */
	async waitFor(matches, count, timeoutMs) {
		if (this.deliveries.filter(matches).length >= count) return true;
		let resolve = () => undefined;
		const arrived = new Promise((r) => {
			resolve = r;
		});
		const waiter = { matches, count, resolve: () => resolve() };
		this.waiters.push(waiter);
		const timer = new Promise((r) => {
			const handle = setTimeout(() => r('timeout'), timeoutMs);
			handle.unref();
			arrived.then(() => clearTimeout(handle));
		});
		const result = await Promise.race([arrived.then(() => 'arrived'), timer]);
		this.waiters = this.waiters.filter((w) => w !== waiter);
		return result === 'arrived';
	}

	/** Cancels what is scheduled or in flight, forgets every delivery and starts afresh. */
	reset() {
		this.cancel();
		for (const record of this.deliveries) this.settle(record, 'canceled');
		this.deliveries = [];
		this.duplicated = null;
		for (const waiter of this.waiters) waiter.resolve();
		this.waiters = [];
	}

	/** Cancels what is scheduled or in flight (the server is closing). */
	close() {
		this.cancel();
		for (const record of this.deliveries) this.settle(record, 'canceled');
	}
}

module.exports = {
	ENCODINGS,
	EVENT_TYPES,
	DEFAULT_WEBHOOK_CONFIG,
	FINAL_DELIVERY_STATUSES: FINAL,
	signWebhook,
	postWebhook,
	callCreatedEvent,
	callEndedEvent,
	dripSmsEvent,
	WebhookDispatcher,
};
