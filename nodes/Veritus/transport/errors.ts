import { NodeApiError, type INode, type JsonObject, type NodeOperationError } from 'n8n-workflow';

/**
 * Whether the call may exist after a failed request, as far as the client can know:
 * - `notPlaced`: the server certainly did not place it (4xx, 429, connection refused);
 * - `unknown`: it may have been placed (timeout, reset after sending, 5xx, unreadable 2xx).
 */
export type CallCertainty = 'notPlaced' | 'unknown';

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
}

/** What {@link veritusApiError} was given for each error it made, so {@link forItem} can tell it for another item. */
const origins = new WeakMap<NodeApiError, { facts: VeritusErrorFacts; message: string; description: string }>();

/**
 * Creates the node's `NodeApiError`. It is built from a small, token-free object rather than the
 * HTTP library's error, so that request headers (the bearer token) can never reach the message,
 * the description, `context` or n8n's log.
 *
 * Messages start with `[item N]`. When the outcome is unknown the message itself says that the
 * call may have been placed and names the customer, because n8n keeps only the message in an
 * error item's json.
 */
export function veritusApiError(
	node: INode,
	facts: VeritusErrorFacts,
	message: string,
	description: string,
): NodeApiError {
	const uncertain =
		facts.certainty === 'unknown'
			? `. The call may have been placed: check customer ${facts.customerId} in Veritus before trying again`
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
	origins.set(error, { facts, message, description });
	error.context = {
		...error.context,
		customerId: facts.customerId,
		callMayHaveBeenPlaced: facts.certainty === 'unknown',
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
 */
export function errorForStatus(
	node: INode,
	itemIndex: number,
	customerId: string,
	statusCode: number,
	body: unknown,
): NodeApiError {
	const fromApi = apiMessage(body);
	const quoted = publicFacingMessage(body);
	// The API's text goes into the description, unless the message already quotes it.
	const said = fromApi && !quoted ? ` Veritus said: "${fromApi}"` : '';
	/** `text`, quoting `publicFacingMessage` when the body has one. */
	const quoting = (text: string) => (quoted ? `${text}. Veritus said: "${quoted}"` : text);
	const facts: VeritusErrorFacts = { itemIndex, customerId, httpCode: statusCode, certainty: 'notPlaced' };
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
			`Veritus did not place the call. Fix the item's fields and run it again.`,
		);
	}
	if (statusCode === 429) {
		return veritusApiError(
			node,
			{ ...facts, retryable: true },
			quoting('Veritus rate limit reached (HTTP 429) and the retry budget is used up'),
			`The call was not placed. Lower "Max Concurrent Requests" or set "Max Requests Per Second", or raise "Max Attempts" / "Max Retry Wait".${said}`,
		);
	}
	if (statusCode >= 500) {
		return veritusApiError(
			node,
			{ ...facts, certainty: 'unknown' },
			quoting(`The Veritus API failed (HTTP ${statusCode})`),
			`The node does not retry server errors, because Veritus may have placed the call before failing.${said}`,
		);
	}
	return veritusApiError(
		node,
		facts,
		quoted
			? quoting(`Veritus answered HTTP ${statusCode}`)
			: `Veritus answered HTTP ${statusCode}${fromApi ? `: ${fromApi}` : ''}`,
		'Veritus did not place the call.',
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

/**
 * The same failure as `error` (made by {@link veritusApiError}, for one item of a request), told
 * for another item of the same request: its own `[item N]`, its own customer in the message and
 * in `context`, the same status, network code, certainty and retry flag. A request that carries
 * many items (Call → Create Many's `POST /calls/bulk`) fails for each of them this way.
 *
 * @param note appended to the description (for example, which request the item was part of).
 * @returns a new `NodeApiError`; `error` itself when it was not made by {@link veritusApiError}.
 */
export function forItem(
	node: INode,
	error: NodeApiError | NodeOperationError,
	item: { itemIndex: number; customerId: string },
	note = '',
): NodeApiError | NodeOperationError {
	const origin = origins.get(error as NodeApiError);
	if (!origin) return error;
	const description = note ? `${origin.description} ${note}` : origin.description;
	return veritusApiError(
		node,
		{ ...origin.facts, itemIndex: item.itemIndex, customerId: item.customerId },
		origin.message,
		description,
	);
}

/**
 * What {@link veritusApiError} was given for `error`: the facts, the message without its
 * `[item N]` prefix and "may have been placed" sentence, and the description.
 *
 * @returns `undefined` for an error it did not make.
 */
export function errorFacts(
	error: NodeApiError | NodeOperationError,
): { facts: VeritusErrorFacts; message: string; description: string } | undefined {
	return origins.get(error as NodeApiError);
}
