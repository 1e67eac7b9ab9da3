import { NodeApiError, type INode, type JsonObject, type NodeOperationError } from 'n8n-workflow';

/**
 * Whether the call may exist after a failed request, as far as the client can know:
 * - `notPlaced`: the server certainly did not place it (4xx, 429, connection refused);
 * - `unknown`: it may have been placed (timeout, reset after sending, 5xx, unreadable 2xx).
 */
export type CallCertainty = 'notPlaced' | 'unknown';

/**
 * What a request makes or changes, for the wording of its errors, so that one error mapping serves
 * every operation: `The enrolment may have been made`, `Veritus did not make the enrolment`.
 * Call → Create uses {@link CALL_SUBJECT}, whose sentences are the node's original ones, word for
 * word.
 */
export interface ErrorSubject {
	/** The thing, as a noun after "the": `call`, `enrolment`. */
	noun: string;
	/** The verb's base form: `place`, `make`. */
	verb: string;
	/** Its past participle: `placed`, `made`. */
	done: string;
	/**
	 * The boolean `error.context` field that says whether the request may have taken effect:
	 * `callMayHaveBeenPlaced` (which the placement pipeline reads for every placing operation).
	 */
	unknownFlag: string;
	/** What one request is called in "the node does not retry a timed-out …": `call`, `request`. */
	request: string;
}

/** The subject of Call → Create (and every call operation): `call`, `place`, `placed`. */
export const CALL_SUBJECT: ErrorSubject = Object.freeze({
	noun: 'call',
	verb: 'place',
	done: 'placed',
	unknownFlag: 'callMayHaveBeenPlaced',
	request: 'call',
});

/** Facts attached to every API error, in `error.context` (never the token or the request headers). */
export interface VeritusErrorFacts {
	itemIndex: number;
	customerId: string;
	/** HTTP status, when a response arrived. */
	httpCode?: number;
	/** Network error code such as `ECONNRESET`, when no response arrived. */
	networkCode?: string;
	certainty: CallCertainty;
	/** Whether the transport may send this item again (only when the call is certainly not placed). */
	retryable?: boolean;
	/** What the request makes or changes; default {@link CALL_SUBJECT}. */
	subject?: ErrorSubject;
}

/**
 * Creates the node's `NodeApiError`. It is built from a small, token-free object rather than the
 * HTTP library's error, so that request headers (the bearer token) can never reach the message,
 * the description, `context` or n8n's log.
 *
 * Messages start with `[item N]`. When the outcome is unknown the message itself says that the
 * call (`facts.subject`) may have been placed and names the customer, because n8n keeps only the
 * message in an error item's json.
 */
export function veritusApiError(
	node: INode,
	facts: VeritusErrorFacts,
	message: string,
	description: string,
): NodeApiError {
	const subject = facts.subject ?? CALL_SUBJECT;
	const uncertain =
		facts.certainty === 'unknown'
			? `. The ${subject.noun} may have been ${subject.done}: check customer ${facts.customerId} in Veritus before trying again`
			: '';
	const fullMessage = `[item ${facts.itemIndex}] ${message}${uncertain}`;
	const safe: JsonObject = {
		message: fullMessage,
		...(facts.httpCode !== undefined ? { httpCode: String(facts.httpCode) } : {}),
	};
	const error = new NodeApiError(node, safe, {
		message: fullMessage,
		description,
		itemIndex: facts.itemIndex,
		...(facts.httpCode !== undefined ? { httpCode: String(facts.httpCode) } : {}),
	});
	// NodeApiError swaps a message that mentions a network code (ECONNREFUSED, …) for n8n's generic
	// text; keep ours, which names the item and the customer.
	error.message = fullMessage;
	error.context = {
		...error.context,
		customerId: facts.customerId,
		[subject.unknownFlag]: facts.certainty === 'unknown',
		retryable: facts.retryable === true,
		...(facts.httpCode !== undefined ? { httpCode: facts.httpCode } : {}),
		...(facts.networkCode !== undefined ? { networkCode: facts.networkCode } : {}),
	};
	return error;
}

/**
 * Reads the API's own error text from a JSON error body of any plausible shape: the published
 * contract's `publicFacingMessage` first, then `message`, `error` (text or `error.message`),
 * `errors[]`, `detail`, `title`. At most 300 characters.
 */
export function apiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		// An HTML error page (a gateway's 502, say) is no message a user can act on.
		if (!text || text.startsWith('<')) return undefined;
		return text.slice(0, 300);
	}
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const candidates: unknown[] = [
		record.publicFacingMessage,
		record.message,
		typeof record.error === 'object' && record.error ? (record.error as Record<string, unknown>).message : record.error,
		Array.isArray(record.errors)
			? record.errors
					.map((entry) => apiMessage(entry))
					.filter(Boolean)
					.join('; ')
			: undefined,
		record.detail,
		record.title,
	];
	const found = candidates.find((value) => typeof value === 'string' && value.trim().length > 0);
	return typeof found === 'string' ? found.trim().slice(0, 300) : undefined;
}

