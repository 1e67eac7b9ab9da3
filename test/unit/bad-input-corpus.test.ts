// Covers Call → Create `prepare` (actions/call/item.ts) with a table of bad and odd values, one bad
// value in one field per row: rejected rows must throw a NodeOperationError naming the item and the
// field; coerced rows must give the exact customer ID, agent ID, URL path and request body.
import { NodeOperationError } from 'n8n-workflow';

import { prepare, type PreparedCall } from '../../nodes/Veritus/actions/call/item';
import type { WebhookBody } from '../../nodes/Veritus/helpers/validation';
import { fakeNode, fakePrepareContext, type ParameterOverride } from './fakes';

const UUID = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const TEN_KB = 'x'.repeat(10 * 1024);
const UNRESOLVABLE = () => new Error('Cannot read properties of undefined');

type Field = 'customerId' | 'agentId' | 'webhook';

interface RejectCase {
	name: string;
	field: Field;
	value?: unknown;
	/** Error thrown by getNodeParameter (a failing expression) instead of returning a value. */
	throws?: () => Error;
	item: number;
	/** Label the message must name, and the problem that follows it. */
	rejects: { label: string; problem: string };
}

interface AcceptCase {
	name: string;
	field: Field;
	value: unknown;
	item: number;
	/** The parts of the prepared call that differ from the valid defaults. */
	gives: { customerId?: string; agentId?: string; path?: string; webhook?: WebhookBody };
}

type Case = RejectCase | AcceptCase;

