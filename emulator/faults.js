'use strict';

/**
 * Fault injection for the API routes.
 *
 * A fault rule is `{ type, rate?, operation?, customerId?, times?, ...params }`. For each API
 * request the rules are evaluated in order: a rule matches when its `operation` filter (if any)
 * names the request's operation, its `customerId` filter (if any) matches the request's customer
 * (the decoded path ID, or one of Create Calls in Bulk's `customerIds`), it has been applied fewer
 * than `times` times (if set), and a draw of the seeded generator falls under `rate` (default 1:
 * always). `latency` rules add their delay and evaluation goes on; the first other matching rule
 * wins and the rest are skipped.
 *
 * Faults sit in front of the API, like a gateway: rules are evaluated before authentication.
 * Each type says below whether a call is placed.
 */

const Ajv2020 = require('ajv/dist/2020');

/**
 * How each fault type acts.
 * - `stage: 'delay'`: waits, then the request is processed as normal.
 * - `stage: 'replace'`: answers in place of the API; the API does not run and NO call is placed
 *   (except `malformed-json` and `empty-body` with `place: true`).
 * - `stage: 'after'`: the API runs as normal (so a valid, compliant request IS placed), then its
 *   answer is altered.
 * `keepsContract`: whether the answer still matches the contract. Answers shaped by a fault are
 * exempt from the provider check (they stand for a gateway or an outage), except `drop-field`,
 * which exists to show that the check catches a broken answer.
 * @type {Readonly<Record<string, { stage: 'delay' | 'replace' | 'after', keepsContract: boolean, summary: string }>>}
 */
const FAULT_TYPES = Object.freeze({
	latency: {
		stage: 'delay',
		keepsContract: true,
		summary: 'wait {ms} or a seeded draw in [minMs, maxMs], then answer as normal; placed as normal',
	},
	status: {
		stage: 'replace',
		keepsContract: true,
		summary:
			'answer {status} (429, 500, 502, 503) with a JSON, HTML or empty body, Retry-After when {retryAfter} is set; not placed',
	},
	'reset-before': {
		stage: 'replace',
		keepsContract: true,
		summary: 'destroy the connection without answering; not placed',
	},
	'reset-after': {
		stage: 'after',
		keepsContract: true,
		summary: 'process as normal (placed if valid and compliant), then destroy the connection without answering',
	},
	timeout: {
		stage: 'after',
		keepsContract: true,
		summary:
			'process as normal (placed if valid and compliant), then hold the answer {ms} (default 30000) before sending it',
	},
	'malformed-json': {
		stage: 'replace',
		keepsContract: false,
		summary: '200 with a truncated JSON body; not placed unless {place: true}',
	},
	html: {
		stage: 'replace',
		keepsContract: false,
		summary: '502 with an HTML error page, as a gateway would; not placed',
	},
	'empty-body': {
		stage: 'replace',
		keepsContract: false,
		summary: '200 with an empty body; not placed unless {place: true}',
	},
	'extra-fields': {
		stage: 'after',
		keepsContract: false,
		summary:
			'process as normal (placed if valid and compliant), then add unknown fields to every object of the JSON body',
	},
	'missing-compliance': {
		stage: 'after',
		keepsContract: false,
		summary: "process as normal (placed if valid and compliant), then drop data.compliance (and each bulk result's)",
	},
	'drop-field': {
		stage: 'after',
		keepsContract: false,
		summary:
			'process as normal, then remove the field at the JSON pointer {field} (default /requestId) from the answer; the provider check still applies and records the breach',
	},
	'success-false': {
		stage: 'replace',
		keepsContract: true,
		summary: '200 {success: false, message: "Agent is busy", data: {}}; not placed',
	},
});