/** The body's `publicFacingMessage` (the published contract's error text), trimmed, at most 300 characters. */
function publicFacingMessage(body: unknown): string | undefined {
	const value =
		body && typeof body === 'object' ? (body as { publicFacingMessage?: unknown }).publicFacingMessage : undefined;
	return typeof value === 'string' && value.trim() ? value.trim().slice(0, 300) : undefined;
}

/**
 * Maps an HTTP response that is not a call result to an actionable `NodeApiError`:
 * 401/403 token rejected, 404 customer not found, 400/422 the API's own message, 429 rate
 * limited, 5xx the API failed (outcome unknown), anything else the status and the API's message.
 * Where the body carries `publicFacingMessage` (the published contract's error body), the message
 * itself quotes it: `… (HTTP 404). Veritus said: "Customer not found"`.
 *
 * The sentences name what the request makes or changes through `about.subject` (default: the
 * call, in Call → Create's exact words): `Veritus did not make the enrolment.`
 */
export function errorForStatus(
	node: INode,
	itemIndex: number,
	customerId: string,
	statusCode: number,
	body: unknown,
	about: Pick<VeritusErrorFacts, 'subject'> = {},
): NodeApiError {
	const subject = about.subject ?? CALL_SUBJECT;
	const { noun, verb, done } = subject;
	const fromApi = apiMessage(body);
	const quoted = publicFacingMessage(body);
	// The API's text goes into the description, unless the message already quotes it.
	const said = fromApi && !quoted ? ` Veritus said: "${fromApi}"` : '';
	/** `text`, quoting `publicFacingMessage` when the body has one. */
	const quoting = (text: string) => (quoted ? `${text}. Veritus said: "${quoted}"` : text);
	const facts: VeritusErrorFacts = { ...about, itemIndex, customerId, httpCode: statusCode, certainty: 'notPlaced' };
	if (statusCode === 401 || statusCode === 403) {
		return veritusApiError(
			node,
			facts,
			quoting(`The Veritus API token was rejected (HTTP ${statusCode})`),
			`Check the API Token in the Veritus API credential, and that it belongs to this Base URL.${said}`,
		);
	}
	if (statusCode === 404) {
		return veritusApiError(
			node,
			facts,
			quoting(`Customer ${customerId} was not found in Veritus (HTTP 404)`),
			`Check the Customer ID mapped for this item, and that the Base URL points at the right Veritus environment.${said}`,
		);
	}
	if (statusCode === 400 || statusCode === 422) {
		return veritusApiError(
			node,
			facts,
			quoted
				? quoting(`Veritus rejected the request (HTTP ${statusCode})`)
				: fromApi
					? `Veritus rejected the request: ${fromApi}`
					: `Veritus rejected the request (HTTP ${statusCode})`,
			`Veritus did not ${verb} the ${noun}. Fix the item's fields and run it again.`,
		);
	}
	if (statusCode === 429) {
		return veritusApiError(
			node,
			{ ...facts, retryable: true },
			quoting('Veritus rate limit reached (HTTP 429) and the retry budget is used up'),
			`The ${noun} was not ${done}. Lower "Max Concurrent Requests" or set "Max Requests Per Second", or raise "Max Attempts" / "Max Retry Wait".${said}`,
		);
	}
	if (statusCode >= 500) {
		return veritusApiError(
			node,
			{ ...facts, certainty: 'unknown' },
			quoting(`The Veritus API failed (HTTP ${statusCode})`),
			`The node does not retry server errors, because Veritus may have ${done} the ${noun} before failing.${said}`,
		);
	}
	return veritusApiError(
		node,
		facts,
		quoted
			? quoting(`Veritus answered HTTP ${statusCode}`)
			: `Veritus answered HTTP ${statusCode}${fromApi ? `: ${fromApi}` : ''}`,
		`Veritus did not ${verb} the ${noun}.`,
	);
}

/** What replaces a password-field value (the webhook Secret ID) found in an error. */
export const HIDDEN_SECRET = '[hidden Secret ID]';

/**
 * Removes every occurrence of `secret` (a password field's value, such as the webhook Secret ID)
 * from the message, description and text `context` values of `error`, in place. An API may quote
 * the request body in its error message; a password field must never reach a message or a log.
 *
 * @returns the same error.
 */
export function hideSecret<T extends NodeApiError | NodeOperationError>(error: T, secret: string | undefined): T {
	if (!secret) return error;
	const hide = (text: string) => text.split(secret).join(HIDDEN_SECRET);
	error.message = hide(error.message);
	if (typeof error.description === 'string') error.description = hide(error.description);
	for (const [key, value] of Object.entries(error.context ?? {})) {
		if (typeof value === 'string') error.context[key] = hide(value);
	}
	return error;
}
