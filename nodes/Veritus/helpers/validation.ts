import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';

/** Longest identifier we accept, in characters. IDs in the API document are short UUID-like strings. */
export const MAX_ID_LENGTH = 256;

/**
 * Matches any control character: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F), which
 * is exactly Unicode's general category Cc. Written as the category rather than as a range of
 * control characters, which ESLint's no-control-regex (part of n8n's lint config) rejects.
 */
const CONTROL_CHARACTER = /\p{Cc}/u;
const CONTROL_CHARACTERS = /\p{Cc}/gu;

/** A UUID in its canonical 8-4-4-4-12 hexadecimal form, as in the API document's `secretId` example. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds the `NodeOperationError` every validation failure uses. The message names the item
 * (n8n's 0-based item index, as the editor shows it) and the field, so an operator can find the
 * row: `[item 3] Customer ID is empty`.
 */
export function invalidField(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, `[item ${itemIndex}] ${field} ${problem}`, {
		itemIndex,
		description,
	});
}

/**
 * Short, safe rendering of a rejected value for an error message: at most 40 characters, quoted,
 * with control characters shown as `\uXXXX`. Never used for password fields.
 */
export function preview(value: string): string {
	const chars = [...value];
	const shown = chars.length > 40 ? `${chars.slice(0, 37).join('')}...` : value;
	return `"${shown.replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/**
 * Coerces a resolved parameter value into an identifier string (Customer ID, Agent ID).
 *
 * - A finite safe integer (a spreadsheet cell that became a number) becomes its decimal string.
 * - A string is trimmed of surrounding whitespace.
 * - Anything else (empty, null, undefined, boolean, object, array, NaN, unsafe numbers, control
 *   characters, longer than {@link MAX_ID_LENGTH}) is rejected.
 *
 * @returns the trimmed identifier, at least 1 character long.
 * @throws NodeOperationError naming the item and the field.
 */
export function coerceIdentifier(node: INode, itemIndex: number, field: string, value: unknown): string {
	let text: string;
	if (typeof value === 'string') {
		text = value.trim();
	} else if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			throw invalidField(node, itemIndex, field, `is not a valid number (${String(value)})`);
		}
		if (!Number.isSafeInteger(value)) {
			throw invalidField(
				node,
				itemIndex,
				field,
				`is the number ${String(value)}, which cannot be an exact ID`,
				'Spreadsheets turn long IDs into rounded numbers. Format the column as text and map it again.',
			);
		}
		text = String(value);
	} else if (typeof value === 'bigint') {
		text = value.toString();
	} else if (value === undefined || value === null) {
		throw invalidField(node, itemIndex, field, 'is missing', `Map a value to ${field}.`);
	} else {
		const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
		throw invalidField(node, itemIndex, field, `must be text or a number, but is ${kind}`);
	}

	if (text.length === 0) {
		throw invalidField(node, itemIndex, field, 'is empty', `Map a value to ${field}.`);
	}
	const length = [...text].length;
	if (length > MAX_ID_LENGTH) {
		throw invalidField(node, itemIndex, field, `is ${length} characters long; the limit is ${MAX_ID_LENGTH}`);
	}
	if (CONTROL_CHARACTER.test(text)) {
		throw invalidField(node, itemIndex, field, `contains a control character: ${preview(text)}`);
	}
	return text;
}

/** Whether `text` is a UUID in the canonical 8-4-4-4-12 hexadecimal form, in any case. */
export function isUuid(text: string): boolean {
	return UUID.test(text);
}

/**
 * Reads an identifier that the API document declares `format: uuid` (Create Many's `agentId` and
 * `customerIds`, Get Recording URL's `callId`): coerced like {@link coerceIdentifier}, then
 * required to be a UUID. Veritus compares UUIDs in any case; the value is returned as given
 * (trimmed).
 *
 * @param hint the error's description: where a UUID for this field comes from.
 * @returns the trimmed UUID.
 * @throws NodeOperationError naming the item and the field: `[item 3] Customer ID must be a UUID …`.
 */
export function uuidIdentifier(node: INode, itemIndex: number, field: string, value: unknown, hint?: string): string {
	const text = coerceIdentifier(node, itemIndex, field, value);
	if (!UUID.test(text)) {
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be a UUID (8-4-4-4-12 hexadecimal digits, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a), got ${preview(text)}`,
			hint,
		);
	}
	return text;
}

