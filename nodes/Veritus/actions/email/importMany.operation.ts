import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { customerIdWarnings } from '../../helpers/customerId';
import { interactionsPerRequestOption } from '../../helpers/interactionFields';
import { readInteractionsPerRequest, sendImportBulk, type PreparedImport } from '../../helpers/interactions';
import { optionsCollection } from '../../helpers/requestOptions';
import { runItems, type ItemOperation } from '../../helpers/runner';
import { showFor } from './fields';
import { IMPORT_SUBJECT, prepareEmailImport } from './item';

/**
 * The parameters of Email → Import Many: the fields of Import (one email per item, shown for both in
 * `fields.ts`) and Options with "Interactions Per Request".
 */
export const description: INodeProperties[] = [
	optionsCollection(showFor(['importMany']), [interactionsPerRequestOption('emails')]),
];

/**
 * Email → Import Many: `POST /customers/{customerId}/interactions/email/import/bulk` (docs/email.md,
 * "Import Many"). The bulk endpoint takes one customer's emails, so the valid items are grouped by
 * Customer ID (input order kept inside each customer) and sent in requests of at most
 * "Interactions Per Request" (default and most 100, the API's limit). Veritus answers each email on
 * its own (partial success); each result goes back to its input item (`sendImportBulk`: a
 * failure by its `index`, the successes in order), with `pairedItem`:
 * - imported → the interaction, as for Import;
 * - not imported → an error for that item alone, quoting Veritus's reason.
 * A request that fails as a whole (timeout, reset, 4xx, 5xx, an answer that cannot be mapped
 * back) fails only its own items, each saying whether Veritus may have imported it
 * (`emailMayHaveBeenImported`). Items that fail validation are never sent.
 *
 * @returns `[imported]`.
 * @throws NodeOperationError or NodeApiError: the first bad item or error, unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation: ItemOperation<PreparedImport> = {
		subject: IMPORT_SUBJECT,
		chunkSize: readInteractionsPerRequest(this),
		groupBy: (item) => item.customerId,
		prepare: prepareEmailImport,
		warnings: customerIdWarnings,
		send: async (ctx, items, requests) => await sendImportBulk(ctx.getNode(), 'email', items, requests, IMPORT_SUBJECT),
	};
	return await runItems(this, operation);
}
