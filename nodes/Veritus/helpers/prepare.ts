import type { IExecuteFunctions } from 'n8n-workflow';

import * as createCall from '../actions/call/create.operation';
import type { CallBatch } from './batch';
import { asNodeError } from './errors';
import { repeatedCustomerItem } from './output';
import type { RunSettings } from './settings';

/**
 * Step 2 of the router: reads and validates **every** item before any call is placed
 * (`create.operation.ts` `prepare`), then applies "One Call Per Customer Per Run": a later row of a
 * customer already in this run goes to Failed, unsent, with the local check
 * `local:repeated-customer-in-run`.
 *
 * @returns the batch: settled results for invalid and repeated items, the rest queued in input order.
 * @throws NodeOperationError for the first invalid item, unless the node continues on fail (then
 *   the item becomes an error item).
 */
export function prepareItems(ctx: IExecuteFunctions, settings: RunSettings): CallBatch {
	const count = ctx.getInputData().length;
	const batch: CallBatch = { results: new Array(count), queue: [] };
	const firstItemOfCustomer = new Map<string, number>();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		let call: createCall.PreparedCall;
		try {
			call = createCall.prepare.call(ctx, itemIndex);
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!settings.continueOnFail) throw nodeError;
			batch.results[itemIndex] = { kind: 'error', error: nodeError };
			continue;
		}
		const first = firstItemOfCustomer.get(call.dedupeKey);
		if (settings.options.onePerCustomer && first !== undefined) {
			batch.results[itemIndex] = { kind: 'local', json: repeatedCustomerItem(call, first, settings.simplify) };
			continue;
		}
		firstItemOfCustomer.set(call.dedupeKey, itemIndex);
		batch.queue.push(call);
	}
	return batch;
}
