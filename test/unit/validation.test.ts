// Covers helpers/validation.ts: coerceIdentifier (ID coercion and rejection), customerIdPathSegment
// (one encoded path segment, '.'/'..' rejected) and validateWebhook (http(s) URL, UUID secret).
import { NodeOperationError } from 'n8n-workflow';

import {
	coerceIdentifier,
	customerIdPathSegment,
	MAX_ID_LENGTH,
	validateWebhook,
} from '../../nodes/Veritus/helpers/validation';
import { fakeNode } from './fakes';

const node = fakeNode('validation-node');

/** Runs `fn`, expects a NodeOperationError, and returns it. */
function rejection(fn: () => unknown): NodeOperationError {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(NodeOperationError);
	return caught as NodeOperationError;
}

describe('coerceIdentifier', () => {
	test.each<[string, unknown, string]>([
		['plain string', 'cust-42', 'cust-42'],
		['string with surrounding spaces', '  abc ', 'abc'],
		['string with surrounding tabs and newlines', '\t\nabc\r\n', 'abc'],
		['safe integer', 100231, '100231'],
		['zero', 0, '0'],
		['negative integer', -7, '-7'],
		['largest safe integer', Number.MAX_SAFE_INTEGER, '9007199254740991'],
		['bigint keeps every digit', BigInt('12345678901234567890'), '12345678901234567890'],
		['unicode', 'Zoë', 'Zoë'],
		['emoji', 'cust-📞', 'cust-📞'],
		['exactly the length limit', 'x'.repeat(MAX_ID_LENGTH), 'x'.repeat(MAX_ID_LENGTH)],
	])('accepts %s', (_name, value, expected) => {
		expect(coerceIdentifier(node, 0, 'Customer ID', value)).toBe(expected);
	});

	test.each<[string, unknown, string]>([
		['undefined', undefined, 'is missing'],
		['null', null, 'is missing'],
		['empty string', '', 'is empty'],
		['whitespace only', '   \t ', 'is empty'],
		['NaN', NaN, 'is not a valid number (NaN)'],
		['Infinity', Infinity, 'is not a valid number (Infinity)'],
		['-Infinity', -Infinity, 'is not a valid number (-Infinity)'],
		['non-integer number', 1.5, 'is the number 1.5, which cannot be an exact ID'],
		['unsafe integer', 12345678901234567890, 'is the number 12345678901234567000, which cannot be an exact ID'],
		['boolean', true, 'must be text or a number, but is a boolean'],
		['object', { id: 1 }, 'must be text or a number, but is an object'],
		['array', ['100231'], 'must be text or a number, but is a list'],
		['function', () => 'x', 'must be text or a number, but is a function'],
		['symbol', Symbol('x'), 'must be text or a number, but is a symbol'],
		['one character over the limit', 'x'.repeat(MAX_ID_LENGTH + 1), 'is 257 characters long; the limit is 256'],
		['NUL inside', 'ab\u0000c', 'contains a control character: "ab\\u0000c"'],
		['tab inside', 'ab\tc', 'contains a control character: "ab\\u0009c"'],
		['newline inside', 'ab\nc', 'contains a control character: "ab\\u000ac"'],
		// JSON.stringify leaves U+007F unescaped, so the message carries the raw DEL character.
		['DEL inside', 'ab\u007fc', 'contains a control character: "ab\\u007fc"'],
	])('rejects %s', (_name, value, problem) => {
		const error = rejection(() => coerceIdentifier(node, 4, 'Agent ID', value));
		expect(error.message).toBe(`[item 4] Agent ID ${problem}`);
		expect(error.context.itemIndex).toBe(4);
		expect(error.node).toBe(node);
	});

	test('a missing value tells the user to map the field', () => {
		const error = rejection(() => coerceIdentifier(node, 0, 'Customer ID', undefined));
		expect(error.description).toBe('Map a value to Customer ID.');
	});

	test('an unsafe number explains the spreadsheet rounding', () => {
		const error = rejection(() => coerceIdentifier(node, 0, 'Customer ID', 2 ** 60));
		expect(error.description).toMatch(/Format the column as text/);
	});

	test('a long value with a control character is shown shortened', () => {
		const value = `${'a'.repeat(50)}\u0000`;
		const error = rejection(() => coerceIdentifier(node, 1, 'Customer ID', value));
		expect(error.message).toBe(`[item 1] Customer ID contains a control character: "${'a'.repeat(37)}..."`);
	});
});

describe('customerIdPathSegment', () => {
	test.each<[string, string]>([
		['100231', '100231'],
		['a/b', 'a%2Fb'],
		['../x', '..%2Fx'],
		['a?b', 'a%3Fb'],
		['a#b', 'a%23b'],
		['%2F', '%252F'],
		['a b', 'a%20b'],
		['Zoë', 'Zo%C3%AB'],
		['📞', '%F0%9F%93%9E'],
		['...', '...'],
		['.hidden', '.hidden'],
		['a.b', 'a.b'],
	])('encodes %j as %j', (customerId, segment) => {
		expect(customerIdPathSegment(node, 0, customerId)).toBe(segment);
	});

	test.each(['.', '..'])('rejects the dot segment %j', (customerId) => {
		const error = rejection(() => customerIdPathSegment(node, 2, customerId));
		expect(error.message).toBe(`[item 2] Customer ID cannot be ${JSON.stringify(customerId)}`);
		expect(error.context.itemIndex).toBe(2);
	});
});

