import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { claimPlacements, settlePlacements } from './claim';
import { addRunHints, withRunSummary } from './hints';
import type { PlacementItem, PlacementOperation } from './operation';
import { prepareItems } from './prepare';
import { routeResults } from './route';
import { sendPlacements } from './send';
import { readRunSettings } from './settings';

export { CALL_TERMS } from './operation';
export type { PlacementItem, PlacementOperation, PlacementOutcome, PlacementTerms, SendResult } from './operation';

/**
 * The placement pipeline: one run of an operation that places something through Veritus and must
 * never place it twice (docs/outputs-and-errors.md, "Outputs and branching"; docs/placement-ledger.md, "The placement ledger"). Each step
 * lives in one file of this folder, and an item moves forward through them:
 *
 * 1. read the options (`settings.ts`);
 * 2. prepare every item: validate all of them before anything is placed, drop repeated customers,
 *    apply the local guards, work out the placement keys (`prepare.ts`, `guards/`);
 * 3. claim the placement keys in the ledger, skipping what was already placed (`claim.ts`);
 * 4. send, bounded and paced, each item once (`send.ts` → `operation.send` → `transport/`);
 * 5. release the claims of what was certainly not placed (`claim.ts`);
 * 6. add the run's execution hints (`hints.ts`);
 * 7. route each item, in input order, to Passed or Failed with its `pairedItem` and audit record
 *    (`route.ts`). Without `continueOnFail` the first error is thrown instead, listing the calls
 *    already placed.
 *
 * @param operation what differs between operations: fields, default key, requests, answers.
 * @returns one array per output: `[passed, failed]` or `[all]`.
 * @throws NodeOperationError or NodeApiError: the run's first error, unless the node continues on
 *   fail.
 */
export async function runPlacements<T extends PlacementItem>(
	ctx: IExecuteFunctions,
	operation: PlacementOperation<T>,
): Promise<INodeExecutionData[][]> {
	const settings = readRunSettings(ctx);
	const batch = prepareItems(ctx, settings, operation);
	await claimPlacements(ctx, settings, operation, batch);
	const firstError = await sendPlacements(ctx, settings, operation, batch);
	await settlePlacements(ctx, settings, batch, operation.terms);
	addRunHints(ctx, settings, batch, operation.terms);
	if (firstError) throw withRunSummary(firstError, batch, operation.terms);
	return routeResults(ctx, settings, batch);
}
