import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import { CALL_SUBJECT, veritusApiError, type VeritusErrorFacts } from './errors';
import { backoffWithJitter, parseRetryAfter, RequestPacer } from './throttle';

export { RequestPacer } from './throttle';

/**
 * How requests of one node run are sent. Read once per run from the node's Options. The API root
 * is not here: the `veritusApi` credential's `authenticate` sets it as the request's `baseURL`.
 */
export interface RequestPolicy {
	/** Per-request timeout in milliseconds. */
	timeoutMs: number;
	/** Sends per item when the call is certainly not placed (429, refused connection), first try included. */
	maxAttempts: number;
	/** Cap on the total wait, in milliseconds, one item may spend in retries. */
	maxRetryWaitMs: number;
	/** Shared pacing of request starts (requests-per-second cap, 429 pause). */
	pacer: RequestPacer;
	/** n8n's signal for a stopped execution (`getExecutionCancelSignal()`), when the host has one. */
	signal?: AbortSignal;
}

/**
 * What the transport saw of one item's request, for the audit record. Filled in as the request
 * goes (it may end in an error); times are ISO 8601 in UTC.
 */
export interface RequestRecord {
	/** When the first attempt was sent. */
	sentAt?: string;
	/** When the last answer (of any status) arrived, or the last attempt failed. */
	respondedAt?: string;
	/** Sends so far (1 unless 429s or refused connections were retried). */
	attempts: number;
	/** HTTP status of the last answer, when one arrived. */
	httpStatus?: number;
}

/**
 * One request to the Veritus API. `path` is relative to the credential's Base URL, starts with `/`
 * and is already percent-encoded: `/customers/100231/calls`.
 */
export interface VeritusRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
}

/**
 * The item a request belongs to, for error messages: its index and customer (empty when the
 * request is about no customer yet, such as Customer → Create), and optionally what the request
 * makes or changes (`subject`, default the call), how a person finds the item in Veritus
 * (`reference`) and more error context (see `VeritusErrorFacts` in `errors.ts`).
 */
export interface ItemRef extends Pick<VeritusErrorFacts, 'subject' | 'reference' | 'context'> {
	itemIndex: number;
	customerId: string;
}

/** A final HTTP response of any status. `body` is parsed JSON when possible, else the raw text. */
export interface VeritusResponse {
	statusCode: number;
	body: unknown;
	/** How many times the request was sent (1 unless 429s or refused connections were retried). */
	attempts: number;
}

/** Network error codes that mean no byte of the request reached the server, so no call exists. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Network error codes of a request that got no answer in time. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

const NETWORK_CODE = /^E[A-Z_]{3,}$/;

/** Network codes recognised inside an error's text (a bare `ERROR:` or `EXPIRED` is not one). */
const KNOWN_NETWORK_CODE_IN_TEXT =
	/\b(ECONN[A-Z]+|ETIMEDOUT|ESOCKETTIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE)\b/;

/**
 * Finds the network error code (`ECONNRESET`, `ECONNREFUSED`, …) of an error thrown by n8n's
 * request helper. n8n wraps the HTTP library's error in a `NodeApiError` that keeps the code in
 * `httpCode` and the original text (`connect ECONNREFUSED 127.0.0.1:4010`) in `messages`; a
 * bare library error carries it in `code` (possibly under `cause`).
 */
export function findNetworkCode(error: unknown): string | undefined {
	const texts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { code, httpCode, messages, message } = current as {
			code?: unknown;
			httpCode?: unknown;
			messages?: unknown;
			message?: unknown;
		};
		for (const candidate of [code, httpCode]) {
			if (typeof candidate === 'string' && NETWORK_CODE.test(candidate)) return candidate;
		}
		if (Array.isArray(messages)) texts.push(...messages.filter((m): m is string => typeof m === 'string'));
		if (typeof message === 'string') texts.push(message);
		current = (current as { cause?: unknown }).cause;
	}
	const all = texts.join(' ');
	const inText = KNOWN_NETWORK_CODE_IN_TEXT.exec(all);
	if (inText) return inText[1];
	if (/timeout/i.test(all)) return 'ETIMEDOUT';
	if (/socket hang up/i.test(all)) return 'ECONNRESET';
	return undefined;
}

/** Parses a response body that n8n's helper left as text (malformed JSON, HTML, empty). */
function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const trimmed = body.trim();
	if (!trimmed) return '';
	try {
		return JSON.parse(trimmed) as unknown;
	} catch {
		return body;
	}
}

