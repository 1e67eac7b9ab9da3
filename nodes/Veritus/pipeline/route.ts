import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { CallBatch, ItemResult } from './batch';
import type { RunSettings } from './settings';

/**
 * The json of an error item under "Continue (using regular output)": the message and what is known
 * about the item, including whether the call may have been placed, so it can be written to a sheet.
 */
export function errorJson(error: NodeApiError | NodeOperationError, itemIndex: number): IDataObject {
	const context = (error.context ?? {}) as IDataObject;
	return {
		error: error.message,
		description: error.description ?? null,
		itemIndex,
		customerId: (context.customerId as string | undefined) ?? null,
		httpCode: (context.httpCode as number | undefined) ?? null,
		callMayHaveBeenPlaced: context.callMayHaveBeenPlaced === true,
	};
}

/**
 * The audit record every output item carries (docs/compliance-record.md, "The audit record"), next to its other
 * fields: when the request was sent and answered (ISO 8601, UTC), how many times it was sent, the
 * HTTP status, the n8n execution, workflow and node, the placement key (when the ledger took part)
 * and `nextAllowedAt` (when a local guard says when the call may be placed). Fields that do not
 * apply are `null` (an item that was not sent has `attempts: 0`).
 */
export function auditFields(ctx: IExecuteFunctions, batch: CallBatch, itemIndex: number): IDataObject {
	const request = batch.requests[itemIndex];
	const result = batch.results[itemIndex];
	const httpCode = result?.kind === 'error' ? result.error.context?.httpCode : undefined;
	return {
		sentAt: request?.sentAt ?? null,
		respondedAt: request?.respondedAt ?? null,
		attempts: request?.attempts ?? 0,
		httpStatus: request?.httpStatus ?? (typeof httpCode === 'number' ? httpCode : null),
		executionId: ctx.getExecutionId?.() ?? null,
		workflowId: ctx.getWorkflow().id ?? null,
		nodeName: ctx.getNode().name,
		idempotencyKey: batch.ledger === 'on' || batch.ledger === 'checked' ? (batch.keys[itemIndex] ?? null) : null,
		nextAllowedAt: (result?.kind === 'local' ? result.nextAllowedAt : undefined) ?? null,
	};
}

/**
 * The input row's fields for "Include Other Input Fields", the way n8n's Edit Fields (Set) node
 * keeps other input fields: the row first, the node's fields after. A row field whose name the
 * node's item also uses is kept with the prefix `input_`, so no value is lost or overwritten.
 */
export function withInputFields(input: IDataObject, json: IDataObject): IDataObject {
	const merged: IDataObject = {};
	for (const [name, value] of Object.entries(input)) {
		let target = name;
		while (target in json || target in merged) target = `input_${target}`;
		merged[target] = value;
	}
	return { ...merged, ...json };
}

/** The json of one result, before the audit record and the input fields are added. */
function resultJson(result: ItemResult, itemIndex: number): IDataObject {
	return result.kind === 'error' ? errorJson(result.error, itemIndex) : result.json;
}

/**
 * Last step of the pipeline: one output item per input item, in input order, each with
 * `pairedItem: { item: i }` (n8n's item linking) and the audit record:
 * - Passed (and, in a dry run, items that would be sent) → output 0; Failed (compliance failed,
 *   or a local check) → output 1, or output 0 with the single-output layout and in tool mode;
 * - errors go to the Failed side, so "Continue (using error output)" moves them to the error
 *   output (n8n then keeps only `{ error: message }`), Passed never carries an error, and n8n's
 *   Retry On Fail never mistakes Passed for a failure. With "Continue (using regular output)" an
 *   error item has the fields of {@link errorJson}.
 *
 * @returns one array per output: `[passed, failed]`, or `[all]`.
 * @throws Error when an item has no result (a bug: every step must settle every item).
 */
export function routeResults(ctx: IExecuteFunctions, settings: RunSettings, batch: CallBatch): INodeExecutionData[][] {
	const inputs = settings.options.includeInputFields ? ctx.getInputData() : [];
	const passedItems: INodeExecutionData[] = [];
	const failedItems: INodeExecutionData[] = settings.split ? [] : passedItems;
	for (let itemIndex = 0; itemIndex < batch.results.length; itemIndex++) {
		const result = batch.results[itemIndex];
		if (!result) throw new Error(`Item ${itemIndex} has no result`);
		const pairedItem = { item: itemIndex };
		if (result.kind === 'error' && settings.toErrorOutput) {
			failedItems.push({ json: { error: result.error.message }, error: result.error, pairedItem });
			continue;
		}
		let json: IDataObject = { ...resultJson(result, itemIndex), ...auditFields(ctx, batch, itemIndex) };
		if (settings.options.dryRun) json.dryRun = true;
		if (settings.options.includeInputFields) json = withInputFields(inputs[itemIndex]?.json ?? {}, json);
		const passed = (result.kind === 'outcome' && result.passed) || result.kind === 'dryRun';
		(passed ? passedItems : failedItems).push({ json, pairedItem });
	}
	return settings.split ? [passedItems, failedItems] : [passedItems];
}