// prettier-ignore
const CASES: Case[] = [
	// ── Customer ID: rejected ───────────────────────────────────────────────────────────────────────
	{ name: 'customerId empty',                field: 'customerId', value: '',                    item: 3,  rejects: { label: 'Customer ID', problem: 'is empty' } },
	{ name: 'customerId whitespace only',      field: 'customerId', value: ' \t  ',               item: 3,  rejects: { label: 'Customer ID', problem: 'is empty' } },
	{ name: 'customerId null',                 field: 'customerId', value: null,                  item: 3,  rejects: { label: 'Customer ID', problem: 'is missing' } },
	{ name: 'customerId undefined',            field: 'customerId', value: undefined,             item: 3,  rejects: { label: 'Customer ID', problem: 'is missing' } },
	{ name: 'customerId object',               field: 'customerId', value: { id: '100231' },      item: 3,  rejects: { label: 'Customer ID', problem: 'must be text or a number, but is an object' } },
	{ name: 'customerId array',                field: 'customerId', value: ['100231'],            item: 3,  rejects: { label: 'Customer ID', problem: 'must be text or a number, but is a list' } },
	{ name: 'customerId boolean',              field: 'customerId', value: false,                 item: 3,  rejects: { label: 'Customer ID', problem: 'must be text or a number, but is a boolean' } },
	{ name: 'customerId NaN',                  field: 'customerId', value: NaN,                   item: 3,  rejects: { label: 'Customer ID', problem: 'is not a valid number (NaN)' } },
	{ name: 'customerId Infinity',             field: 'customerId', value: Infinity,              item: 3,  rejects: { label: 'Customer ID', problem: 'is not a valid number (Infinity)' } },
	{ name: 'customerId non-safe integer',     field: 'customerId', value: 12345678901234567890,  item: 3,  rejects: { label: 'Customer ID', problem: 'is the number 12345678901234567000, which cannot be an exact ID' } },
	{ name: 'customerId 10 KB string',         field: 'customerId', value: TEN_KB,                item: 3,  rejects: { label: 'Customer ID', problem: 'is 10240 characters long; the limit is 256' } },
	{ name: 'customerId exactly ".."',         field: 'customerId', value: '..',                  item: 3,  rejects: { label: 'Customer ID', problem: 'cannot be ".."' } },
	{ name: 'customerId exactly "."',          field: 'customerId', value: '.',                   item: 3,  rejects: { label: 'Customer ID', problem: 'cannot be "."' } },
	{ name: 'customerId ".." with spaces',     field: 'customerId', value: '  ..  ',              item: 3,  rejects: { label: 'Customer ID', problem: 'cannot be ".."' } },
	{ name: 'customerId NUL inside',           field: 'customerId', value: '1002\u000031',        item: 3,  rejects: { label: 'Customer ID', problem: 'contains a control character: "1002\\u000031"' } },
	{ name: 'customerId newline inside',       field: 'customerId', value: '1002\n31',            item: 3,  rejects: { label: 'Customer ID', problem: 'contains a control character: "1002\\u000a31"' } },
	{ name: 'customerId tab inside',           field: 'customerId', value: '1002\t31',            item: 3,  rejects: { label: 'Customer ID', problem: 'contains a control character: "1002\\u000931"' } },
	{ name: 'customerId DEL inside',           field: 'customerId', value: '1002\u007f31',        item: 3,  rejects: { label: 'Customer ID', problem: 'contains a control character: "1002\\u007f31"' } },
	{ name: 'customerId expression throws',    field: 'customerId', throws: UNRESOLVABLE,          item: 3,  rejects: { label: 'Customer ID', problem: 'could not be resolved: Cannot read properties of undefined' } },

	// ── Customer ID: coerced ────────────────────────────────────────────────────────────────────────
	{ name: 'customerId number',               field: 'customerId', value: 100231,                item: 3,  gives: { customerId: '100231', path: '/customers/100231/calls' } },
	{ name: 'customerId leading/trailing spaces', field: 'customerId', value: '  abc ',           item: 3,  gives: { customerId: 'abc', path: '/customers/abc/calls' } },
	{ name: 'customerId non-breaking spaces',  field: 'customerId', value: '\u00a0100231\u00a0',  item: 3,  gives: { customerId: '100231', path: '/customers/100231/calls' } },
	{ name: 'customerId containing "/"',       field: 'customerId', value: 'a/b',                 item: 3,  gives: { customerId: 'a/b', path: '/customers/a%2Fb/calls' } },
	{ name: 'customerId starting "../"',       field: 'customerId', value: '../x',                item: 3,  gives: { customerId: '../x', path: '/customers/..%2Fx/calls' } },
	{ name: 'customerId containing ".."',      field: 'customerId', value: 'a..b',                item: 3,  gives: { customerId: 'a..b', path: '/customers/a..b/calls' } },
	{ name: 'customerId containing "?"',       field: 'customerId', value: '100?x=1',             item: 3,  gives: { customerId: '100?x=1', path: '/customers/100%3Fx%3D1/calls' } },
	{ name: 'customerId exactly "?"',          field: 'customerId', value: '?',                   item: 3,  gives: { customerId: '?', path: '/customers/%3F/calls' } },
	{ name: 'customerId exactly "#"',          field: 'customerId', value: '#',                   item: 3,  gives: { customerId: '#', path: '/customers/%23/calls' } },
	{ name: 'customerId "%2F"',                field: 'customerId', value: '%2F',                 item: 3,  gives: { customerId: '%2F', path: '/customers/%252F/calls' } },
	{ name: 'customerId unicode',              field: 'customerId', value: 'Zoë',                 item: 3,  gives: { customerId: 'Zoë', path: `/customers/${encodeURIComponent('Zoë')}/calls` } },
	{ name: 'customerId emoji',                field: 'customerId', value: 'cust-📞',             item: 3,  gives: { customerId: 'cust-📞', path: '/customers/cust-%F0%9F%93%9E/calls' } },

	// ── Agent ID: rejected ──────────────────────────────────────────────────────────────────────────
	{ name: 'agentId empty',                   field: 'agentId', value: '',                       item: 3,  rejects: { label: 'Agent ID', problem: 'is empty' } },
	{ name: 'agentId whitespace only',         field: 'agentId', value: '\n  ',                   item: 3,  rejects: { label: 'Agent ID', problem: 'is empty' } },
	{ name: 'agentId null',                    field: 'agentId', value: null,                     item: 3,  rejects: { label: 'Agent ID', problem: 'is missing' } },
	{ name: 'agentId undefined',               field: 'agentId', value: undefined,                item: 0,  rejects: { label: 'Agent ID', problem: 'is missing' } },
	{ name: 'agentId object',                  field: 'agentId', value: {},                       item: 3,  rejects: { label: 'Agent ID', problem: 'must be text or a number, but is an object' } },
	{ name: 'agentId array',                   field: 'agentId', value: [],                       item: 3,  rejects: { label: 'Agent ID', problem: 'must be text or a number, but is a list' } },
	{ name: 'agentId boolean',                 field: 'agentId', value: true,                     item: 3,  rejects: { label: 'Agent ID', problem: 'must be text or a number, but is a boolean' } },
	{ name: 'agentId NaN',                     field: 'agentId', value: NaN,                      item: 3,  rejects: { label: 'Agent ID', problem: 'is not a valid number (NaN)' } },
	{ name: 'agentId -Infinity',               field: 'agentId', value: -Infinity,                item: 3,  rejects: { label: 'Agent ID', problem: 'is not a valid number (-Infinity)' } },
	{ name: 'agentId non-safe integer',        field: 'agentId', value: 2 ** 53 + 2,              item: 3,  rejects: { label: 'Agent ID', problem: 'is the number 9007199254740994, which cannot be an exact ID' } },
	{ name: 'agentId 10 KB string',            field: 'agentId', value: TEN_KB,                   item: 3,  rejects: { label: 'Agent ID', problem: 'is 10240 characters long; the limit is 256' } },
	{ name: 'agentId NUL inside',              field: 'agentId', value: 'agent\u0000x',           item: 3,  rejects: { label: 'Agent ID', problem: 'contains a control character: "agent\\u0000x"' } },
	{ name: 'agentId newline inside',          field: 'agentId', value: 'agent\nx',               item: 3,  rejects: { label: 'Agent ID', problem: 'contains a control character: "agent\\u000ax"' } },
	{ name: 'agentId tab inside',              field: 'agentId', value: 'agent\tx',               item: 3,  rejects: { label: 'Agent ID', problem: 'contains a control character: "agent\\u0009x"' } },
	{ name: 'agentId DEL inside',              field: 'agentId', value: 'agent\u007fx',           item: 3,  rejects: { label: 'Agent ID', problem: 'contains a control character: "agent\\u007fx"' } },
	{ name: 'agentId expression throws',       field: 'agentId', throws: UNRESOLVABLE,             item: 17, rejects: { label: 'Agent ID', problem: 'could not be resolved: Cannot read properties of undefined' } },

	// ── Agent ID: coerced (the agent ID goes in the JSON body, so reserved characters stay as-is) ──
	{ name: 'agentId containing "/"',          field: 'agentId', value: 'agent/1',                item: 3,  gives: { agentId: 'agent/1' } },
	{ name: 'agentId leading/trailing spaces', field: 'agentId', value: '  agent-collections-01 ', item: 3, gives: { agentId: 'agent-collections-01' } },
	{ name: 'agentId number',                  field: 'agentId', value: 7,                        item: 3,  gives: { agentId: '7' } },
	{ name: 'agentId exactly ".."',            field: 'agentId', value: '..',                     item: 3,  gives: { agentId: '..' } },
	{ name: 'agentId "?", "#" and "%2F"',      field: 'agentId', value: 'a?b#c%2F',               item: 3,  gives: { agentId: 'a?b#c%2F' } },
	{ name: 'agentId unicode and emoji',       field: 'agentId', value: 'Zoë-📞',                 item: 3,  gives: { agentId: 'Zoë-📞' } },

	// ── Webhook: rejected ───────────────────────────────────────────────────────────────────────────
	{ name: 'webhook not an object',           field: 'webhook', value: 'https://example.com/hook', item: 3, rejects: { label: 'Webhook', problem: 'must be an object with URL and Secret ID' } },
	{ name: 'webhook URL relative',            field: 'webhook', value: { url: '/hook' },         item: 3,  rejects: { label: 'Webhook URL', problem: 'must be an absolute http(s) URL with a host, got "/hook"' } },
	{ name: 'webhook URL javascript:',         field: 'webhook', value: { url: 'javascript:alert(1)' }, item: 3, rejects: { label: 'Webhook URL', problem: 'must use http or https, not "javascript"' } },
	{ name: 'webhook URL ftp',                 field: 'webhook', value: { url: 'ftp://example.com/x' }, item: 3, rejects: { label: 'Webhook URL', problem: 'must use http or https, not "ftp"' } },
	{ name: 'webhook URL without host',        field: 'webhook', value: { url: 'http://' },       item: 3,  rejects: { label: 'Webhook URL', problem: 'must be an absolute http(s) URL with a host, got "http://"' } },
	{ name: 'webhook URL with spaces',         field: 'webhook', value: { url: 'https://example.com/my hook' }, item: 3, rejects: { label: 'Webhook URL', problem: 'contains spaces: "https://example.com/my hook"' } },
	{ name: 'webhook URL with backslashes',    field: 'webhook', value: { url: 'http:\\\\example.com\\hook', secretId: UUID }, item: 3, rejects: { label: 'Webhook URL', problem: 'contains a control character or a backslash: "http:\\\\example.com\\hook"' } },
	{ name: 'webhook URL "https:host" (no //)', field: 'webhook', value: { url: 'https:example.com', secretId: UUID }, item: 3, rejects: { label: 'Webhook URL', problem: 'must be an absolute http(s) URL with a host, got "https:example.com"' } },
	{ name: 'webhook URL "http:///path"',      field: 'webhook', value: { url: 'http:///hook', secretId: UUID }, item: 3, rejects: { label: 'Webhook URL', problem: 'must be an absolute http(s) URL with a host, got "http:///hook"' } },
	{ name: 'webhook URL with a NUL',          field: 'webhook', value: { url: 'http://example.com/\u0000x', secretId: UUID }, item: 3, rejects: { label: 'Webhook URL', problem: 'contains a control character or a backslash: "http://example.com/\\u0000x"' } },
	{ name: 'customerId C1 control (U+0085)',  field: 'customerId', value: '100\u008531',    item: 3,  rejects: { label: 'Customer ID', problem: 'contains a control character: "100\\u008531"' } },
	{ name: 'webhook URL mailto:',             field: 'webhook', value: { url: 'mailto:x@y.z' },  item: 3,  rejects: { label: 'Webhook URL', problem: 'must use http or https, not "mailto"' } },
	{ name: 'webhook URL a number',            field: 'webhook', value: { url: 8080 },            item: 3,  rejects: { label: 'Webhook URL', problem: 'must be text, but is number' } },
	{ name: 'webhook secret too short',        field: 'webhook', value: { url: 'https://example.com/hook', secretId: UUID.slice(0, -1) }, item: 3, rejects: { label: 'Webhook Secret ID', problem: 'must be a UUID (8-4-4-4-12 hexadecimal digits, 36 characters); the value given has 35 characters' } },
	{ name: 'webhook secret in braces',        field: 'webhook', value: { url: 'https://example.com/hook', secretId: `{${UUID}}` }, item: 3, rejects: { label: 'Webhook Secret ID', problem: 'must be a UUID (8-4-4-4-12 hexadecimal digits, 36 characters); the value given has 38 characters' } },
	{ name: 'webhook secret without dashes',   field: 'webhook', value: { url: 'https://example.com/hook', secretId: UUID.replace(/-/g, '') }, item: 3, rejects: { label: 'Webhook Secret ID', problem: 'must be a UUID (8-4-4-4-12 hexadecimal digits, 36 characters); the value given has 32 characters' } },
	{ name: 'webhook secret non-hex "g"',      field: 'webhook', value: { url: 'https://example.com/hook', secretId: `g${UUID.slice(1)}` }, item: 3, rejects: { label: 'Webhook Secret ID', problem: 'must be a UUID (8-4-4-4-12 hexadecimal digits, 36 characters); the value given has 36 characters' } },
	{ name: 'webhook secret trailing garbage', field: 'webhook', value: { url: 'https://example.com/hook', secretId: `${UUID}-ff` }, item: 3, rejects: { label: 'Webhook Secret ID', problem: 'must be a UUID (8-4-4-4-12 hexadecimal digits, 36 characters); the value given has 39 characters' } },
	{ name: 'webhook secret without a URL',    field: 'webhook', value: { secretId: UUID },       item: 3,  rejects: { label: 'Webhook URL', problem: 'is required when a Webhook Secret ID is set' } },
	{ name: 'webhook URL without a secret',    field: 'webhook', value: { url: 'https://example.com/hook' }, item: 3, rejects: { label: 'Webhook Secret ID', problem: 'is required when a Webhook URL is set' } },
	{ name: 'webhook expression throws',       field: 'webhook', throws: UNRESOLVABLE,             item: 3,  rejects: { label: 'Webhook', problem: 'could not be resolved: Cannot read properties of undefined' } },

	// ── Webhook: accepted ───────────────────────────────────────────────────────────────────────────
	{ name: 'webhook URL and secret, padded',  field: 'webhook', value: { url: ' https://example.com/hook ', secretId: ` ${UUID} ` }, item: 3, gives: { webhook: { url: 'https://example.com/hook', secretId: UUID } } },
	{ name: 'webhook blank fields',            field: 'webhook', value: { url: '', secretId: '  ' }, item: 3, gives: {} },
];

