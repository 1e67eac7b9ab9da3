import type { IDataObject, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { CallBatch } from './batch';
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
 * The output item for an error under `continueOnFail`. With "Continue (using error output)" the
 * item carries `error`, which makes n8n move it to the error output; n8n then keeps only
 * `{ error: message }` as its json (the message names the item, and the customer when the call
 * may have been placed), and `pairedItem` leads back to the input row. With "Continue (using
 * regular output)" it is a plain item with the fields of {@link errorJson}.
 */
function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
	toErrorOutput: boolean,
): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	if (toErrorOutput) return { json: { error: error.message }, error, pairedItem };
	return { json: errorJson(error, itemIndex), pairedItem };
}

/**
 * Last step of the router: one output item per input item, in input order, each with
 * `pairedItem: { item: i }` (n8n's item linking):
 * - Passed → output 0; Failed (compliance failed, or a local check) → output 1, or output 0 with
 *   the single-output layout and in tool mode;
 * - errors go to the Failed side (see {@link errorItem}), so "Continue (using error output)" moves
 *   them to the error output, Passed never carries an error, and n8n's Retry On Fail never
 *   mistakes Passed for a failure.
 *
 * @returns one array per output: `[passed, failed]`, or `[all]`.
 * @throws Error when an item has no result (a bug: every step must settle every item).
 */
export function routeResults(settings: RunSettings, batch: CallBatch): INodeExecutionData[][] {
	const passedItems: INodeExecutionData[] = [];
	const failedItems: INodeExecutionData[] = settings.split ? [] : passedItems;
	for (let itemIndex = 0; itemIndex < batch.results.length; itemIndex++) {
		const result = batch.results[itemIndex];
		if (!result) throw new Error(`Item ${itemIndex} has no result`);
		const pairedItem = { item: itemIndex };
		if (result.kind === 'error') failedItems.push(errorItem(result.error, itemIndex, settings.toErrorOutput));
		else if (result.kind === 'outcome' && result.passed) passedItems.push({ json: result.json, pairedItem });
		else failedItems.push({ json: result.json, pairedItem });
	}
	return settings.split ? [passedItems, failedItems] : [passedItems];
}
