import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_LEDGER_SETTLE_MS, DEFAULT_LEDGER_SIZE } from '../ledger';

import {
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_CONCURRENT,
	DEFAULT_MAX_RETRY_WAIT_MS,
	DEFAULT_TIMEOUT_MS,
} from '../helpers/requestOptions';
import { isToolExecution } from '../helpers/runner';

// The request defaults live with the request options every operation shares; kept exported here.
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_RETRY_WAIT_MS, DEFAULT_TIMEOUT_MS };

/**
 * The Options collection of an operation that places calls through the pipeline (Call → Create),
 * with defaults applied. Node-wide: read from item 0.
 */
export interface CallOptions {
	/** Requests in flight at once (items). */
	maxConcurrent: number;
	/** Cap on request starts per second; 0 means no cap. */
	requestsPerSecond: number;
	/** Per-request timeout in milliseconds. */
	timeout: number;
	/** Sends per item when the call is certainly not placed, first try included. */
	maxAttempts: number;
	/** Total wait in milliseconds one item may spend between attempts. */
	maxRetryWait: number;
	/** "One Call Per Customer Per Run". */
	onePerCustomer: boolean;
	/** "Skip Calls Already Placed": use the placement ledger (README, "Queue mode and re-runs"). */
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
 * Reads the run settings of a placing operation: the Options collection (with the defaults above
 * and the ledger's, clamped to their documented ranges), the output layout, Simplify, and how
 * errors are handled. The parameter names are those of Call → Create (`create.description.ts`);
 * an operation without an option gets its default.
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
		maxConcurrent: Math.max(1, Math.floor(number(raw.maxConcurrent, DEFAULT_MAX_CONCURRENT))),
		requestsPerSecond: Math.max(0, number(raw.requestsPerSecond, 0)),
		timeout: Math.max(1, number(raw.timeout, DEFAULT_TIMEOUT_MS)),
		maxAttempts: Math.max(1, Math.floor(number(raw.maxAttempts, DEFAULT_MAX_ATTEMPTS))),
		maxRetryWait: Math.max(0, number(raw.maxRetryWait, DEFAULT_MAX_RETRY_WAIT_MS)),
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
