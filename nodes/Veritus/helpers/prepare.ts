import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import * as createCall from '../actions/call/create.operation';
import { newBatch, type CallBatch, type ItemResult } from './batch';
import { asNodeError } from './errors';
import { currentRunIndex, executionCustomers } from './executionMemo';
import {
	checkAttemptCap,
	checkCallingHours,
	guardFailureCheck,
	parseCallingWindow,
	parseTimeZone,
	type GuardFailure,
} from './guards';
import { localCheckItem, repeatedCustomerItem, type ComplianceCheck } from './output';
import type { RunSettings } from './settings';
import { coerceIdentifier, readParameter } from './validation';

/** The local check of a customer that an earlier run of this node, in this execution, already sent. */
export const LOCAL_REPEATED_IN_EXECUTION_CHECK = 'local:repeated-customer-in-execution';

/**
 * Step 2 of the router: reads and validates **every** item before any call is placed, then decides
 * which items go on to the ledger and the request:
 *
 * 1. the Create Call fields (`create.operation.ts` `prepare`);
 * 2. "One Call Per Customer Per Run": a later row of a customer already in this run goes to Failed,
 *    unsent (`local:repeated-customer-in-run`); as an AI tool, also a customer an earlier
 *    invocation of the tool in this execution sent (`local:repeated-customer-in-execution`);
 * 3. the local guards, when added: "Calling Hours" (`local:outside-calling-hours`, with
 *    `nextAllowedAt`) and "Attempt Cap" (`local:attempt-cap-7-in-7`,
 *    `local:conversation-in-last-7-days`);
 * 4. the item's placement key ("Placement Key", or the Customer ID plus today's date in the
 *    workflow's time zone);
 * 5. warnings about the webhook URL (n8n test URL, localhost, one resume URL for many items).
 *
 * @returns the batch: settled results for invalid and blocked items, the rest queued in input order.
 * @throws NodeOperationError for the first invalid item (naming the item and the field), unless
 *   the node continues on fail (then the item becomes an error item).
 */
export function prepareItems(ctx: IExecuteFunctions, settings: RunSettings): CallBatch {
	const count = ctx.getInputData().length;
	const batch = newBatch(count);
	const firstItemOfCustomer = new Map<string, number>();
	const earlierRuns = settings.toolMode && settings.options.onePerCustomer ? executionCustomers(ctx) : undefined;
	const day = calendarDay(settings.now, ctx.getTimezone());
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		let call: createCall.PreparedCall;
		let blocked: ItemResult | undefined;
		try {
			call = createCall.prepare.call(ctx, itemIndex);
			call.placementKey = placementKey(ctx, itemIndex, call, day);
			batch.keys[itemIndex] = call.placementKey;
			blocked = localGuards(ctx, settings, call);
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!settings.continueOnFail) throw nodeError;
			batch.results[itemIndex] = { kind: 'error', error: nodeError };
			continue;
		}
		const first = firstItemOfCustomer.get(call.dedupeKey);
		const earlierRun = earlierRuns?.get(call.dedupeKey);
		if (settings.options.onePerCustomer && first !== undefined) {
			batch.results[itemIndex] = { kind: 'local', json: repeatedCustomerItem(call, first, settings.simplify) };
		} else if (earlierRun !== undefined) {
			batch.results[itemIndex] = { kind: 'local', json: repeatedInExecutionItem(call, earlierRun, settings.simplify) };
		} else if (blocked) {
			batch.results[itemIndex] = blocked;
		} else {
			batch.queue.push(call);
		}
		if (!firstItemOfCustomer.has(call.dedupeKey)) firstItemOfCustomer.set(call.dedupeKey, itemIndex);
	}
	if (earlierRuns) {
		const runIndex = currentRunIndex(ctx);
		for (const call of batch.queue) earlierRuns.set(call.dedupeKey, runIndex);
	}
	batch.warnings.push(...webhookWarnings(batch.queue));
	return batch;
}

/**
 * The Calling Hours and Attempt Cap guards for one item, when they were added. They run on our
 * side, before Veritus's own compliance checks, and never replace them.
 *
 * @returns the Failed result when a guard blocks the item, else `undefined`.
 * @throws NodeOperationError for a bad time zone, window or attempt field, naming the item and field.
 */
