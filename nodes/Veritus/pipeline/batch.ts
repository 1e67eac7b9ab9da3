import type { IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RequestRecord } from '../transport';
import type { PlacementItem } from './operation';

/**
 * What became of one input item; exactly one per item (the node's "every item yields exactly one
 * output item" rule).
 * - `outcome`: Veritus answered with a compliance result: Passed (`passed: true`) or Failed.
 * - `local`: not sent, because a check of this node stopped it (a repeated customer, a call
 *   already placed, calling hours, the attempt cap); goes to Failed. `nextAllowedAt` (ISO 8601
 *   UTC) says when a guard would let it through, when that can be known.
 * - `dryRun`: "Dry Run" is on and the item would be sent; `json` describes the request.
 * - `error`: the item could not be validated or sent; an error item, or the node throws.
 */
export type ItemResult =
	| { kind: 'outcome'; passed: boolean; json: IDataObject }
	| { kind: 'local'; json: IDataObject; nextAllowedAt?: string }
	| { kind: 'dryRun'; json: IDataObject }
	| { kind: 'error'; error: NodeApiError | NodeOperationError };

/** How the placement ledger took part in a run (docs/placement-ledger.md, "The placement ledger"). */
export type LedgerUse =
	/** Keys were claimed before sending and settled after. */
	| 'on'
	/** "Skip Calls Already Placed" is off. */
	| 'off'
	/** The run has no workflow ID (an unsaved workflow), so there is no record to keep. */
	| 'noWorkflowId'
	/** "Dry Run": keys were checked, not claimed. */
	| 'checked';

/**
 * One node run of a placing operation, as it moves through the pipeline's steps. Each step fills
 * in its part; every slot of `results` is filled before routing.
 */
export interface CallBatch<T extends PlacementItem = PlacementItem> {
	/** One slot per input item, by item index. */
	results: Array<ItemResult | undefined>;
	/** Items still to send, in input order. */
	queue: T[];
	/** Placement key of each validated item, by item index (the ledger's key, and the audit record's). */
	keys: Array<string | undefined>;
	/** What the transport saw of each sent item, by item index (the audit record). */
	requests: Array<RequestRecord | undefined>;
	/** Item indexes whose placement key this run claimed in the ledger. */
	claimed: Set<number>;
	ledger: LedgerUse;
	/** Whether the execution was stopped during the run (n8n's cancel signal). */
	stopped: boolean;
	/** Warnings for the run's execution hints and n8n's log, one sentence each. */
	warnings: string[];
}

/** A new batch for `count` input items, nothing settled yet. */
export function newBatch<T extends PlacementItem>(count: number): CallBatch<T> {
	return {
		results: new Array(count),
		queue: [],
		keys: new Array(count),
		requests: new Array(count),
		claimed: new Set(),
		ledger: 'off',
		stopped: false,
		warnings: [],
	};
}
