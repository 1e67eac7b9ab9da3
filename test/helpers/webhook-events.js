'use strict';

/**
 * Veritus webhook events for the Veritus Trigger's tests, and a signer that signs them the way the
 * API document's webhook-security guide describes: HMAC SHA-256 keyed with the secret's value, over
 * `{X-Webhook-Timestamp}.{raw body}`, sent in `X-Webhook-Signature` and `X-Webhook-Timestamp`.
 *
 * The signer is written independently of the node's own code (nodes/VeritusTrigger/signature.ts),
 * so a test that passes shows the two agree on the contract, not that a function agrees with itself.
 */
const crypto = require('crypto');
const http = require('http');

/** A Veritus-style UUID from a small number (deterministic test IDs). */
function uuid(n, prefix = '0b7c') {
	return `${prefix}${String(n).padStart(4, '0')}-1c2d-4e5f-8a9b-${String(n).padStart(12, '0')}`;
}

/**
 * Signs a body.
 *
 * @param {object} options
 * @param {string} options.secret the webhook secret's value
 * @param {object|string|Buffer} options.body the event (serialised with JSON.stringify unless
 *   already a string or bytes: what is signed is exactly what is sent)
 * @param {number} [options.timestamp] Unix time in seconds (default: now)
 * @param {'hex'|'sha256=hex'|'base64'|'base64url'} [options.encoding] how the digest is written (default `sha256=hex`)
 * @returns {{ body: Buffer, headers: Record<string, string>, signature: string, timestamp: string }}
 *   `body` is the bytes to send; `headers` has Content-Type and both webhook headers.
 */
function signWebhook({ secret, body, timestamp = Math.floor(Date.now() / 1000), encoding = 'sha256=hex' }) {
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	const stamp = String(timestamp);
	const digest = crypto
		.createHmac('sha256', secret)
		.update(Buffer.concat([Buffer.from(`${stamp}.`), bytes]))
		.digest();
	const signature = {
		hex: digest.toString('hex'),
		'sha256=hex': `sha256=${digest.toString('hex')}`,
		base64: digest.toString('base64'),
		base64url: digest.toString('base64url'),
	}[encoding];
	if (!signature) throw new Error(`unknown signature encoding ${encoding}`);
	return {
		body: bytes,
		signature,
		timestamp: stamp,
		headers: {
			'content-type': 'application/json',
			'x-webhook-signature': signature,
			'x-webhook-timestamp': stamp,
		},
	};
}

/** A `call-created` event for call number `n`. */
function callCreated(n = 1, overrides = {}) {
	return {
		type: 'call-created',
		id: uuid(n, 'aaaa'),
		customerId: uuid(n, 'cccc'),
		status: 'in-progress',
		createdAt: '2026-11-30T18:00:00.000Z',
		callCreated: {
			id: uuid(n),
			threadId: uuid(n, 'dddd'),
			toPhoneNumber: '+15555550100',
			fromPhoneNumber: '+15555550199',
			createdAt: '2026-11-30T18:00:00.000Z',
		},
		...overrides,
	};
}

/** A `call-ended` event for call number `n`, with a two-turn transcript and output variables. */
function callEnded(n = 1, overrides = {}) {
	return {
		type: 'call-ended',
		id: uuid(n, 'aaaa'),
		customerId: uuid(n, 'cccc'),
		status: 'completed',
		createdAt: '2026-11-30T18:00:00.000Z',
		callEnded: {
			id: uuid(n),
			customerId: uuid(n, 'cccc'),
			threadId: uuid(n, 'dddd'),
			toPhoneNumber: '+15555550100',
			fromPhoneNumber: '+15555550199',
			direction: 'outbound',
			endedReason: 'customer-ended-call',
			recordingUrl: `https://recordings.example.test/${uuid(n)}.mp3?signature=abc123&expires=1800`,
			durationMs: 83420,
			endedAt: '2026-11-30T18:01:23.420Z',
			createdAt: '2026-11-30T18:00:00.000Z',
			messages: [
				{
					role: 'agent',
					message: 'Hello, this is Ava calling about your account.',
					startedAt: '2026-11-30T18:00:01.000Z',
					endedAt: '2026-11-30T18:00:04.000Z',
					secondsFromStart: 1.2,
					duration: 3000,
				},
				{
					role: 'user',
					message: 'I can pay on Friday.',
					startedAt: '2026-11-30T18:01:05.000Z',
					endedAt: '2026-11-30T18:01:07.000Z',
					secondsFromStart: 65,
					duration: 2000,
				},
			],
			inputVariables: { balance: '120.00' },
			outputVariables: { promiseToPay: true, promiseDate: '2026-12-04' },
		},
		...overrides,
	};
}

/** A `drip-campaign.sms` event for SMS number `n`. */
function dripSms(n = 1, overrides = {}) {
	return {
		type: 'drip-campaign.sms',
		id: uuid(n, 'eeee'),
		name: 'December reminders',
		customerId: uuid(n, 'cccc'),
		threadId: uuid(n, 'dddd'),
		direction: 'outbound',
		status: 'in-progress',
		createdAt: '2026-11-30T18:00:00.000Z',
		sms: {
			id: uuid(n, 'ffff'),
			message: 'Your payment of $120.00 is due on Friday.',
			toPhoneNumber: '+15555550100',
			fromPhoneNumber: '+15555550199',
			createdAt: '2026-11-30T18:00:05.000Z',
		},
		...overrides,
	};
}

/**
 * POSTs a signed (or unsigned) request's bytes and headers to `url`.
 * @param {string} url
 * @param {{ body: Buffer, headers: Record<string, string> }} request
 * @returns {Promise<{ status: number, body: unknown }>} the body parsed when it is JSON
 */
async function deliver(url, { body, headers }) {
	const response = await fetch(url, { method: 'POST', headers, body });
	const text = await response.text();
	try {
		return { status: response.status, body: JSON.parse(text) };
	} catch {
		return { status: response.status, body: text };
	}
}

/**
 * Delivers the same request twice at the same moment, like a sender that retries too early: two
 * connections are opened first, then both requests are written in the same tick.
 * @param {string} url
 * @param {{ body: Buffer, headers: Record<string, string> }} request
 * @returns {Promise<Array<{ status: number, body: string }>>} the two answers
 */
async function deliverTwiceAtOnce(url, { body, headers }) {
	const target = new URL(url);
	const agent = new http.Agent({ keepAlive: false, maxSockets: 2 });
	const requests = [0, 1].map(() => {
		const request = http.request({
			host: target.hostname,
			port: target.port,
			method: 'POST',
			path: target.pathname,
			agent,
			headers: { ...headers, 'content-length': body.length },
		});
		const connected = new Promise((resolve, reject) => {
			request.once('socket', (socket) => (socket.connecting ? socket.once('connect', resolve) : resolve()));
			request.once('error', reject);
		});
		const answered = new Promise((resolve, reject) => {
			request.once('response', (response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString() }));
			});
			request.once('error', reject);
		});
		request.flushHeaders();
		return { request, connected, answered };
	});
	await Promise.all(requests.map((entry) => entry.connected));
	for (const entry of requests) entry.request.end(body);
	const answers = await Promise.all(requests.map((entry) => entry.answered));
	agent.destroy();
	return answers;
}

module.exports = { signWebhook, callCreated, callEnded, dripSms, uuid, deliver, deliverTwiceAtOnce };
