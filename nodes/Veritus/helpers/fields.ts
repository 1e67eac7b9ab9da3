import type { IDataObject, INode } from 'n8n-workflow';

import { invalidField, preview } from './validation';

/**
 * Validators for the body fields of the Veritus API (customers, SMS, email, analysis): text,
 * email addresses and lists of them, E.164 phone numbers, US ZIP codes, SSN last four, calendar
 * dates, date-times with a time zone, amounts, whole numbers, yes/no, enums, message texts, UUIDs
 * and JSON objects. Each takes the value n8n resolved for one item and either
 * returns it in the form the API expects, returns `undefined` for "not given" (optional fields:
 * `undefined`, `null` or blank text), or throws `[item N] <Field> <problem>` (a
 * NodeOperationError, through `invalidField`).
 *
 * Values of a **sensitive** field (SSN last four, date of birth) are never put into a message:
 * a bad value is described by its shape and length only (issue "never echo sensitive values").
 * Values of other fields are shown through `preview()` (at most 40 characters).
 */

/**
 * Matches any control character: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F), the
 * Unicode category Cc (written as a property, which ESLint's no-control-regex accepts).
 */
const CONTROL_CHARACTER = /\p{Cc}/u;

/** A UUID in its canonical 8-4-4-4-12 hexadecimal form (either case), as the API's IDs are. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** E.164: `+`, a country code that does not start with 0, at most 15 digits in all (ITU-T E.164). */
const E164 = /^\+[1-9]\d{1,14}$/;

/** A US ZIP code: 5 digits, or ZIP+4 written `12345-1234` (the API document's two forms). */
const ZIP = /^\d{5}(-\d{4})?$/;

/** A pragmatic email address check: one `@`, no spaces, a dot in the domain, at most 254 characters (RFC 5321). */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** What a value is, in words, for "must be text, but is …". */
function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Whether `value` is a JSON object (a record): not `null`, not a list. For a field's value and for
 * what Veritus answered (a body, its `data`, one bulk result), in every operation.
 */
