import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_LEDGER_SETTLE_MS, PlacementLedger } from '../../ledger';

/** Placement Ledger → Clear has no parameters of its own. */
export const description: INodeProperties[] = [
	{
		displayName:
			'Clear forgets every call this workflow placed or attempted: the next run may call every customer again. Use Release for single keys.',
		name: 'clearNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['placementLedger'], operation: ['clear'] } },
	},
];

/**
 * Placement Ledger → Clear: deletes this workflow's whole ledger, in the spirit of Remove
 * Duplicates' "Clear Deduplication History" (docs/placement-ledger.md, "Clear"). Runs once,
 * whatever the number of input items.
 *
 * @returns one item `{ cleared: true, entriesBefore }` (entries: keys and write tokens), paired with
 *   the first input item.
 * @throws NodeOperationError without a saved workflow.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const ledger = PlacementLedger.open(this, { settleMs: DEFAULT_LEDGER_SETTLE_MS });
	if (!ledger) {
		throw new NodeOperationError(
			this.getNode(),
			'Clearing the placement ledger needs a saved workflow: this run has no workflow ID',
		);
	}
	const entriesBefore = await ledger.size();
	await ledger.clear();
	return [[{ json: { cleared: true, entriesBefore }, pairedItem: { item: 0 } }]];
}
