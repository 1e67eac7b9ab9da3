import type { ComplianceCheck } from './types';

/**
 * A sentence in which Veritus refuses a call for compliance. The published contract words it
 * "Customer not eligible for call. …" (Create Call's 422 `publicFacingMessage`, and each failed
 * result's `error` of Create Calls in Bulk); any "not eligible" counts.
 */
const NOT_ELIGIBLE = /\bnot eligible\b/i;

/**
 * The head of the list of failed rules, in either documented form:
 * - `Failed rules: ` (Create Call's 422);
 * - `2 failed rule(s): ` (Create Calls in Bulk), whose count is checked against the list.
 */
const RULES_HEAD = /(?:^|\W)(?:(\d+)\s+)?failed rules?(?:\(s\))?\s*:\s*/i;

/** The number a rule of the bulk form starts with: `1. `. */
const RULE_NUMBER = /^\d+\.\s+/;

/** The check id of a "not eligible" sentence whose rules could not be read. */
export const NOT_ELIGIBLE_CHECK = 'not-eligible';

/** Whether `text` is Veritus refusing a call for compliance ("… not eligible …"). */
export function isNotEligible(text: unknown): text is string {
	return typeof text === 'string' && NOT_ELIGIBLE.test(text);
}

/**
 * The check id of a rule Veritus names only by its display name: the name in lower case, every run
 * of characters other than letters and digits replaced by one `-`, no `-` at either end. This
 * gives the seed page's ids for its rules (`Is Active` → `is-active`, `Cease And Desist Exclusion`
 * → `cease-and-desist-exclusion`, `Four Voice Call Per Day` → `four-voice-call-per-day`), so one
 * rule has one id in every shape, and `Respectful Hours Check` → `respectful-hours-check`.
 */
export function ruleId(name: string): string {
	const id = name
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, '-')
		.replace(/^-+|-+$/g, '');
	return id || 'rule';
}

/**
 * Splits `list` at the commas that are outside every bracket, `(…)` and `[…]`, however deep.
 *
 * @returns the parts, trimmed; `undefined` when the brackets do not pair up.
 */
function splitOutsideBrackets(list: string): string[] | undefined {
	const parts: string[] = [];
	const open: string[] = [];
	let start = 0;
	for (let index = 0; index < list.length; index++) {
		const char = list[index];
		if (char === '(' || char === '[') open.push(char);
		else if (char === ')' || char === ']') {
			if (open.pop() !== (char === ')' ? '(' : '[')) return undefined;
		} else if (char === ',' && open.length === 0) {
			parts.push(list.slice(start, index).trim());
			start = index + 1;
		}
	}
	if (open.length) return undefined;
	parts.push(list.slice(start).trim());
	return parts;
}

/**
 * Reads one rule, `Name (reason)` or `Name [reason]`: the reason is the bracket that closes the
 * entry, with every bracket inside it kept.
 *
 * @returns `undefined` when the entry does not end in a bracket or has no name.
 */
function parseRule(entry: string): ComplianceCheck | undefined {
	const text = entry.replace(RULE_NUMBER, '').trim();
	const close = text[text.length - 1];
	if (close !== ')' && close !== ']') return undefined;
	let depth = 0;
	for (let index = text.length - 1; index >= 0; index--) {
		const char = text[index];
		if (char === ')' || char === ']') depth++;
		else if (char === '(' || char === '[') depth--;
		if (depth === 0) {
			const name = text.slice(0, index).trim();
			const reason = text.slice(index + 1, -1).trim();
			return name ? { id: ruleId(name), name, description: '', reason } : undefined;
		}
	}
	return undefined;
}

/**
 * Parses the failed rules out of a "not eligible" sentence, in either documented form:
 * - Create Call's 422 `publicFacingMessage`: `Customer not eligible for call. Failed rules:
 *   Respectful Hours Check (Customer local time is 03:00 (outside respectful hours 8am-8:50pm)),
 *   Model Validation Notice Delivered (No Model Validation Notice has been sent)`;
 * - Create Calls in Bulk's per-customer `error`: `Customer not eligible for call. 2 failed
 *   rule(s): 1. Respectful Hours Check [Customer local time is …], 2. Four Voice Call Per Day […]`.
 *
 * Reasons hold brackets of their own, so the list is split only at commas outside every bracket,
 * and a rule's reason is the bracket that closes it. Each rule becomes a check shaped like
 * `checksFailed`: `id` from {@link ruleId}, `name`, `description` `''` (the sentence has none),
 * `reason`.
 *
 * @returns the checks in the order named; `undefined` when the sentence has no list of rules, a
 *   rule does not read as `Name (reason)` or `Name [reason]`, the brackets do not pair up, or the
 *   bulk form's count differs from the rules listed.
 */
export function parseFailedRules(message: string): ComplianceCheck[] | undefined {
	const head = RULES_HEAD.exec(message);
	if (!head) return undefined;
	const list = message
		.slice(head.index + head[0].length)
		.trim()
		.replace(/\.$/, '');
	const entries = list ? splitOutsideBrackets(list) : undefined;
	if (!entries) return undefined;
	const checks: ComplianceCheck[] = [];
	for (const entry of entries) {
		const check = parseRule(entry);
		if (!check) return undefined;
		checks.push(check);
	}
	if (head[1] !== undefined && Number(head[1]) !== checks.length) return undefined;
	return checks;
}

/**
 * The failed checks of a "not eligible" sentence: the rules it names ({@link parseFailedRules}),
 * or, when they cannot be read, one check `not-eligible` whose reason is the whole sentence, so
 * the item still goes to Failed and nothing Veritus said is lost.
 *
 * @returns `undefined` when `text` is not a "not eligible" sentence.
 */
export function notEligibleChecks(text: unknown): ComplianceCheck[] | undefined {
	if (!isNotEligible(text)) return undefined;
	const sentence = text.trim();
	return (
		parseFailedRules(sentence) ?? [
			{
				id: NOT_ELIGIBLE_CHECK,
				name: 'Not Eligible',
				description: 'Veritus refused the call for compliance; its message names no rules the node could read',
				reason: sentence,
			},
		]
	);
}