describe('validateWebhook', () => {
	const secretId = '3c90c3cc-0d44-4b50-8888-8dd25736052a';

	test.each<[string, unknown]>([
		['undefined', undefined],
		['null', null],
		['an empty collection', {}],
		['blank fields', { url: '  ', secretId: '' }],
		['null fields', { url: null, secretId: null }],
	])('returns undefined for %s', (_name, raw) => {
		expect(validateWebhook(node, 0, raw)).toBeUndefined();
	});

	test('keeps a URL and a UUID secret, trimmed', () => {
		expect(
			validateWebhook(node, 0, { url: ' https://example.com/veritus/call-updates ', secretId: ` ${secretId}\n` }),
		).toEqual({
			url: 'https://example.com/veritus/call-updates',
			secretId,
		});
	});

	test('accepts an http URL with a port and query, and an upper-case UUID', () => {
		expect(
			validateWebhook(node, 0, { url: 'http://127.0.0.1:5678/webhook/abc?x=1', secretId: secretId.toUpperCase() }),
		).toEqual({
			url: 'http://127.0.0.1:5678/webhook/abc?x=1',
			secretId: secretId.toUpperCase(),
		});
	});

	test.each<[string, unknown, string]>([
		['a string', 'https://example.com', '[item 5] Webhook must be an object with URL and Secret ID'],
		['an array', [{ url: 'https://example.com' }], '[item 5] Webhook must be an object with URL and Secret ID'],
		['a number', 5, '[item 5] Webhook must be an object with URL and Secret ID'],
		['a URL that is a number', { url: 42 }, '[item 5] Webhook URL must be text, but is number'],
		['a URL that is a list', { url: ['https://example.com'] }, '[item 5] Webhook URL must be text, but is a list'],
		[
			'a relative URL',
			{ url: '/hook' },
			'[item 5] Webhook URL must be an absolute http(s) URL with a host, got "/hook"',
		],
		[
			'a URL without scheme',
			{ url: 'example.com/hook' },
			'[item 5] Webhook URL must be an absolute http(s) URL with a host, got "example.com/hook"',
		],
		[
			'a scheme without host',
			{ url: 'http://' },
			'[item 5] Webhook URL must be an absolute http(s) URL with a host, got "http://"',
		],
		[
			'a javascript: URL',
			{ url: 'javascript:alert(1)' },
			'[item 5] Webhook URL must use http or https, not "javascript"',
		],
		['an ftp URL', { url: 'ftp://example.com/x' }, '[item 5] Webhook URL must use http or https, not "ftp"'],
		['a mailto URL', { url: 'mailto:x@y.z' }, '[item 5] Webhook URL must use http or https, not "mailto"'],
		[
			'a URL with a space',
			{ url: 'https://example.com/a b' },
			'[item 5] Webhook URL contains spaces: "https://example.com/a b"',
		],
		[
			'a URL with a tab',
			{ url: 'https://exa\tmple.com/' },
			'[item 5] Webhook URL contains spaces: "https://exa\\u0009mple.com/"',
		],
		[
			'a secret that is a number',
			{ url: 'https://example.com', secretId: 123 },
			'[item 5] Webhook Secret ID must be text, but is number',
		],
		['a secret without a URL', { secretId }, '[item 5] Webhook URL is required when a Webhook Secret ID is set'],
		[
			'a secret with a blank URL',
			{ url: ' ', secretId },
			'[item 5] Webhook URL is required when a Webhook Secret ID is set',
		],
		[
			'a URL without a secret',
			{ url: 'https://example.com/hook' },
			'[item 5] Webhook Secret ID is required when a Webhook URL is set',
		],
		[
			'a URL with a blank secret',
			{ url: 'https://example.com/hook', secretId: '  ' },
			'[item 5] Webhook Secret ID is required when a Webhook URL is set',
		],
	])('rejects %s', (_name, raw, message) => {
		const error = rejection(() => validateWebhook(node, 5, raw));
		expect(error.message).toBe(message);
		expect(error.context.itemIndex).toBe(5);
	});

	test.each<[string, string]>([
		['too short', '3c90c3cc-0d44-4b50-8888-8dd25736052'],
		['braces', `{${secretId}}`],
		['missing dashes', secretId.replace(/-/g, '')],
		['non-hex letter', 'g' + secretId.slice(1)],
		['trailing garbage', `${secretId}x`],
		['not a UUID at all', 'my-secret'],
	])('rejects a secret in the wrong form: %s', (_name, bad) => {
		const error = rejection(() => validateWebhook(node, 1, { url: 'https://example.com/hook', secretId: bad }));
		expect(error.message).toBe(
			`[item 1] Webhook Secret ID must be a UUID (8-4-4-4-12 hexadecimal digits, 36 characters); the value given has ${bad.length} characters`,
		);
	});

	test.each<[string, string]>([
		['a near-UUID', '3c90c3cc-0d44-4b50-8888-8dd25736052'],
		['a plain word', 'hunter2-secret'],
		['a long value', 'x'.repeat(300)],
		['a value with a control character', 'sec\u0000ret'],
	])('a bad Secret ID (a password field) appears in no part of the error: %s', (_name, bad) => {
		const error = rejection(() => validateWebhook(node, 2, { url: 'https://example.com/hook', secretId: bad }));
		const everything = JSON.stringify({
			message: error.message,
			description: error.description,
			context: error.context,
			stack: error.stack,
		});
		expect(error.message).toMatch(/^\[item 2\] Webhook Secret ID must be a UUID/);
		expect(everything).not.toContain(bad);
		// Not even a prefix long enough to recognise it.
		expect(everything).not.toContain(bad.slice(0, 8));
	});
});