function isReject(c: Case): c is RejectCase {
	return 'rejects' in c;
}

function override(c: Case): ParameterOverride {
	if ('throws' in c && c.throws) return { field: c.field, throws: c.throws() };
	return { field: c.field, value: c.value };
}

test('the corpus has at least 45 cases, one per name', () => {
	expect(CASES.length).toBeGreaterThanOrEqual(45);
	expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

describe('rejected', () => {
	test.each(CASES.filter(isReject).map((c) => [c.name, c] as const))('%s', (_name, c) => {
		const node = fakeNode();
		const ctx = fakePrepareContext(override(c), node);
		let caught: unknown;
		try {
			prepare.call(ctx, c.item);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(NodeOperationError);
		const error = caught as NodeOperationError;
		expect(error.message).toContain(`[item ${c.item}]`);
		expect(error.message).toContain(c.rejects.label);
		expect(error.message).toContain(c.rejects.problem);
		expect(error.message).toBe(`[item ${c.item}] ${c.rejects.label} ${c.rejects.problem}`);
		expect(error.context.itemIndex).toBe(c.item);
		expect(error.node).toBe(node);
	});
});

describe('coerced', () => {
	test.each(CASES.filter((c): c is AcceptCase => !isReject(c)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
		const reads: Array<{ name: string; itemIndex: number }> = [];
		const ctx = fakePrepareContext(override(c), fakeNode(), reads);
		const customerId = c.gives.customerId ?? '100231';
		const agentId = c.gives.agentId ?? 'agent-collections-01';
		const expected: PreparedCall = {
			itemIndex: c.item,
			customerId,
			agentId,
			path: c.gives.path ?? '/customers/100231/calls',
			body: c.gives.webhook ? { agentId, webhook: c.gives.webhook } : { agentId },
			dedupeKey: customerId,
			placementKey: '',
		};
		const prepared = prepare.call(ctx, c.item);
		expect(prepared).toEqual(expected);
		if (!c.gives.webhook) expect(Object.keys(prepared.body)).toEqual(['agentId']);
		// The JSON body carries the agent ID exactly as coerced, with no percent-encoding.
		expect(JSON.parse(JSON.stringify(prepared.body)).agentId).toBe(agentId);
		// Every parameter was read for the item being prepared.
		expect(reads.map((r) => r.name).sort()).toEqual(['agentId', 'customerId', 'webhook']);
		expect(reads.every((r) => r.itemIndex === c.item)).toBe(true);
	});
});
