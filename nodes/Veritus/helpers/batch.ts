import type { IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { PreparedCall } from '../actions/call/create.operation';

/**
 * What became of one input item; exactly one per item (the node's "every item yields exactly one
 * output item" rule).
 * - `outcome`: Veritus answered with a compliance result: Passed (`passed: true`) or Failed.
 * - `local`: not sent, because a check of this node stopped it (a repeated customer, …); goes to
 *   Failed.
 * - `error`: the item could not be validated or sent; an error item, or the node throws.
 */
export type ItemResult =
	| { kind: 'outcome'; passed: boolean; json: IDataObject }
	| { kind: 'local'; json: IDataObject }
	| { kind: 'error'; error: NodeApiError | NodeOperationError };

/**
 * One node run of Call → Create, as it moves through the router's steps:
 * `prepareItems` fills `results` for items that are settled before sending (validation errors,
 * local checks) and puts the rest in `queue`; `sendCalls` settles the queue.
 */
export interface CallBatch {
	/** One slot per input item, by item index; every slot is filled before routing. */
	results: Array<ItemResult | undefined>;
	/** Items to send, in input order. */
	queue: PreparedCall[];
}