export function isRecord(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Whether `value` counts as "not given": `undefined`, `null` or text that is blank. */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Text of an optional field: a string (trimmed) or a finite number (as its decimal form, the way a
 * spreadsheet cell arrives). Blank → `undefined`.
 *
 * @throws NodeOperationError for another type or a control character.
 */
export function optionalText(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	if (isBlank(value)) return undefined;
	let text: string;
	if (typeof value === 'string') text = value.trim();
	else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
	else throw invalidField(node, itemIndex, field, `must be text, but is ${kindOf(value)}`);
	if (CONTROL_CHARACTER.test(text)) {
		throw invalidField(node, itemIndex, field, `contains a control character: ${preview(text)}`);
	}
	return text;
}

/**
 * Text of a required field ({@link optionalText} that may not be blank).
 *
 * @throws NodeOperationError `[item N] <Field> is empty` when blank, or as {@link optionalText}.
 */
export function requiredText(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = optionalText(node, itemIndex, field, value);
	if (text === undefined) throw invalidField(node, itemIndex, field, 'is empty', `Map a value to ${field}.`);
	return text;
}

/**
 * An email address (API field `email`): text with one `@`, no spaces and a dot in the domain, at
 * most 254 characters. Blank → `undefined`.
 *
 * @throws NodeOperationError naming the item and the field, with the value.
 */
export function optionalEmail(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	const text = optionalText(node, itemIndex, field, value);
	if (text === undefined) return undefined;
	if (text.length > 254 || !EMAIL.test(text)) {
		throw invalidField(node, itemIndex, field, `is not an email address such as name@example.com: ${preview(text)}`);
	}
	return text;
}

/**
 * A phone number in E.164 form (API fields `primaryPhone`, `secondaryPhone`, SMS `from`/`to`):
 * `+`, the country code, at most 15 digits, nothing else (`+12025551234`). A number without `+`
 * (how a spreadsheet keeps it) or one with spaces, dashes or brackets is rejected with the fix.
 * Blank → `undefined`.
 *
 * @throws NodeOperationError naming the item and the field, with the value.
 */
export function optionalPhone(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	if (typeof value === 'number') {
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be text in E.164 form such as +12025551234, but is the number ${String(value)}`,
			'A spreadsheet drops the leading +. Format the column as text, or map an expression that adds it.',
		);
	}
	const text = optionalText(node, itemIndex, field, value);
	if (text === undefined) return undefined;
	if (E164.test(text)) return text;
	const digitsOnly = text.replace(/[\s\-().]/g, '');
	const hint = E164.test(digitsOnly)
		? ' (remove the spaces, dashes and brackets)'
		: /^[1-9]\d{1,14}$/.test(digitsOnly)
			? ' (add + and the country code)'
			: '';
	throw invalidField(
		node,
		itemIndex,
		field,
		`must be an E.164 phone number: + and the country code, at most 15 digits, nothing else (such as +12025551234), got ${preview(text)}${hint}`,
	);
}

/**
 * A US ZIP code (API field `address.zip`): `12345` or `12345-1234`. A 5-digit number is accepted
 * (a spreadsheet cell); a shorter one lost its leading zeros and is rejected with that hint.
 * Blank → `undefined`.
 *
 * @throws NodeOperationError naming the item and the field, with the value.
 */
export function optionalZip(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	if (typeof value === 'number') {
		if (Number.isInteger(value) && value >= 10000 && value <= 99999) return String(value);
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be 5 digits or 5+4 digits (12345 or 12345-1234), but is the number ${String(value)}`,
			Number.isInteger(value) && value >= 0 && value < 10000
				? 'A spreadsheet drops leading zeros (02134 becomes 2134). Format the column as text and map it again.'
				: undefined,
		);
	}
	const text = optionalText(node, itemIndex, field, value);
	if (text === undefined) return undefined;
	if (!ZIP.test(text)) {
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be 5 digits or 5+4 digits (12345 or 12345-1234), got ${preview(text)}`,
		);
	}
	return text;
}

/**
 * The last four digits of the customer's Social Security number (API field `ssnLastFour`,
 * exactly 4 characters): exactly 4 digits, as text or a number. **Sensitive**: a bad value is
 * described by its length and kind of characters only, never shown. Blank → `undefined`.
 *
 * @throws NodeOperationError naming the item and the field, without the value.
 */
export function optionalSsnLastFour(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	if (typeof value === 'number') {
		if (Number.isInteger(value) && value >= 1000 && value <= 9999) return String(value);
		const digits = Number.isInteger(value) && value >= 0 ? String(value).length : undefined;
		throw invalidField(
			node,
			itemIndex,
			field,
			digits !== undefined
				? `must be exactly 4 digits; the number given has ${digits} digit${digits === 1 ? '' : 's'}`
				: 'must be exactly 4 digits; the number given is not a whole number of 4 digits',
			digits !== undefined && digits < 4
				? 'A spreadsheet drops leading zeros (0123 becomes 123). Format the column as text and map it again. The value is sensitive, so it is never shown.'
				: 'The value is sensitive, so it is never shown.',
		);
	}
	if (value !== undefined && value !== null && typeof value !== 'string') {
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be text of exactly 4 digits, but is ${kindOf(value)}`,
			'The value is sensitive, so it is never shown.',
		);
	}
	if (isBlank(value)) return undefined;
	const text = (value as string).trim();
	if (/^\d{4}$/.test(text)) return text;
	const length = [...text].length;
	const nonDigits = /\D/.test(text) ? ' and characters other than digits' : '';
	throw invalidField(
		node,
		itemIndex,
		field,
		`must be exactly 4 digits; the value given has ${length} character${length === 1 ? '' : 's'}${nonDigits}`,
		'The value is sensitive, so it is never shown.',
	);
}

/** Days in `month` (1–12) of `year`, Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * A calendar date written `YYYY-MM-DD` (ISO 8601; API fields `dateOfBirth`,
 * `collections.chargeOffDate`, `collections.firstDelinquencyDate`, format `date`). It must be a
 * real date: `2023-02-29` and `2024-13-01` are rejected. Blank → `undefined`.
 *
 * @param sensitive the field is sensitive (date of birth): a bad value is described by its shape
 *   and length only, never shown.
 * @throws NodeOperationError naming the item and the field.
 */
