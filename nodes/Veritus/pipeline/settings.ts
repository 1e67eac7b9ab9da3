import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_LEDGER_SETTLE_MS, DEFAULT_LEDGER_SIZE } from '../ledger';

import {
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_CONCURRENT,
	DEFAULT_MAX_RETRY_WAIT_MS,
	DEFAULT_TIMEOUT_MS,
	readRequestOptions,
	requestOptionFields,
	type RequestOptions,
} from '../helpers/requestOptions';
import { isToolExecution } from '../helpers/runner';
import { capitalized, type PlacementTerms } from './operation';

// The request defaults live with the request options every operation shares; kept exported here.
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_RETRY_WAIT_MS, DEFAULT_TIMEOUT_MS };

/**
 * The Options collection of an operation that places something through the pipeline (Call →
 * Create, Drip Campaign → Enroll): one definition of every option {@link readRunSettings} reads
 * (names, types, ranges, defaults), worded in the operation's `terms` ("Skip Calls Already
 * Placed", "Skip Enrolments Already Made"), with the request options of `helpers/requestOptions.ts`
 * among them. Call → Create's texts are its original ones, word for word.
 *
 * @param extra the operation's own options (Call → Create: Attempt Cap, Calling Hours).
 * @returns the collection, its options in alphabetical order of display name (n8n's convention).
 */
export function placementOptionsCollection(
	displayOptions: IDisplayOptions,
	terms: PlacementTerms,
	extra: INodeProperties[] = [],
): INodeProperties {
	const { one, many, place, placed, per } = terms;
	// `defaultKey` ends the sentence (its final period included).
	const placementKeyDescription = `What identifies one ${one} that must never be ${placed} twice, per item. Empty: ${terms.defaultKey}`;
	const options: INodeProperties[] = [
		...extra,
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to run every check and show, per item, the request that would be sent (Secret ID masked), without sending anything. Items that would be sent go to Passed, items that would be skipped go to Failed.',
		},
		{
			displayName: 'Include Other Input Fields',
			name: 'includeInputFields',
			type: 'boolean',
			default: false,
			description:
				"Whether to keep the input row's own fields (a row number, say) next to the result. An input field that has the name of a result field is kept with the prefix input_.",
		},
		{
			displayName: 'Ledger Settle Time',
			name: 'ledgerSettleTime',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_LEDGER_SETTLE_MS,
			description: `Milliseconds between recording this run's ${many} in the ledger and checking that no other worker's write replaced the record. Raise it if n8n's database is slow.`,
		},
		{
			displayName: 'Ledger Size',
			name: 'ledgerSize',
			type: 'number',
			typeOptions: { minValue: 100 },
			default: DEFAULT_LEDGER_SIZE,
			description: `Most entries the placement ledger keeps for this workflow; the oldest are forgotten first. Keep it above the ${many} of a few days.`,
		},
		...requestOptionFields({
			maxAttempts: `How many times to send an item when Veritus certainly did not ${place} the ${one} (429 Too Many Requests, or a connection refused before sending), the first try included. Other failures are never retried.`,
			maxConcurrent: `How many ${many} may be requested from Veritus at the same time`,
			maxRetryWait: 'Total milliseconds one item may wait between attempts before it fails with a clear error',
			timeout: `Milliseconds to wait for each response. A timed-out ${one} may still have been ${placed}, so it is never retried.`,
		}),
		{
			displayName: terms.onePerRunOption,
			name: 'onePerCustomer',
			type: 'boolean',
			default: true,
			description: `Whether to ${place} at most one ${one} per ${per} in one run. Repeated rows go to Failed with the local check "repeated-customer-in-run".`,
		},
		{
			displayName: 'Placement Key',
			name: 'placementKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.event_id }}',
			description: placementKeyDescription,
		},
		{
			displayName: `Skip ${capitalized(many)} Already ${capitalized(placed)}`,
			name: 'skipPlaced',
			type: 'boolean',
			default: true,
			description: `Whether to remember, in n8n's database, each ${one} this workflow ${placed} or attempted, and skip a row whose Placement Key is already there (re-runs, retried executions, events delivered twice, queue-mode workers). Skipped rows go to Failed.`,
		},
	];
	options.sort((a, b) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0));
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options,
	};
}

