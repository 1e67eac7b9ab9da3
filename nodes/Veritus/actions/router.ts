import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { addRunHints, withRunSummary } from '../helpers/hints';
import { claimPlacements, settlePlacements } from '../helpers/placements';
import { prepareItems } from '../helpers/prepare';
import { routeResults } from '../helpers/route';
import { sendCalls } from '../helpers/send';
import { readRunSettings } from '../helpers/settings';
import * as ledger from './ledger';

/**
 * The Veritus node's run, step by step (README, "Outputs and branching").
 *
 * Call → Create:
 * 1. read the options (`helpers/settings.ts`);
 * 2. prepare every item: validate all of them before any call is placed, drop repeated customers,
 *    apply the local guards, work out the placement keys (`helpers/prepare.ts`);
 * 3. claim the placement keys in the ledger, skipping calls already placed (`helpers/placements.ts`);
 * 4. send, bounded and paced, each item once (`helpers/send.ts`);
 * 5. release the claims of calls certainly not placed (`helpers/placements.ts`);
 * 6. add the run's execution hints (`helpers/hints.ts`);
 * 7. route each item, in input order, to Passed or Failed with its `pairedItem` and audit record
 *    (`helpers/route.ts`). Without `continueOnFail` the first error is thrown instead, listing the
 *    calls already placed.
 *
 * Placement Ledger → Release / Clear: `actions/ledger/`.
 *
 * @returns one array per output: `[passed, failed]` or `[all]`.
 * @throws NodeOperationError for an unknown resource or operation, or the run's first error.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (resource === 'placementLedger' && (operation === 'release' || operation === 'clear')) {
		return await ledger[operation].execute.call(this);
	}
	if (resource !== 'call' || operation !== 'create') {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}

	const settings = readRunSettings(this);
	const batch = prepareItems(this, settings);
	await claimPlacements(this, settings, batch);
	const firstError = await sendCalls(this, settings, batch);
	await settlePlacements(this, settings, batch);
	addRunHints(this, settings, batch);
	if (firstError) throw withRunSummary(firstError, batch);
	return routeResults(this, settings, batch);
}
