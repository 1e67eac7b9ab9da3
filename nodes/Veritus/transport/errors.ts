import { NodeApiError, type IDataObject, type INode, type JsonObject, type NodeOperationError } from 'n8n-workflow';

/**
 * Whether the call may exist after a failed request, as far as the client can know:
 * - `notPlaced`: the server certainly did not place it (4xx, 429, connection refused);
 * - `unknown`: it may have been placed (timeout, reset after sending, 5xx, unreadable 2xx).
 *
 * For another {@link ErrorSubject} read "placed" as its `done` (created, updated): `notPlaced`
 * means the request certainly had no effect.
 */
export type CallCertainty = 'notPlaced' | 'unknown';

/**
 * What a request makes or changes, for the wording of its errors, so that one error mapping
 * serves every operation: `The customer may have been created`, `Veritus did not update the
 * customer`. Call → Create uses {@link CALL_SUBJECT}, whose sentences are the node's original
 * ones, word for word.
 */
export interface ErrorSubject {
	/** The thing, as a noun after "the": `call`, `customer`. */
	noun: string;
	/** The verb's base form: `place`, `create`, `update`. */
	verb: string;
	/** Its past participle: `placed`, `created`, `updated`. */
	done: string;
	/**
	 * The boolean `error.context` field (and error-item field) that says whether the request may
	 * have taken effect: `callMayHaveBeenPlaced`, `customerMayHaveBeenCreated`.
	 */
	unknownFlag: string;
	/** What one request is called in "the node does not retry a timed-out …": `call`, `request`. */
	request: string;
	/**
	 * The request changes nothing (a GET such as Client → List): its outcome is never unknown, and
	 * no error says the thing "may have been" done.
	 */
	readOnly?: boolean;
	/**
	 * The request is idempotent (Interaction → Analyze: Veritus answers a repeated analysis with the
	 * first result): a clause saying why sending it again is safe, such as `analysis is idempotent,
	 * so running the item again is safe`. An unknown outcome then says this instead of "check … in
	 * Veritus before trying again".
	 */
	idempotent?: string;
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
	/**
	 * How a person finds the item's record in Veritus, in "check … in Veritus before trying again":
	 * `external ID 'A-1'`. Default `customer <customerId>`.
	 */
	reference?: string;
	/** More facts for `error.context` (and an error item), such as `{ externalId }`; never a secret. */
	context?: IDataObject;
}

/** How {@link veritusApiError} built an error, so that {@link errorForItem} can build it again for another item. */
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
	const subject = facts.subject ?? CALL_SUBJECT;
	const certainty: CallCertainty = subject.readOnly ? 'notPlaced' : facts.certainty;
	const reference = facts.reference ?? `customer ${facts.customerId}`;
	const uncertain =
		certainty !== 'unknown'
			? ''
			: subject.idempotent
				? `. The ${subject.noun} may have been ${subject.done}; ${subject.idempotent}`
				: `. The ${subject.noun} may have been ${subject.done}: check ${reference} in Veritus before trying again`;
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
		...(facts.context ?? {}),
		...(facts.customerId ? { customerId: facts.customerId } : {}),
		...(subject.readOnly ? {} : { [subject.unknownFlag]: certainty === 'unknown' }),
		retryable: facts.retryable === true,
		...(facts.httpCode !== undefined ? { httpCode: facts.httpCode } : {}),
		...(facts.networkCode !== undefined ? { networkCode: facts.networkCode } : {}),
	};
	origins.set(error, { facts: { ...facts, certainty }, message, description });
	return error;
}

/**
 * The error of a request that carried several items (a bulk request) and failed as a whole, for
 * one of its items: the same sentence and certainty, naming `facts.itemIndex` and the item's own
 * reference. Each item of a failed bulk request gets one (the node's "every item yields one output
 * item" rule).
 *
 * An error that {@link veritusApiError} did not build (so its facts are unknown) is rebuilt with
 * its message and the certainty `unknown`: the request may have taken effect.
 *
 * @param facts the item's facts: `itemIndex`, `customerId`, and optionally `reference`, `context`,
 *   `subject`; certainty, HTTP status and network code come from `error`.
 */