export function optionalDate(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	sensitive = false,
): string | undefined {
	const hidden = sensitive ? 'The value is sensitive, so it is never shown.' : undefined;
	if (value !== undefined && value !== null && typeof value !== 'string') {
		throw invalidField(node, itemIndex, field, `must be text written YYYY-MM-DD, but is ${kindOf(value)}`, hidden);
	}
	if (isBlank(value)) return undefined;
	const text = (value as string).trim();
	const shown = sensitive ? `the value given has ${[...text].length} characters` : `got ${preview(text)}`;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) {
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be a date written YYYY-MM-DD, such as 1985-03-15; ${shown}`,
			hidden,
		);
	}
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
		throw invalidField(
			node,
			itemIndex,
			field,
			sensitive
				? 'is not a real calendar date (the value given has the YYYY-MM-DD form, but no such month or day)'
				: `is not a real calendar date: ${preview(text)}`,
			hidden,
		);
	}
	return text;
}

/**
 * An amount of money or a rate (API `collections` numbers, `minimum: 0`): a finite number ≥ 0,
 * or text holding one in plain decimal form (`5250.50`, as a CSV cell arrives). Blank →
 * `undefined`.
 *
 * @throws NodeOperationError naming the item and the field, with the value.
 */
export function optionalAmount(node: INode, itemIndex: number, field: string, value: unknown): number | undefined {
	if (isBlank(value)) return undefined;
	let amount: number;
	if (typeof value === 'number') {
		amount = value;
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (!/^-?\d+(\.\d+)?$/.test(text)) {
			throw invalidField(
				node,
				itemIndex,
				field,
				`must be a number of 0 or more written with digits and a decimal point (5250.50), got ${preview(text)}`,
			);
		}
		amount = Number(text);
	} else {
		throw invalidField(node, itemIndex, field, `must be a number of 0 or more, but is ${kindOf(value)}`);
	}
	if (!Number.isFinite(amount)) {
		throw invalidField(node, itemIndex, field, `must be a finite number, got ${String(amount)}`);
	}
	if (amount < 0) throw invalidField(node, itemIndex, field, `must be 0 or more, got ${String(amount)}`);
	return amount;
}

/**
 * A UUID (API IDs such as `clientId`, format `uuid`), trimmed. Blank → `undefined`.
 *
 * @throws NodeOperationError naming the item and the field, with the value.
 */
export function optionalUuid(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	const text = optionalText(node, itemIndex, field, value);
	if (text === undefined) return undefined;
	if (!UUID_PATTERN.test(text)) {
		throw invalidField(node, itemIndex, field, `must be a UUID (8-4-4-4-12 hexadecimal digits), got ${preview(text)}`);
	}
	return text;
}

/**
 * A JSON object (API fields with `additionalProperties`, such as `collections.extensions`): an
 * object, or text holding one (n8n's JSON parameter). Blank, `{}` text or an empty object →
 * `undefined`.
 *
 * @throws NodeOperationError naming the item and the field, for text that is not JSON or JSON
 *   that is not an object.
 */
export function optionalJsonObject(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): IDataObject | undefined {
	if (isBlank(value)) return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value) as unknown;
		} catch {
			// The parser's message quotes the text; say only where to look.
			throw invalidField(
				node,
				itemIndex,
				field,
				'is not valid JSON text',
				'Write a JSON object such as {"branch": "east"}.',
			);
		}
	}
	if (!isRecord(parsed)) {
		throw invalidField(node, itemIndex, field, `must be a JSON object ({ … }), but is ${kindOf(parsed)}`);
	}
	return Object.keys(parsed).length ? parsed : undefined;
}

/**
 * `YYYY-MM-DD`, then `T` (or a space), `HH:MM`, optional `:SS` and fraction, then `Z` or an offset
 * `±HH:MM` / `±HHMM` / `±HH` (ISO 8601 extended form, RFC 3339's profile with its relaxations).
 */
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Milliseconds per minute, for UTC offsets. */
const MINUTE_MS = 60_000;

/**
 * A point in time (API fields `timestamp` of SMS and email imports, format `date-time`): an ISO 8601
 * date-time **with** a time zone, `2024-01-15T10:30:00Z` or `2024-01-15T05:30:00-05:00` (seconds
 * and fraction optional, `T` or a space), a JavaScript `Date`, or a Luxon `DateTime` (what n8n's
 * `{{ $now }}` is). A date-time without `Z` or an offset is rejected: it would depend on the
 * server's time zone. The date and time must exist (`2024-02-30`, `25:00` are rejected).
 * Blank → `undefined`.
 *
 * @returns the same instant in UTC, `toISOString()` form (`2024-01-15T10:30:00.000Z`), which every
 *   `date-time` validator accepts.
 * @throws NodeOperationError naming the item and the field, with the value.
 */
export function optionalDateTime(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	const example = 'such as 2024-01-15T10:30:00Z or 2024-01-15T05:30:00-05:00';
	if (value instanceof Date) {
		if (!Number.isFinite(value.getTime())) throw invalidField(node, itemIndex, field, 'is an invalid date');
		return value.toISOString();
	}
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		// A Luxon DateTime ($now, $today, DateTime.fromISO(...) in an expression): read its ISO form.
		const iso = (value as { toISO: () => unknown }).toISO();
		if (typeof iso !== 'string') throw invalidField(node, itemIndex, field, 'is an invalid date');
		value = iso;
	}
	if (isBlank(value)) return undefined;
	if (typeof value !== 'string') {
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be an ISO 8601 date and time with a time zone, ${example}, but is ${kindOf(value)}`,
		);
	}
	const text = value.trim();
	const match = ISO_DATE_TIME.exec(text);
	if (!match) {
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be an ISO 8601 date and time with a time zone, ${example}, got ${preview(text)}`,
		);
	}
	const [, y, mo, d, h, mi, s, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
	const [year, month, day, hour, minute] = [Number(y), Number(mo), Number(d), Number(h), Number(mi)];
	const second = s === undefined ? 0 : Number(s);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
		throw invalidField(node, itemIndex, field, `is not a real calendar date: ${preview(text)}`);
	}
	if (hour > 23 || minute > 59 || second > 59) {
		throw invalidField(node, itemIndex, field, `is not a real time of day: ${preview(text)}`);
	}
	if (zulu === undefined && sign === undefined) {
		throw invalidField(
			node,
			itemIndex,
			field,
			`has no time zone: ${preview(text)}`,
			'Add Z (UTC) or an offset such as -05:00; without one the time would depend on where it is read.',
		);
	}
	let offsetMinutesTotal = 0;
	if (sign !== undefined) {
		const offsetH = Number(offsetHours);
		const offsetM = offsetMinutes === undefined ? 0 : Number(offsetMinutes);
		if (offsetH > 23 || offsetM > 59) {
			throw invalidField(node, itemIndex, field, `has an impossible UTC offset: ${preview(text)}`);
		}
		offsetMinutesTotal = (sign === '-' ? -1 : 1) * (offsetH * 60 + offsetM);
	}
	const milliseconds = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
	const instant = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offsetMinutesTotal * MINUTE_MS;
	const date = new Date(instant);
	if (!Number.isFinite(instant) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
		throw invalidField(node, itemIndex, field, `is out of range: ${preview(text)}`);
	}
	return date.toISOString();
}

/** Control characters that have no place in a message: all but tab, line feed and carriage return. */
const MESSAGE_CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}/u;

/**
 * The text of a message (an SMS `body`, an email's `plainTextBody` or `htmlBody`): a string, kept
 * exactly as written (line breaks, leading and trailing spaces), or a finite number as its
 * decimal form. Text that is blank (only white space) → `undefined`: the API needs at least one
 * character, and white space alone is no message. Tabs and line breaks are allowed; other
 * control characters are rejected.
 *
 * @throws NodeOperationError naming the item and the field.
 */
export function optionalMessageText(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	if (isBlank(value)) return undefined;
	let text: string;
	if (typeof value === 'string') text = value;
	else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
	else throw invalidField(node, itemIndex, field, `must be text, but is ${kindOf(value)}`);
	const control = MESSAGE_CONTROL_CHARACTER.exec(text);
	if (control) {
		const code = `\\u${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`;
		throw invalidField(
			node,
			itemIndex,
			field,
			`contains a control character (${code}) at position ${control.index + 1}`,
			'Only tabs and line breaks are allowed in a message.',
		);
	}
	return text;
}

/**
 * A list of email addresses (API fields `to`, `cc`, `bcc` of an email import): a list of text, or
 * one text with the addresses separated by commas or semicolons (`a@example.com, b@example.com`).
 * Each entry is trimmed and must be an email address as {@link optionalEmail} checks it (only the
 * address: `Jane <jane@example.com>` is rejected with that hint); empty entries are dropped.
 * No entry → `undefined`.
 *
 * @throws NodeOperationError naming the item, the field and the entry (1-based).
 */
export function optionalEmailList(node: INode, itemIndex: number, field: string, value: unknown): string[] | undefined {
	if (isBlank(value)) return undefined;
	let entries: unknown[];
	if (Array.isArray(value)) entries = value;
	else if (typeof value === 'string') entries = value.split(/[,;]/);
	else {
		throw invalidField(
			node,
			itemIndex,
			field,
			`must be email addresses separated by commas, or a list of them, but is ${kindOf(value)}`,
		);
	}
	const addresses: string[] = [];
	entries.forEach((entry, position) => {
		if (isBlank(entry)) return;
		if (typeof entry !== 'string') {
			throw invalidField(node, itemIndex, field, `entry ${position + 1} must be text, but is ${kindOf(entry)}`);
		}
		const text = entry.trim();
		if (text.length > 254 || !EMAIL.test(text) || CONTROL_CHARACTER.test(text)) {
			throw invalidField(
				node,
				itemIndex,
				field,
				`entry ${position + 1} is not an email address such as name@example.com: ${preview(text)}`,
				/[<>]/.test(text)
					? 'Write the address only, without a name or angle brackets (jane@example.com, not Jane <jane@example.com>).'
					: 'Separate several addresses with commas.',
			);
		}
		addresses.push(text);
	});
	return addresses.length ? addresses : undefined;
}

/**
 * A yes/no field (API booleans such as `persist`, `applyOutcomes`): `true` or `false`, or the text
 * `true` / `false` (any case, as an expression or a sheet may give it). Blank → `fallback` (the
 * API document's default).
 *
 * @throws NodeOperationError naming the item and the field, with the value.
 */
export function optionalBoolean(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	fallback: boolean,
): boolean {
	if (typeof value === 'boolean') return value;
	if (isBlank(value)) return fallback;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (text === 'true') return true;
		if (text === 'false') return false;
		throw invalidField(node, itemIndex, field, `must be true or false, got ${preview(value.trim())}`);
	}
	throw invalidField(node, itemIndex, field, `must be true or false, but is ${kindOf(value)}`);
}

/**
 * A whole number of 1 or more (API integers with `minimum: 1`, such as an SMS's `segments`): a
 * number, or text holding one (`3`). Blank → `undefined`.
 *
 * @throws NodeOperationError naming the item and the field, with the value.
 */
export function optionalPositiveInteger(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): number | undefined {
	if (isBlank(value)) return undefined;
	let number: number;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) number = Number(value.trim());
	else if (typeof value === 'string') {
		throw invalidField(node, itemIndex, field, `must be a whole number of 1 or more, got ${preview(value.trim())}`);
	} else throw invalidField(node, itemIndex, field, `must be a whole number of 1 or more, but is ${kindOf(value)}`);
	if (!Number.isSafeInteger(number) || number < 1) {
		throw invalidField(node, itemIndex, field, `must be a whole number of 1 or more, got ${String(number)}`);
	}
	return number;
}

/**
 * One of a fixed set of values (API enums such as `direction`: `inbound`, `outbound`), trimmed
 * and compared without case; returned as the set writes it.
 *
 * @returns the value, or `undefined` when blank.
 * @throws NodeOperationError naming the item, the field, the value and the allowed values.
 */
export function optionalChoice<T extends string>(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	choices: readonly T[],
): T | undefined {
	if (isBlank(value)) return undefined;
	const text = typeof value === 'string' ? value.trim() : undefined;
	const found = text === undefined ? undefined : choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
	if (found !== undefined) return found;
	throw invalidField(
		node,
		itemIndex,
		field,
		`must be ${choices.map((choice) => `"${choice}"`).join(' or ')}, ${text === undefined ? `but is ${kindOf(value)}` : `got ${preview(text)}`}`,
	);
}
