import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ComplianceCheck } from '../compliance';
import { asNodeError } from '../helpers/errors';
import { coerceIdentifier, readParameter } from '../helpers/validation';
import { newBatch, type CallBatch, type ItemResult } from './batch';
import { currentRunIndex, executionCustomers } from './executionMemo';
import {
	checkAttemptCap,
	checkCallingHours,
	guardFailureCheck,
	parseCallingWindow,
	parseTimeZone,
	type GuardFailure,
} from './guards';
import { repeatedCustomerItem, repeatedInExecutionItem } from './localChecks';
import type { PlacementItem, PlacementOperation } from './operation';
import type { RunSettings } from './settings';

/**
 * The pipeline's first step: reads and validates **every** item before any call is placed, then
 * decides which items go on to the ledger and the request:
 *
 * 1. the operation's fields (`operation.prepare`; Call → Create: `create.operation.ts`);
 * 2. "One Call Per Customer Per Run" (always, for an operation with `alwaysOnePerCustomer`): a
 *    later row of a customer already in this run goes to Failed, unsent (`local:repeated-customer-in-run`); as an AI tool, also a customer an earlier
 *    invocation of the tool in this execution sent (`local:repeated-customer-in-execution`);
 * 3. the local guards, when added: "Calling Hours" (`local:outside-calling-hours`, with
 *    `nextAllowedAt`) and "Attempt Cap" (`local:attempt-cap-7-in-7`,
 *    `local:conversation-in-last-7-days`);
 * 4. the item's placement key ("Placement Key", or the operation's default: for a call, the
 *    Customer ID plus today's date in the workflow's time zone);
 * 5. the operation's warnings about the items to send (Call → Create: the webhook URLs).
 *
 * @returns the batch: settled results for invalid and blocked items, the rest queued in input order.
 * @throws NodeOperationError for the first invalid item (naming the item and the field), unless
 *   the node continues on fail (then the item becomes an error item).
 */
export function prepareItems<T extends PlacementItem>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	operation: PlacementOperation<T>,
): CallBatch<T> {
	const count = ctx.getInputData().length;
	const batch = newBatch<T>(count);
	const firstItemOfCustomer = new Map<string, number>();
	const onePerCustomer = settings.options.onePerCustomer || operation.alwaysOnePerCustomer === true;
	const earlierRuns = settings.toolMode && onePerCustomer ? executionCustomers(ctx) : undefined;
	const day = calendarDay(settings.now, ctx.getTimezone());
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		let call: T;
		let blocked: ItemResult | undefined;
		try {
			call = operation.prepare(ctx, itemIndex);
			call.placementKey = placementKey(ctx, itemIndex, operation, call, day);
			batch.keys[itemIndex] = call.placementKey;
			blocked = localGuards(ctx, settings, operation, call);
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!settings.continueOnFail) throw nodeError;
			batch.results[itemIndex] = { kind: 'error', error: nodeError };
			continue;
		}
		const first = firstItemOfCustomer.get(call.dedupeKey);
		const earlierRun = earlierRuns?.get(call.dedupeKey);
		if (onePerCustomer && first !== undefined) {
			batch.results[itemIndex] = {
				kind: 'local',
				json: repeatedCustomerItem(operation, call, first, settings.simplify),
			};
		} else if (earlierRun !== undefined) {
			batch.results[itemIndex] = {
				kind: 'local',
				json: repeatedInExecutionItem(operation, call, earlierRun, settings.simplify),
			};
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
	batch.warnings.push(...(operation.warnings?.(batch.queue) ?? []));
	return batch;
}

/**
 * The Calling Hours and Attempt Cap guards for one item, when they were added. They run on our
 * side, before Veritus's own compliance checks, and never replace them.
 *
 * @returns the Failed result when a guard blocks the item, else `undefined`.
 * @throws NodeOperationError for a bad time zone, window or attempt field, naming the item and field.
 */
function localGuards<T extends PlacementItem>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	operation: PlacementOperation<T>,
	call: T,
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
		if (!verdict.allowed) {
			return guardResult(operation, call, verdict, settings.simplify, { localTime: verdict.localTime });
		}
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
		if (!verdict.allowed) return guardResult(operation, call, verdict, settings.simplify);
	}
	return undefined;
}

/** The Failed result of a guard that blocked `call`. */
function guardResult<T extends PlacementItem>(
	operation: PlacementOperation<T>,
	call: T,
	failure: GuardFailure,
	simplify: boolean,
	extra: IDataObject = {},
): ItemResult {
	const check: ComplianceCheck = guardFailureCheck(failure);
	return {
		kind: 'local',
		json: operation.localItem(call, check, simplify, { localCheck: check.id, ...extra }),
		nextAllowedAt: failure.nextAllowedAt,
	};
}

/**
 * The placement key of an item: "Placement Key" when it resolves to text or a number, else the
 * operation's default (Call → Create: the Customer ID plus `day`, `100232|2026-11-30`, so that by
 * default a customer is called at most once a day by this workflow).
 *
 * @throws NodeOperationError naming the item and "Placement Key" for a value that is not text.
 */
function placementKey<T extends PlacementItem>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: PlacementOperation<T>,
	call: T,
	day: string,
): string {
	const raw = readParameter(ctx, 'options.placementKey', 'Placement Key', itemIndex, '');
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		return operation.defaultPlacementKey(call, day);
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