function localGuards(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	call: createCall.PreparedCall,
): ItemResult | undefined {
	const node = ctx.getNode();
	const { itemIndex } = call;
	let timeZone: string | undefined;
	if (settings.options.callingHours) {
		const window = (readParameter(ctx, 'options.callingHours.window', 'Calling Hours', itemIndex, {}) ??
			{}) as IDataObject;
		timeZone = parseTimeZone(node, itemIndex, window.timeZone);
		const verdict = checkCallingHours(
			settings.now,
			timeZone,
			parseCallingWindow(node, itemIndex, window.start, window.end),
		);
		if (!verdict.allowed) return guardResult(call, verdict, settings.simplify, { localTime: verdict.localTime });
	}
	if (settings.options.attemptCap) {
		const limits = (readParameter(ctx, 'options.attemptCap.limits', 'Attempt Cap', itemIndex, {}) ?? {}) as IDataObject;
		const verdict = checkAttemptCap(node, itemIndex, {
			callsInLast7Days: limits.callsInLast7Days,
			lastConversationAt: limits.lastConversationAt,
			limit: limits.maxCalls,
			now: settings.now,
			timeZone,
		});
		if (!verdict.allowed) return guardResult(call, verdict, settings.simplify);
	}
	return undefined;
}

/** The Failed result of a guard that blocked `call`. */
function guardResult(
	call: createCall.PreparedCall,
	failure: GuardFailure,
	simplify: boolean,
	extra: IDataObject = {},
): ItemResult {
	const check: ComplianceCheck = guardFailureCheck(failure);
	return {
		kind: 'local',
		json: localCheckItem(call, check, simplify, { localCheck: check.id, ...extra }),
		nextAllowedAt: failure.nextAllowedAt,
	};
}

/** The Failed item for a customer an earlier invocation of the tool in this execution sent. */
function repeatedInExecutionItem(call: createCall.PreparedCall, runIndex: number, simplify: boolean): IDataObject {
	const check: ComplianceCheck = {
		id: LOCAL_REPEATED_IN_EXECUTION_CHECK,
		name: 'Repeated Customer In Execution (n8n node, not Veritus)',
		description: 'As an AI tool, place at most one call per customer in one execution',
		reason: `Not sent to Veritus: customer ${call.customerId} was already sent by run ${runIndex} of this node in this execution, and "One Call Per Customer Per Run" is on`,
	};
	return localCheckItem(call, check, simplify, { localCheck: check.id });
}

/**
 * The placement key of an item: "Placement Key" when it resolves to text or a number, else the
 * Customer ID plus `day` (`100232|2026-11-30`), so that by default a customer is called at most
 * once a day by this workflow.
 *
 * @throws NodeOperationError naming the item and "Placement Key" for a value that is not text.
 */
function placementKey(ctx: IExecuteFunctions, itemIndex: number, call: createCall.PreparedCall, day: string): string {
	const raw = readParameter(ctx, 'options.placementKey', 'Placement Key', itemIndex, '');
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		return `${call.customerId}|${day}`;
	}
	return coerceIdentifier(ctx.getNode(), itemIndex, 'Placement Key', raw);
}

/** `YYYY-MM-DD` of `instant` in the IANA time zone `timeZone` (the workflow's, from n8n). */
export function calendarDay(instant: Date, timeZone: string): string {
	let zone = timeZone;
	try {
		new Intl.DateTimeFormat('en-CA', { timeZone: zone });
	} catch {
		zone = 'UTC';
	}
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: zone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).formatToParts(instant);
	const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '00';
	return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Webhook URLs that will not reach the workflow the user means, one warning each:
 * - an n8n test URL (`/webhook-test/`): it listens only while the editor waits for a test event;
 * - `localhost` or a loopback address: Veritus's servers cannot reach it;
 * - one `$execution.resumeUrl` (`/webhook-waiting/…`) for more than one item: the first update
 *   resumes the execution, and the other calls' updates find nothing waiting.
 */
export function webhookWarnings(queue: createCall.PreparedCall[]): string[] {
	const warnings: string[] = [];
	const items = (test: (url: URL) => boolean) =>
		queue.filter((call) => call.body.webhook && test(new URL(call.body.webhook.url))).map((call) => call.itemIndex);
	const list = (indexes: number[]) =>
		`item${indexes.length > 1 ? 's' : ''} ${indexes.slice(0, 10).join(', ')}${indexes.length > 10 ? ', …' : ''}`;
	const testUrls = items((url) => url.pathname.includes('/webhook-test/'));
	if (testUrls.length) {
		warnings.push(
			`The Webhook URL of ${list(testUrls)} is an n8n test URL (/webhook-test/): it only listens while the editor waits for a test event, so Veritus's call updates will be lost. Use the production URL (/webhook/).`,
		);
	}
	const loopback = items(
		(url) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(url.hostname) || url.hostname.endsWith('.localhost'),
	);
	if (loopback.length) {
		warnings.push(
			`The Webhook URL of ${list(loopback)} points at localhost: Veritus's servers cannot reach it, so the call updates will be lost. Use an address Veritus can reach.`,
		);
	}
	const resumeUrls = items((url) => url.pathname.includes('/webhook-waiting/'));
	if (resumeUrls.length > 1) {
		warnings.push(
			`${resumeUrls.length} items (${list(resumeUrls)}) send their call updates to an execution's resume URL ($execution.resumeUrl): the first update resumes the execution, and the updates of the other calls find nothing waiting.`,
		);
	}
	return warnings;
}
