'use strict';

/**
 * Call recordings, served by the emulator itself at `GET /recordings/{callId}.wav` behind a
 * signed, expiring URL, like the API's `recordingUrl` and Get Signed URL. Every recording is the
 * same short WAV file (half a second of a 440 Hz tone, 8 kHz, 16-bit mono).
 *
 * The URL carries `expires` (Unix milliseconds, on the machine's real clock) and `signature`
 * (HMAC-SHA256 of `{callId}.{expires}` with a key made when the emulator starts). A request after
 * `expires`, or with an altered URL, gets 403; an unknown call 404.
 */

const crypto = require('node:crypto');
const { RECORDINGS_PREFIX } = require('./constants');

/** Sample rate (Hz) and length (seconds) of the recording. */
const SAMPLE_RATE = 8000;
const SECONDS = 0.5;

/** @type {Buffer | null} */
let cached = null;

/**
 * The recording: a RIFF/WAVE file, PCM 16-bit mono, 8 kHz, 0.5 s of a 440 Hz tone with short
 * fades, about 8 KB. The same bytes every time.
 * @returns {Buffer}
 */
function recordingWav() {
	if (cached) return cached;
	const samples = Math.round(SAMPLE_RATE * SECONDS);
	const data = Buffer.alloc(samples * 2);
	const fade = SAMPLE_RATE * 0.02;
	for (let i = 0; i < samples; i += 1) {
		const envelope = Math.min(1, i / fade, (samples - 1 - i) / fade);
		const value = Math.round(Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE) * 8000 * envelope);
		data.writeInt16LE(value, i * 2);
	}
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16); // size of the fmt chunk
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(SAMPLE_RATE, 24);
	header.writeUInt32LE(SAMPLE_RATE * 2, 28); // bytes per second
	header.writeUInt16LE(2, 32); // block align
	header.writeUInt16LE(16, 34); // bits per sample
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(data.length, 40);
	cached = Buffer.concat([header, data]);
	return cached;
}

/**
 * @param {string} key
 * @param {string} callId
 * @param {number} expires Unix milliseconds
 * @returns {string} hex HMAC-SHA256 of `{callId}.{expires}`
 */
function recordingSignature(key, callId, expires) {
	return crypto.createHmac('sha256', key).update(`${callId}.${expires}`).digest('hex');
}

/**
 * A signed recording URL.
 * @param {object} details
 * @param {string} details.origin such as `http://127.0.0.1:4010`
 * @param {string} details.callId
 * @param {string} details.key the emulator's signing key
 * @param {number} details.ttlMs how long the URL stays valid, in milliseconds of real time
 * @param {number} [details.now] Unix milliseconds, default the machine's time
 * @returns {string} `{origin}/recordings/{callId}.wav?expires=…&signature=…`
 */
function signRecordingUrl({ origin, callId, key, ttlMs, now = Date.now() }) {
	const expires = now + ttlMs;
	return `${origin}${RECORDINGS_PREFIX}/${callId}.wav?expires=${expires}&signature=${recordingSignature(key, callId, expires)}`;
}

/**
 * Checks a recording request.
 * @param {object} request
 * @param {string} request.callId
 * @param {string | undefined} request.expires
 * @param {string | undefined} request.signature
 * @param {string} request.key
 * @param {number} [request.now] Unix milliseconds
 * @returns {'ok' | 'expired' | 'bad-signature'}
 */
function checkRecordingRequest({ callId, expires, signature, key, now = Date.now() }) {
	const expiresAt = Number(expires);
	if (!/^\d+$/.test(String(expires)) || typeof signature !== 'string') return 'bad-signature';
	const wanted = Buffer.from(recordingSignature(key, callId, expiresAt), 'hex');
	const given = Buffer.from(signature, 'hex');
	if (given.length !== wanted.length || !crypto.timingSafeEqual(given, wanted)) return 'bad-signature';
	return now > expiresAt ? 'expired' : 'ok';
}

/**
 * Registers `GET /recordings/:file` (and HEAD). Fastify plugin; options `{ state }`.
 * Answers the WAV file (`audio/wav`), or 403 `{ error }` for an expired or altered URL, or 404
 * `{ error }` for a call the emulator did not place.
 * @param {import('fastify').FastifyInstance} app
 * @param {{ state: import('./state').EmulatorState }} options
 */
async function recordingRoutes(app, { state }) {
	app.get('/:file', async (request, reply) => {
		const { file } = /** @type {{ file: string }} */ (request.params);
		const { expires, signature } = /** @type {Record<string, string | undefined>} */ (request.query || {});
		const callId = file.replace(/\.wav$/, '').toLowerCase();
		if (!file.endsWith('.wav') || !state.callsById.has(callId)) {
			return reply.code(404).send({ error: 'Recording not found' });
		}
		const verdict = checkRecordingRequest({ callId, expires, signature, key: state.recordingKey });
		if (verdict === 'expired') return reply.code(403).send({ error: 'The signed URL has expired' });
		if (verdict !== 'ok') return reply.code(403).send({ error: 'The signed URL is not valid' });
		return reply.type('audio/wav').send(recordingWav());
	});
}

module.exports = { recordingWav, signRecordingUrl, checkRecordingRequest, recordingRoutes };
