import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { customerIdWarnings } from '../../helpers/customerId';
import { sendImport, type PreparedImport } from '../../helpers/interactions';
import { optionsCollection } from '../../helpers/requestOptions';
import { runItems, type ItemOperation } from '../../helpers/runner';
import { importFields, showFor } from './fields';
import { IMPORT_SUBJECT, prepareEmailImport } from './item';

/**
 * The parameters of Email → Import: the fields of Import (shown for Import and Import Many in
 * `fields.ts`) and its Options.
 */
export const description: INodeProperties[] = [...importFields, optionsCollection(showFor(['import']))];

/**
 * Email → Import: `POST /customers/{customerId}/interactions/email/import`, one request per item
 * (docs/email.md, "Import"). Records an email that your own system sent or received, so that
 * Veritus's compliance counts see it; Veritus sends nothing.
 * - 200: the interaction as Veritus returned it (`{ id, threadId, messageId?, channel: "email",
 *   direction, customerId, timestamp, createdAt }`), on the one output;
 * - 400: Veritus's own message quoted; 404 "Customer not found" names the Customer ID;
 * - a timeout, a reset or a 5xx may have imported it (`emailMayHaveBeenImported`): the API has no
 *   idempotency key, so sending it again may store it twice.
 *
 * @returns `[imported]`.
 * @throws NodeOperationError or NodeApiError: the first bad item or error, unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation: ItemOperation<PreparedImport> = {
		subject: IMPORT_SUBJECT,
		prepare: prepareEmailImport,
		warnings: customerIdWarnings,
		send: async (_ctx, [item], requests) => await sendImport('email', item, requests),
	};
	return await runItems(this, operation);
}
