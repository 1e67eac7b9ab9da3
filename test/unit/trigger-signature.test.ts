/**
 * The Veritus Trigger's signature check with real HMACs, signed by the test's own signer
 * (test/helpers/webhook-events.js), never by the code under test.
 */
import { decodeSignature, verifySignature, type VerifyInput } from '../../nodes/VeritusTrigger/signature';
import { callEnded, signWebhook, type SignatureEncoding } from '../helpers/webhook-events';

const SECRET = 'whsec-test-7f3a9c2e4b1d';
const NOW_S = 1_795_000_000;
const NOW_MS = NOW_S * 1000 + 400; // the receiver's clock is mid-second

/** A request as the trigger receives it: raw bytes and the two headers. */
function request(
	options: { secret?: string; body?: object | string; timestamp?: number; encoding?: SignatureEncoding } = {},
) {
	const signed = signWebhook({
		secret: options.secret ?? SECRET,
		body: options.body ?? callEnded(1),
		timestamp: options.timestamp ?? NOW_S,
		encoding: options.encoding,
	});
	return {
		secret: SECRET,
		rawBody: signed.body,
		signature: signed.headers['x-webhook-signature'],
		timestamp: signed.headers['x-webhook-timestamp'],
		toleranceSeconds: 300,
		nowMs: NOW_MS,
	} satisfies VerifyInput;
}

describe('valid signatures in each accepted encoding', () => {
	test.each<SignatureEncoding>(['hex', 'sha256=hex', 'base64', 'base64url'])('%s', (encoding) => {
		const input = request({ encoding });
		expect(verifySignature(input)).toEqual({ valid: true, timestamp: NOW_S });
	});

	test('upper-case hex and an upper-case SHA256= prefix', () => {
		const input = request({ encoding: 'sha256=hex' });
		const upper = `SHA256=${String(input.signature).slice('sha256='.length).toUpperCase()}`;
		expect(verifySignature({ ...input, signature: upper }).valid).toBe(true);
	});

	test('base64 without its padding', () => {
		const input = request({ encoding: 'base64' });
		expect(String(input.signature).endsWith('=')).toBe(true);
		expect(verifySignature({ ...input, signature: String(input.signature).replace(/=+$/, '') }).valid).toBe(true);
	});

	test('one of several signatures (a secret being rotated) matches', () => {
		const good = request({ encoding: 'hex' });
		const other = request({ secret: 'old-secret', encoding: 'hex' });
		expect(verifySignature({ ...good, signature: `${other.signature}, ${good.signature}` }).valid).toBe(true);
		expect(verifySignature({ ...good, signature: [String(other.signature), String(good.signature)] }).valid).toBe(true);
	});

	test('a body with non-ASCII text and odd spacing is hashed byte for byte', () => {
		const text = '{"type":"call-ended",  "callEnded":{"id":"x","messages":[{"role":"user","message":"Ça va — 5 €"}]}}';
		expect(verifySignature(request({ body: text })).valid).toBe(true);
	});
});

describe('invalid signatures', () => {
	test('a wrong secret', () => {
		expect(verifySignature(request({ secret: 'whsec-someone-else' }))).toEqual({
			valid: false,
			reason: 'signature-mismatch',
		});
	});

	test('the body changed by one byte', () => {
		const input = request();
		const changed = Buffer.from(input.rawBody);
		const at = changed.indexOf('customer-ended-call');
		expect(at).toBeGreaterThan(0);
		changed[at] = 'C'.charCodeAt(0);
		expect(changed.equals(input.rawBody)).toBe(false);
		expect(changed.length).toBe(input.rawBody.length);
		expect(verifySignature({ ...input, rawBody: changed })).toEqual({ valid: false, reason: 'signature-mismatch' });
	});

	test('a re-serialised body (same JSON, other bytes) does not verify', () => {
		const pretty = JSON.stringify(callEnded(1), null, 2);
		const input = request({ body: pretty });
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(pretty)));
		expect(JSON.parse(reserialised.toString())).toEqual(JSON.parse(pretty));
		expect(verifySignature({ ...input, rawBody: reserialised })).toEqual({
			valid: false,
			reason: 'signature-mismatch',
		});
	});

	test('a signature for another timestamp', () => {
		const input = request({ timestamp: NOW_S - 1 });
		expect(verifySignature({ ...input, timestamp: String(NOW_S) })).toEqual({
			valid: false,
			reason: 'signature-mismatch',
		});
	});

	test('a signature of the right length that is not hex or base64', () => {
		expect(verifySignature({ ...request(), signature: 'z'.repeat(64) })).toEqual({
			valid: false,
			reason: 'malformed-signature',
		});
		expect(verifySignature({ ...request(), signature: 'sha256=abc' })).toEqual({
			valid: false,
			reason: 'malformed-signature',
		});
	});

	test('a truncated hex signature is malformed, not compared', () => {
		const input = request({ encoding: 'hex' });
		expect(verifySignature({ ...input, signature: String(input.signature).slice(0, 62) }).valid).toBe(false);
	});
});