/**
 * A fault rule.
 * @typedef {object} FaultRule
 * @property {keyof typeof FAULT_TYPES} type
 * @property {number} [rate] probability in [0, 1] of applying to a matching request; default 1
 * @property {string | string[]} [operation] only requests of these operations (operationIds of
 *   openapi.yaml, such as `createCall` or `createCallsBulk`)
 * @property {string | { regex: string }} [customerId] only requests for this customer (compared
 *   in lower case), or a customer matching the regular expression
 * @property {number} [times] apply to at most this many requests
 * @property {number} [ms] latency / timeout: milliseconds
 * @property {number} [minMs] latency: lower bound in milliseconds of a seeded draw
 * @property {number} [maxMs] latency: upper bound in milliseconds of a seeded draw
 * @property {429 | 500 | 502 | 503} [status] status: the HTTP status
 * @property {number | string} [retryAfter] status: seconds, or `'http-date:<seconds>'` for an
 *   HTTP-date that many seconds after the machine's real time (a client waits in real time)
 * @property {'json' | 'html' | 'empty'} [body] status: the body kind, default `json`
 * @property {boolean} [place] malformed-json / empty-body: place the call first (default false)
 * @property {string} [field] drop-field: JSON pointer of the field to remove, default `/requestId`
 */

const ruleSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['type'],
	properties: {
		type: { enum: Object.keys(FAULT_TYPES) },
		rate: { type: 'number', minimum: 0, maximum: 1 },
		operation: {
			anyOf: [
				{ type: 'string', pattern: '^[a-z][A-Za-z]+$' },
				{ type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z][A-Za-z]+$' } },
			],
		},
		customerId: {
			anyOf: [
				{ type: 'string' },
				{ type: 'object', additionalProperties: false, required: ['regex'], properties: { regex: { type: 'string' } } },
			],
		},
		times: { type: 'integer', minimum: 0 },
		ms: { type: 'integer', minimum: 0 },
		minMs: { type: 'integer', minimum: 0 },
		maxMs: { type: 'integer', minimum: 0 },
		status: { enum: [429, 500, 502, 503] },
		retryAfter: {
			anyOf: [
				{ type: 'number', minimum: 0 },
				{ type: 'string', pattern: '^http-date:[0-9]+$' },
			],
		},
		body: { enum: ['json', 'html', 'empty'] },
		place: { type: 'boolean' },
		field: { type: 'string', pattern: '^(/[^/]+)+$' },
	},
	allOf: [
		{
			if: { properties: { type: { const: 'latency' } } },
			then: { anyOf: [{ required: ['ms'] }, { required: ['minMs', 'maxMs'] }] },
		},
		{ if: { properties: { type: { const: 'status' } } }, then: { required: ['status'] } },
	],
};

const ajv = new Ajv2020({ allErrors: true });
const validateRules = ajv.compile({ type: 'array', items: ruleSchema });

/**
 * Checks fault rules and returns a copy of them.
 * @param {unknown} rules
 * @returns {FaultRule[]}
 * @throws {Error} naming the problems
 */
function checkFaultRules(rules) {
	if (!validateRules(rules))
		throw new Error(`Invalid faults: ${ajv.errorsText(validateRules.errors, { dataVar: 'faults' })}`);
	const copy = /** @type {FaultRule[]} */ (structuredClone(rules));
	copy.forEach((rule, i) => {
		if (rule.minMs !== undefined && rule.maxMs !== undefined && rule.minMs > rule.maxMs) {
			throw new Error(`Invalid faults: faults/${i} minMs is above maxMs`);
		}
		if (rule.customerId && typeof rule.customerId === 'object') {
			try {
				new RegExp(rule.customerId.regex);
			} catch (error) {
				throw new Error(`Invalid faults: faults/${i}/customerId/regex: ${error.message}`);
			}
		}
	});
	return copy;
}

/**
 * Whether a rule's filters let a request through.
 * @param {FaultRule} rule
 * @param {{ operation: string, customerIds: string[] }} request
 * @returns {boolean}
 */
function matchesRequest(rule, { operation, customerIds }) {
	if (rule.operation !== undefined) {
		const operations = Array.isArray(rule.operation) ? rule.operation : [rule.operation];
		if (!operations.includes(operation)) return false;
	}
	if (rule.customerId === undefined) return true;
	if (typeof rule.customerId === 'string') {
		const wanted = rule.customerId.toLowerCase();
		return customerIds.some((id) => id.toLowerCase() === wanted);
	}
	const regex = new RegExp(rule.customerId.regex);
	return customerIds.some((id) => regex.test(id));
}