/**
 * Sends one request to the Veritus API through n8n's `httpRequestWithAuthentication`: the
 * `veritusApi` credential's `authenticate` adds the `Authorization: Bearer` header and the Base
 * URL (as `baseURL`; the path is sent relative to it), so the node never reads the credential.
 *
 * Retry policy (docs/throughput.md, "Throughput, rate limits and retries"): the request is sent again **only** when Veritus certainly did
 * not place the call:
 * - HTTP 429: waits `Retry-After` (seconds or HTTP-date), else exponential back-off with jitter,
 *   and pauses the other requests of the run for the same time;
 * - a connection refused or a host not found (nothing was sent).
 * Attempts are bounded by `policy.maxAttempts` and the total wait by `policy.maxRetryWaitMs`.
 * A timeout, a reset connection and every other failure are never retried.
 *
 * @returns the final response, of any HTTP status; a 429 is returned only once the retry budget is
 *   used up (the caller maps it to a "rate limited" error).
 * @throws NodeApiError (token-free) for network failures and for 429 when the budget is used up;
 *   `error.context.callMayHaveBeenPlaced` (or the `unknownFlag` of `ref.subject`) says whether the
 *   call (or what the request makes) may exist.
 *
 * `this` is an execution's context, or a load-options context (the Client ID drop-down).
 */
export async function veritusApiRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	request: VeritusRequest,
	policy: RequestPolicy,
	ref: ItemRef,
	record: RequestRecord = { attempts: 0 },
): Promise<VeritusResponse> {
	const node = this.getNode();
	const { noun, done, request: requestNoun } = ref.subject ?? CALL_SUBJECT;
	const stopped = (when: 'before' | 'during') =>
		veritusApiError(
			node,
			{ ...ref, certainty: when === 'before' ? 'notPlaced' : 'unknown' },
			when === 'before'
				? 'Not sent: the execution was stopped before this request started'
				: 'The execution was stopped while the request to Veritus was in flight',
			when === 'before'
				? `The ${noun} was not ${done}.`
				: `The request was cancelled after it was sent, so the node cannot tell whether Veritus ${done} the ${noun}.`,
		);
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		await policy.pacer.acquire();
		// After a stop, no new request starts. Earlier attempts, if any, were certainly not placed
		// (only a 429 or a refused connection is sent again), so neither is this call.
		if (policy.signal?.aborted) throw stopped('before');
		record.attempts = attempt;
		record.sentAt ??= new Date().toISOString();
		let statusCode: number;
		let headers: IDataObject;
		let body: unknown;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'veritusApi', {
				method: request.method,
				url: request.path.replace(/^\/+/, ''),
				body: request.body,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: policy.timeoutMs,
				...(policy.signal ? { abortSignal: policy.signal } : {}),
			})) as { statusCode: number; headers?: IDataObject; body: unknown };
			record.respondedAt = new Date().toISOString();
			record.httpStatus = response.statusCode;
			statusCode = response.statusCode;
			headers = response.headers ?? {};
			body = parseBody(response.body);
		} catch (error) {
			record.respondedAt = new Date().toISOString();
			if (policy.signal?.aborted) throw stopped('during');
			const networkCode = findNetworkCode(error);
			if (networkCode && NOT_SENT_CODES.has(networkCode)) {
				const waitMs = backoffWithJitter(attempt - 1);
				if (attempt < policy.maxAttempts && waitedMs + waitMs <= policy.maxRetryWaitMs) {
					waitedMs += waitMs;
					await sleep(waitMs);
					continue;
				}
				throw veritusApiError(
					node,
					{ ...ref, networkCode, certainty: 'notPlaced', retryable: true },
					`Could not connect to the Veritus API (${networkCode}) after ${attempt} attempt(s)`,
					`The ${noun} was not ${done}. Check the Base URL in the Veritus API credential and the network.`,
				);
			}
			if (networkCode && TIMEOUT_CODES.has(networkCode)) {
				throw veritusApiError(
					node,
					{ ...ref, networkCode, certainty: 'unknown' },
					`Veritus did not answer within ${policy.timeoutMs} ms`,
					`The node does not retry a timed-out ${requestNoun}, because Veritus may have ${done} ${requestNoun === noun ? 'it' : `the ${noun}`}.`,
				);
			}
			throw veritusApiError(
				node,
				{ ...ref, networkCode, certainty: 'unknown' },
				`The connection to Veritus failed (${networkCode ?? 'no response'})`,
				'The connection broke after the request was sent, so the node does not retry it.',
			);
		}

		if (statusCode !== 429) return { statusCode, body, attempts: attempt };

		const retryAfterMs = parseRetryAfter(headers['retry-after'], Date.now());
		const waitMs = retryAfterMs ?? backoffWithJitter(attempt - 1);
		if (attempt >= policy.maxAttempts || waitedMs + waitMs > policy.maxRetryWaitMs) {
			return { statusCode, body, attempts: attempt };
		}
		waitedMs += waitMs;
		policy.pacer.pauseUntil(Date.now() + waitMs);
	}
}