describe('missing headers and body', () => {
	test('no X-Webhook-Signature', () => {
		expect(verifySignature({ ...request(), signature: undefined })).toEqual({
			valid: false,
			reason: 'missing-signature',
		});
		expect(verifySignature({ ...request(), signature: '   ' })).toEqual({ valid: false, reason: 'missing-signature' });
	});

	test('no X-Webhook-Timestamp', () => {
		expect(verifySignature({ ...request(), timestamp: undefined })).toEqual({
			valid: false,
			reason: 'missing-timestamp',
		});
		expect(verifySignature({ ...request(), timestamp: '' })).toEqual({ valid: false, reason: 'missing-timestamp' });
	});

	test('a timestamp that is not Unix seconds', () => {
		for (const timestamp of ['2026-11-30T18:00:00Z', '1795000000.5', '-1795000000', `${NOW_S},${NOW_S}`]) {
			expect(verifySignature({ ...request(), timestamp })).toEqual({ valid: false, reason: 'malformed-timestamp' });
		}
	});

	test('no raw body', () => {
		expect(verifySignature({ ...request(), rawBody: undefined })).toEqual({
			valid: false,
			reason: 'raw-body-unavailable',
		});
	});
});

describe('timestamp tolerance (300 s)', () => {
	// The receiver's clock reads NOW_S seconds (and 400 ms): whole seconds are compared.
	test.each([
		['exactly 300 s old', NOW_S - 300, true, undefined],
		['301 s old', NOW_S - 301, false, 'stale-timestamp'],
		['exactly 300 s ahead', NOW_S + 300, true, undefined],
		['301 s ahead', NOW_S + 301, false, 'future-timestamp'],
		['an hour old', NOW_S - 3600, false, 'stale-timestamp'],
		['a day ahead', NOW_S + 86400, false, 'future-timestamp'],
		['now', NOW_S, true, undefined],
	])('%s', (_name, timestamp, valid, reason) => {
		const result = verifySignature(request({ timestamp }));
		expect(result.valid).toBe(valid);
		if (!valid) expect(result).toEqual({ valid: false, reason });
	});

	test('another tolerance moves both edges', () => {
		const at = (timestamp: number) => verifySignature({ ...request({ timestamp }), toleranceSeconds: 10 }).valid;
		expect([at(NOW_S - 10), at(NOW_S - 11), at(NOW_S + 10), at(NOW_S + 11)]).toEqual([true, false, true, false]);
	});

	test('a stale timestamp is rejected even with a valid signature for it', () => {
		const input = request({ timestamp: NOW_S - 301 });
		expect(verifySignature({ ...input, nowMs: (NOW_S - 301) * 1000 }).valid).toBe(true);
		expect(verifySignature(input)).toEqual({ valid: false, reason: 'stale-timestamp' });
	});
});

describe('decodeSignature', () => {
	test('gives the 32 digest bytes of each encoding', () => {
		const hex = 'a'.repeat(64);
		const bytes = Buffer.from(hex, 'hex');
		expect(decodeSignature(hex)).toEqual(bytes);
		expect(decodeSignature(`sha256=${hex}`)).toEqual(bytes);
		expect(decodeSignature(bytes.toString('base64'))).toEqual(bytes);
		expect(decodeSignature(bytes.toString('base64url'))).toEqual(bytes);
		expect(decodeSignature(`sha256=${bytes.toString('base64')}`)).toEqual(bytes);
	});

	test('refuses other lengths and alphabets', () => {
		expect(decodeSignature('a'.repeat(63))).toBeUndefined();
		expect(decodeSignature('a'.repeat(65))).toBeUndefined();
		expect(decodeSignature(Buffer.alloc(31).toString('base64'))).toBeUndefined();
		expect(decodeSignature('!'.repeat(44))).toBeUndefined();
	});
});
