import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Verifying a Veritus webhook signature. docs/trigger.md, "A bad signature".
 *
 * The contract (the API document's webhook-security guide, `../shared/veritus-api/provider-openapi.json`
 * and its summary): the signature is an HMAC SHA-256 keyed with the webhook secret's value, over the
 * `X-Webhook-Timestamp` header (Unix time in seconds), a `.`, and the raw JSON body exactly as it was
 * received. The guide stops before it says how the digest is encoded and which clock tolerance
 * applies, so every plausible encoding is accepted and the tolerance is an option.
 *
 * Never hash a re-serialised body: `JSON.stringify(JSON.parse(body))` changes white space, key order
 * and number forms, and would reject genuine events (or, worse, accept a different body). The bytes
 * hashed are the bytes n8n read from the socket (`req.rawBody`).
 */

/** Header names, lower-case as Node.js delivers them. */
export const SIGNATURE_HEADER = 'x-webhook-signature';
export const TIMESTAMP_HEADER = 'x-webhook-timestamp';

/** Default clock tolerance in seconds, both into the past and into the future. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Length in bytes of an HMAC SHA-256 digest. */
const DIGEST_BYTES = 32;

/** Why a request was rejected. Each value names the reason in a log line; none quotes the signature. */
export type RejectReason =
	| 'missing-signature'
	| 'missing-timestamp'
	| 'malformed-timestamp'
	| 'stale-timestamp'
	| 'future-timestamp'
	| 'malformed-signature'
	| 'signature-mismatch'
	| 'raw-body-unavailable';

/** A sentence for each {@link RejectReason}: for the log line and the 401 body. */
export const REJECT_MESSAGES: Record<RejectReason, string> = {
	'missing-signature': 'the X-Webhook-Signature header is missing',
	'missing-timestamp': 'the X-Webhook-Timestamp header is missing',
	'malformed-timestamp': 'the X-Webhook-Timestamp header is not a Unix time in seconds',
	'stale-timestamp': 'the X-Webhook-Timestamp is older than the timestamp tolerance',
	'future-timestamp': 'the X-Webhook-Timestamp is further in the future than the timestamp tolerance',
	'malformed-signature': 'the X-Webhook-Signature header is neither hex nor base64 of a SHA-256 digest',
	'signature-mismatch': 'the signature does not match the body and timestamp for this secret',
	'raw-body-unavailable': 'the raw request body is not available to verify',
};

/** The outcome of {@link verifySignature}. */
export type VerifyResult = { valid: true; timestamp: number } | { valid: false; reason: RejectReason };

/** What {@link verifySignature} checks. */
export interface VerifyInput {
	/** The webhook secret's value (the credential's Secret), used as the HMAC key as UTF-8 text. */
	secret: string;
	/** The raw body bytes exactly as received; `undefined` when the host did not keep them. */
	rawBody: Buffer | undefined;
	/** The `X-Webhook-Signature` header (a list when sent more than once). */
	signature: string | string[] | undefined;
	/** The `X-Webhook-Timestamp` header (Unix time in seconds). */
	timestamp: string | string[] | undefined;
	/** Accepted clock difference in seconds, each way. A difference of exactly this much passes. */
	toleranceSeconds: number;
	/** The receiver's clock in milliseconds since the epoch (`Date.now()`). */
	nowMs: number;
}

/**
 * Checks a request's signature and timestamp. Pure: no I/O, no clock of its own.
 *
 * Order of checks: headers present → timestamp well-formed → within `toleranceSeconds` of `nowMs`
 * (past or future; exactly at the edge passes) → raw body present → the signature decodes to 32
 * bytes → it equals the HMAC (compared with `crypto.timingSafeEqual` on equal-length buffers).
 *
 * The signature header may hold one value or several separated by commas or spaces (for a secret
 * being rotated); any one that matches passes. Each value may be:
 * - 64 hex digits, with or without a `sha256=` prefix (any case);
 * - base64 or base64url of the 32-byte digest, with or without `=` padding (also after `sha256=`).
 *
 * @returns `{ valid: true, timestamp }` (seconds) or `{ valid: false, reason }`. Never throws.
 */
export function verifySignature(input: VerifyInput): VerifyResult {
	const signatureHeader = joinHeader(input.signature);
	const timestampHeader = singleHeader(input.timestamp);
	if (!signatureHeader) return { valid: false, reason: 'missing-signature' };
	if (timestampHeader === undefined || timestampHeader === '') return { valid: false, reason: 'missing-timestamp' };
	if (!/^\d{1,12}$/.test(timestampHeader)) return { valid: false, reason: 'malformed-timestamp' };
	const timestamp = Number(timestampHeader);
	const nowSeconds = Math.floor(input.nowMs / 1000);
	if (nowSeconds - timestamp > input.toleranceSeconds) return { valid: false, reason: 'stale-timestamp' };
	if (timestamp - nowSeconds > input.toleranceSeconds) return { valid: false, reason: 'future-timestamp' };
	if (!input.rawBody) return { valid: false, reason: 'raw-body-unavailable' };

	const candidates = signatureHeader
		.split(/[\s,]+/)
		.filter(Boolean)
		.map(decodeSignature)
		.filter((digest): digest is Buffer => digest !== undefined);
	if (!candidates.length) return { valid: false, reason: 'malformed-signature' };

	const expected = computeSignature(input.secret, timestampHeader, input.rawBody);
	// Compare against every candidate (no early exit), so the time taken does not tell which matched.
	let matched = false;
	for (const candidate of candidates) {
		if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
	}
	return matched ? { valid: true, timestamp } : { valid: false, reason: 'signature-mismatch' };
}

/**
 * The HMAC SHA-256 of `{timestamp}.{rawBody}` keyed with `secret` (UTF-8), as 32 raw bytes. The body
 * is hashed as bytes, never decoded to text first.
 */
export function computeSignature(secret: string, timestamp: string, rawBody: Buffer): Buffer {
	return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest();
}

/**
 * One signature value to its 32 digest bytes, or `undefined` when it is not hex or base64 of a
 * SHA-256 digest. A `sha256=` prefix (any case) is removed first.
 */
export function decodeSignature(value: string): Buffer | undefined {
	const text = value.trim().replace(/^sha256=/i, '');
	if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
	// base64 (+/) or base64url (-_) of 32 bytes: 43 characters and an optional '='.
	if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
		const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
		return bytes.length === DIGEST_BYTES ? bytes : undefined;
	}
	return undefined;
}

function joinHeader(value: string | string[] | undefined): string {
	if (Array.isArray(value)) return value.join(',').trim();
	return (value ?? '').trim();
}

/** A header that must appear once; several values joined fail the timestamp's format check. */
function singleHeader(value: string | string[] | undefined): string | undefined {
	if (Array.isArray(value)) return value.join(',').trim();
	return value?.trim();
}