/**
 * The Options collection of an operation that places something through the pipeline (Call →
 * Create, Drip Campaign → Enroll), with defaults applied: the request options every operation
 * shares (`RequestOptions`: Max Concurrent Requests, Max Requests Per Second, Timeout, Max
 * Attempts, Max Retry Wait, per item) and the pipeline's own. Node-wide: read from item 0.
 */
export interface CallOptions extends RequestOptions {
	/** "One Call Per Customer Per Run". */
	onePerCustomer: boolean;
	/** "Skip Calls Already Placed": use the placement ledger (docs/placement-ledger.md, "The placement ledger"). */
	skipPlaced: boolean;
	/** "Ledger Size": most entries the ledger keeps for the workflow. */
	ledgerSize: number;
	/** "Ledger Settle Time", in milliseconds. */
	ledgerSettleTime: number;
	/** "Dry Run": run every check, send nothing. */
	dryRun: boolean;
	/** "Include Other Input Fields": keep the row's fields next to the result. */
	includeInputFields: boolean;
	/** Whether "Calling Hours" was added (its fields are read per item). */
	callingHours: boolean;
	/** Whether "Attempt Cap" was added (its fields are read per item). */
	attemptCap: boolean;
}

/** Everything a run of the pipeline reads once, before the first item. */
export interface RunSettings {
	options: CallOptions;
	/** The instant the run started; the local guards and the default placement key use it. */
	now: Date;
	/** Run as an AI Agent tool: one output, errors throw (n8n hands the agent output 0 only). */
	toolMode: boolean;
	/** "Output Layout" is "Passed and Failed" (two outputs) rather than "Single Output". */
	split: boolean;
	/** "Simplify": flat fields instead of the raw API response. */
	simplify: boolean;
	/** The node's On Error setting continues (n8n's `continueOnFail()`); never in tool mode. */
	continueOnFail: boolean;
	/** On Error is "Continue (using error output)". */
	toErrorOutput: boolean;
}

/**
 * Reads the run settings of a placing operation: the Options collection (the request options as
 * `readRequestOptions` reads them, the pipeline's with the ledger's defaults, clamped to their
 * documented ranges), the output layout, Simplify, and how errors are handled. The parameter names
 * are those of {@link placementOptionsCollection}; an operation without an option gets its default.
 *
 * Tool mode: n8n 2.x says so with `isToolExecution()`; n8n 1.x runs the tool variant, whose type
 * ends in "Tool" (`n8n-nodes-veritus.veritusTool`), without that method.
 */
export function readRunSettings(ctx: IExecuteFunctions): RunSettings {
	const node = ctx.getNode();
	const raw = ctx.getNodeParameter('options', 0, {}) as Partial<Record<keyof CallOptions, unknown>> & {
		callingHours?: { window?: unknown };
		attemptCap?: { limits?: unknown };
	};
	const number = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) ? value : fallback;
	const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
	const options: CallOptions = {
		...readRequestOptions(ctx),
		onePerCustomer: flag(raw.onePerCustomer, true),
		skipPlaced: flag(raw.skipPlaced, true),
		ledgerSize: Math.max(100, Math.floor(number(raw.ledgerSize, DEFAULT_LEDGER_SIZE))),
		ledgerSettleTime: Math.max(0, number(raw.ledgerSettleTime, DEFAULT_LEDGER_SETTLE_MS)),
		dryRun: flag(raw.dryRun, false),
		includeInputFields: flag(raw.includeInputFields, false),
		callingHours: !!raw.callingHours?.window,
		attemptCap: !!raw.attemptCap?.limits,
	};
	const toolMode = isToolExecution(ctx);
	const continueOnFail = !toolMode && ctx.continueOnFail();
	return {
		options,
		now: new Date(),
		toolMode,
		split: !toolMode && ctx.getNodeParameter('outputLayout', 0, 'split') === 'split',
		simplify: ctx.getNodeParameter('simplify', 0, true) as boolean,
		continueOnFail,
		toErrorOutput: continueOnFail && node.onError === 'continueErrorOutput',
	};
}
