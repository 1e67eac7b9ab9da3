import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { prepareItems } from '../helpers/prepare';
import { routeResults } from '../helpers/route';
import { sendCalls } from '../helpers/send';
import { readRunSettings } from '../helpers/settings';

/**
 * The Veritus node's run, step by step (README, "Outputs and branching"). Call → Create:
 *
 * 1. read the options (`helpers/settings.ts`);
 * 2. prepare every item: validate all of them before any call is placed, then drop repeated
 *    customers (`helpers/prepare.ts`);
 * 3. send, bounded and paced, each item once (`helpers/send.ts`);
 * 4. route each item, in input order, to Passed or Failed with its `pairedItem`
 *    (`helpers/route.ts`). Without `continueOnFail` the first error is thrown instead.
 *
 * @returns one array per output: `[passed, failed]` or `[all]`.
 * @throws NodeOperationError for an unknown resource or operation, or the first item error.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (resource !== 'call' || operation !== 'create') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}

	const settings = readRunSettings(this);
	const batch = prepareItems(this, settings);
	const firstError = await sendCalls(this, settings, batch);
	if (firstError) throw firstError;
	return routeResults(settings, batch);
}