/**
 * Turns an identifier (Customer ID, Drip Campaign ID) into exactly one URL path segment, as
 * {@link customerIdPathSegment} does for the Customer ID: every reserved character
 * percent-encoded, `.` and `..` rejected.
 *
 * @param field the field's label in the error message.
 * @throws NodeOperationError naming the item and the field.
 */
export function pathSegment(node: INode, itemIndex: number, field: string, value: string): string {
	if (value === '.' || value === '..') {
		throw invalidField(node, itemIndex, field, `cannot be ${preview(value)}`);
	}
	return encodeURIComponent(value);
}

/**
 * Turns a Customer ID into exactly one URL path segment for `/customers/{customerId}/calls`.
 *
 * Every reserved character is percent-encoded (`/` → `%2F`, `?` → `%3F`, `#` → `%23`,
 * `%` → `%25`), so an ID can never add a segment, a query or a fragment. The IDs `.` and `..`
 * are rejected, because URL parsers treat them as "this folder" and "parent folder" even when
 * percent-encoded.
 *
 * @throws NodeOperationError naming the item and the field.
 */
export function customerIdPathSegment(node: INode, itemIndex: number, customerId: string): string {
	return pathSegment(node, itemIndex, 'Customer ID', customerId);
}

/** The webhook object of the request body, as the API document names its fields. */
export interface WebhookBody {
	/** Absolute http(s) URL that receives call updates. */
	url: string;
	/** UUID of the signing secret (the API document's example always pairs it with `url`). */
	secretId: string;
}

/** A webhook whose Secret ID may be left out (Drip Campaign → Enroll: the document requires only `url`). */
export interface OptionalSecretWebhookBody {
	url: string;
	/** Absent: Veritus sends the updates unsigned. */
	secretId?: string;
}

/** How {@link validateWebhook} treats a URL without a Secret ID. */
export interface WebhookRules {
	/**
	 * Whether a URL needs a Secret ID. `true` (the default) for Call → Create, whose document shows
	 * the two together; `false` for Drip Campaign → Enroll, whose document requires only `url`
	 * inside `webhook`.
	 */
	secretRequired: boolean;
}

/**
 * Validates the optional Webhook collection of one item.
 *
 * - Empty collection (or only blank fields) → `undefined`: the body carries no `webhook`.
 * - `url` must be an absolute `http://` or `https://` URL with a host, and no spaces, control
 *   characters or backslashes. It is sent in its parsed form (`new URL(url).href`).
 * - `secretId` must be a UUID (8-4-4-4-12 hex). It is a password field: a bad value is described
 *   by its length only, never echoed. A Secret ID always needs a URL. For Call → Create the API
 *   document shows `url` and `secretId` together and says nothing of either alone, so each one
 *   requires the other; with `rules.secretRequired: false` (Drip Campaign → Enroll, whose
 *   document requires only `url`) a URL alone is a webhook without `secretId`.
 *
 * @returns the webhook body object, or `undefined` when no webhook was given.
 * @throws NodeOperationError naming the item and the field.
 */
