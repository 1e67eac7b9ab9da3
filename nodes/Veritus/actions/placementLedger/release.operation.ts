import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { asNodeError } from '../../helpers/errors';
import { DEFAULT_LEDGER_SETTLE_MS, PlacementLedger } from '../../ledger';
import { coerceIdentifier } from '../../helpers/validation';

/** The parameters of Placement Ledger → Release. */
export const description: INodeProperties[] = [
	{
		displayName: 'Placement Key',
		name: 'placementKey',
		type: 'string',
		required: true,
		default: '={{ $json.idempotencyKey }}',
		description:
			'The key to release, per item: the idempotencyKey field of a Veritus item. Release a key only after checking in Veritus that no call was placed; the next run may then place the call.',
		displayOptions: { show: { resource: ['placementLedger'], operation: ['release'] } },
	},
];

/**
 * Placement Ledger → Release: removes each item's placement key from this workflow's ledger, so
 * that a later run may place that call again (docs/placement-ledger.md, "Release"). All keys are
 * released in one write.
 *
 * @returns one item per input item, `{ idempotencyKey, released: true, wasRecorded }` with its
 *   `pairedItem`; `wasRecorded` says whether the key was in the ledger.
 * @throws NodeOperationError without a saved workflow, for a bad key (naming the item), or when
 *   n8n's database cannot be written; under `continueOnFail` a bad key becomes an error item.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const ledger = PlacementLedger.open(this, { settleMs: DEFAULT_LEDGER_SETTLE_MS });
	if (!ledger) {
		throw new NodeOperationError(node, 'Releasing placement keys needs a saved workflow: this run has no workflow ID', {
			description:
				'The ledger belongs to the workflow. Save it, and release the keys from the workflow that placed the calls.',
		});
	}
	const items = this.getInputData();
	const keys: Array<string | undefined> = [];
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			keys[itemIndex] = coerceIdentifier(
				node,
				itemIndex,
				'Placement Key',
				this.getNodeParameter('placementKey', itemIndex),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output[itemIndex] = {
				json: { error: asNodeError(this, error, itemIndex).message },
				pairedItem: { item: itemIndex },
			};
		}
	}
	const valid = [...new Set(keys.filter((key): key is string => key !== undefined))];
	const wasRecorded = new Set(await ledger.release(valid, { report: true }));
	keys.forEach((key, itemIndex) => {
		if (key === undefined) return;
		output[itemIndex] = {
			json: { idempotencyKey: key, released: true, wasRecorded: wasRecorded.has(key) },
			pairedItem: { item: itemIndex },
		};
	});
	return [output];
}