/**
 * The faults chosen for one request.
 * @typedef {object} FaultSelection
 * @property {number} latencyMs total delay from latency rules, in milliseconds
 * @property {FaultRule | null} fault the winning non-latency rule, if any
 * @property {string[]} applied types of every rule applied, in order (latency included)
 */

/**
 * Evaluates the rules for one request. Increments `applied[i]` for each rule applied.
 * @param {FaultRule[]} rules
 * @param {number[]} applied how many times each rule was applied so far (same indexes)
 * @param {{ operation: string, customerIds: string[] }} request its operationId, and its
 *   customer IDs (the decoded path ID, or a bulk body's `customerIds`; empty when none)
 * @param {() => number} random seeded float in [0, 1)
 * @returns {FaultSelection}
 */
function selectFaults(rules, applied, request, random) {
	/** @type {FaultSelection} */
	const selection = { latencyMs: 0, fault: null, applied: [] };
	for (let i = 0; i < rules.length; i += 1) {
		const rule = rules[i];
		if (!matchesRequest(rule, request)) continue;
		if (rule.times !== undefined && (applied[i] || 0) >= rule.times) continue;
		const rate = rule.rate === undefined ? 1 : rule.rate;
		if (rate < 1 && !(random() < rate)) continue;
		applied[i] = (applied[i] || 0) + 1;
		selection.applied.push(rule.type);
		if (rule.type === 'latency') {
			selection.latencyMs +=
				rule.ms !== undefined ? rule.ms : rule.minMs + Math.floor(random() * (rule.maxMs - rule.minMs + 1));
			continue;
		}
		selection.fault = rule;
		break;
	}
	return selection;
}

/**
 * The Retry-After header value of a rule.
 * @param {number | string} retryAfter seconds, or `'http-date:<seconds>'`
 * @param {Date} now the machine's real time
 * @returns {string} integer seconds, or an IMF-fixdate such as `Mon, 30 Nov 2026 18:00:30 GMT`
 */
function retryAfterValue(retryAfter, now) {
	if (typeof retryAfter === 'number') return String(Math.ceil(retryAfter));
	const seconds = Number(retryAfter.slice('http-date:'.length));
	return new Date(now.getTime() + seconds * 1000).toUTCString();
}

/** Error codes and texts of the statuses a `status` fault can answer. */
const STATUS_TEXT = {
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
};
const STATUS_CODE = { 429: 'rate_limited', 500: 'internal_error', 502: 'bad_gateway', 503: 'service_unavailable' };

/**
 * An HTML error page such as a gateway would send.
 * @param {number} status
 * @returns {string}
 */
function htmlErrorPage(status) {
	const title = `${status} ${STATUS_TEXT[status] || 'Error'}`;
	return `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>gateway</center>\n</body>\n</html>\n`;
}

/**
 * Adds an unknown field to every object of a JSON value (nested ones included), for the
 * `extra-fields` fault.
 * @param {unknown} value
 * @param {string} [where] JSON pointer of `value`, written into the added field
 * @returns {unknown} a new value
 */
function addExtraFields(value, where = '') {
	if (Array.isArray(value)) return value.map((item, i) => addExtraFields(item, `${where}/${i}`));
	if (!value || typeof value !== 'object') return value;
	const copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, addExtraFields(v, `${where}/${k}`)]));
	copy.unknownField = `added at ${where || '/'} by the extra-fields fault`;
	if (where === '') copy.meta = { apiVersion: '2026-11-01', unknownField: 'added by the extra-fields fault' };
	return copy;
}

module.exports = {
	FAULT_TYPES,
	STATUS_TEXT,
	STATUS_CODE,
	checkFaultRules,
	selectFaults,
	retryAfterValue,
	htmlErrorPage,
	addExtraFields,
};