export function errorForItem(
	node: INode,
	error: NodeApiError | NodeOperationError,
	facts: Pick<VeritusErrorFacts, 'itemIndex' | 'customerId' | 'reference' | 'context' | 'subject'>,
): NodeApiError {
	const origin = error instanceof NodeApiError ? origins.get(error) : undefined;
	if (origin) {
		return veritusApiError(
			node,
			{
				...origin.facts,
				itemIndex: facts.itemIndex,
				customerId: facts.customerId,
				reference: facts.reference,
				context: facts.context,
				subject: facts.subject ?? origin.facts.subject,
			},
			origin.message,
			origin.description,
		);
	}
	return veritusApiError(
		node,
		{ ...facts, certainty: 'unknown' },
		error.message.replace(/^\[item \d+\] /, ''),
		typeof error.description === 'string' ? error.description : '',
	);
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
 * call, in Call → Create's exact words): `Veritus did not create the customer.` A 404 names the
 * customer when `customerId` is set, else says the Base URL may be wrong (a request about no
 * customer, such as Client → List).
 *
 * @param about the subject, the item's reference and extra context (see {@link VeritusErrorFacts}).
 */
export function errorForStatus(
	node: INode,
	itemIndex: number,
	customerId: string,
	statusCode: number,
	body: unknown,
	about: Pick<VeritusErrorFacts, 'subject' | 'reference' | 'context'> = {},
): NodeApiError {
	const subject = about.subject ?? CALL_SUBJECT;
	const { noun, verb, done } = subject;
	const fromApi = apiMessage(body);
	const quoted = publicFacingMessage(body);
	// The API's text goes into the description, unless the message already quotes it.
	const said = fromApi && !quoted ? ` Veritus said: "${fromApi}"` : '';
	/** `text`, quoting `publicFacingMessage` when the body has one. */
	const quoting = (text: string) => (quoted ? `${text}. Veritus said: "${quoted}"` : text);
	const facts: VeritusErrorFacts = {
		...about,
		itemIndex,
		customerId,
		httpCode: statusCode,
		certainty: 'notPlaced',
	};
	if (statusCode === 401 || statusCode === 403) {
		return veritusApiError(
			node,
			facts,
			quoting(`The Veritus API token was rejected (HTTP ${statusCode})`),
			`Check the API Token in the Veritus API credential, and that it belongs to this Base URL.${said}`,
		);
	}
	if (statusCode === 404) {
		if (!customerId) {
			return veritusApiError(
				node,
				facts,
				quoting(`Veritus answered HTTP 404 (not found)`),
				`Check that the Base URL in the Veritus API credential points at the Veritus API.${said}`,
			);
		}
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
			subject.readOnly
				? `Nothing was changed in Veritus; run it again later.${said}`
				: `The node does not retry server errors, because Veritus may have ${done} the ${noun} before failing.${said}`,
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
	return hideValues(error, secret ? [secret] : [], HIDDEN_SECRET);
}

/** What replaces a sensitive value (SSN last four, date of birth) found in an error. */
export const HIDDEN_VALUE = '[hidden]';

/**
 * Removes every occurrence of each of `values` (sensitive values of the item: SSN last four, date
 * of birth, a secret) from everything of `error` that n8n shows, logs or stores: the message, the
 * description, the `messages` list, the text values of `context` and of the error response
 * NodeApiError keeps, in place. Empty values are skipped; longer values are replaced first.
 *
 * @param replacement what stands in for a value (default {@link HIDDEN_VALUE}).
 * @returns the same error.
 */
export function hideValues<T extends NodeApiError | NodeOperationError>(
	error: T,
	values: Array<string | undefined>,
	replacement: string = HIDDEN_VALUE,
): T {
	const hidden = values.filter((value): value is string => typeof value === 'string' && value.length > 0);
	if (!hidden.length) return error;
	hidden.sort((a, b) => b.length - a.length);
	const hide = (text: string) => hidden.reduce((result, value) => result.split(value).join(replacement), text);
	const hideStrings = (record: Record<string, unknown> | undefined) => {
		for (const [key, value] of Object.entries(record ?? {})) {
			if (typeof value === 'string') record![key] = hide(value);
		}
	};
	error.message = hide(error.message);
	if (typeof error.description === 'string') error.description = hide(error.description);
	if (Array.isArray(error.messages)) error.messages = error.messages.map((text) => hide(String(text)));
	hideStrings(error.context);
	const response = (error as { errorResponse?: unknown }).errorResponse;
	if (response && typeof response === 'object') hideStrings(response as Record<string, unknown>);
	return error;
}