export function validateWebhook(node: INode, itemIndex: number, raw: unknown): WebhookBody | undefined;
export function validateWebhook(
	node: INode,
	itemIndex: number,
	raw: unknown,
	rules: WebhookRules,
): OptionalSecretWebhookBody | undefined;
export function validateWebhook(
	node: INode,
	itemIndex: number,
	raw: unknown,
	rules: WebhookRules = { secretRequired: true },
): OptionalSecretWebhookBody | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		throw invalidField(
			node,
			itemIndex,
			'Webhook',
			rules.secretRequired
				? 'must be an object with URL and Secret ID'
				: 'must be an object with a URL and, optionally, a Secret ID',
		);
	}
	const { url: rawUrl, secretId: rawSecret } = raw as { url?: unknown; secretId?: unknown };
	const url = optionalText(node, itemIndex, 'Webhook URL', rawUrl);
	const secretId = optionalText(node, itemIndex, 'Webhook Secret ID', rawSecret);

	if (url === undefined) {
		if (secretId !== undefined) {
			throw invalidField(node, itemIndex, 'Webhook URL', 'is required when a Webhook Secret ID is set');
		}
		return undefined;
	}
	if (/\s/.test(url)) {
		throw invalidField(node, itemIndex, 'Webhook URL', `contains spaces: ${preview(url)}`);
	}
	if (CONTROL_CHARACTER.test(url) || url.includes('\\')) {
		throw invalidField(node, itemIndex, 'Webhook URL', `contains a control character or a backslash: ${preview(url)}`);
	}
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
	if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
		throw invalidField(node, itemIndex, 'Webhook URL', `must use http or https, not ${preview(scheme)}`);
	}
	// WHATWG URL parsing repairs `https:example.com` or `http:///hook`; require the plain
	// `http(s)://host` form so what we check is what the user wrote.
	if (!/^https?:\/\/[^/?#@:]+/i.test(url)) {
		throw invalidField(
			node,
			itemIndex,
			'Webhook URL',
			`must be an absolute http(s) URL with a host, got ${preview(url)}`,
		);
	}
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw invalidField(node, itemIndex, 'Webhook URL', `is not a valid URL: ${preview(url)}`);
	}
	// Send the parsed form: host lower-cased, non-ASCII percent- or punycode-encoded (RFC 3986).
	const href = parsed.href;
	if (secretId === undefined) {
		if (!rules.secretRequired) return { url: href };
		throw invalidField(node, itemIndex, 'Webhook Secret ID', 'is required when a Webhook URL is set');
	}
	if (!UUID.test(secretId)) {
		throw invalidField(
			node,
			itemIndex,
			'Webhook Secret ID',
			`must be a UUID (8-4-4-4-12 hexadecimal digits, 36 characters); the value given has ${[...secretId].length} characters`,
			"The Secret ID is a password field, so its value is never shown. Copy the secret's UUID from Veritus again.",
		);
	}
	return { url: href, secretId };
}

/** Trimmed text, `undefined` for blank or missing values; rejects non-text values. */
function optionalText(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') {
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be text, but is ${Array.isArray(value) ? 'a list' : typeof value}`,
		);
	}
	const text = value.trim();
	return text.length ? text : undefined;
}

/**
 * Reads parameter `name` (a path such as `options.placementKey` works too) of item `itemIndex`,
 * resolved by n8n. An expression that throws becomes an error that names the item and `label`.
 *
 * @param fallback returned when the parameter is not set (n8n's `getNodeParameter` fallback).
 * @throws NodeOperationError `[item N] <label> could not be resolved: <reason>`.
 */
export function readParameter(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	fallback?: string | IDataObject,
): unknown {
	try {
		return ctx.getNodeParameter(name, itemIndex, fallback);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), `[item ${itemIndex}] ${label} could not be resolved: ${reason}`, {
			itemIndex,
		});
	}
}

/**
 * Reads an object parameter of item `itemIndex` (a collection such as Additional Fields), `{}`
 * when not set.
 *
 * @throws NodeOperationError `[item N] <label> could not be resolved: …` for an expression that
 *   throws, `[item N] <label> must be a set of fields` for a value that is not an object.
 */
export function readCollection(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): IDataObject {
	const value = readParameter(ctx, name, label, itemIndex, {});
	if (value === undefined || value === null || value === '') return {};
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw invalidField(ctx.getNode(), itemIndex, label, 'must be a set of fields');
	}
	return value as IDataObject;
}
