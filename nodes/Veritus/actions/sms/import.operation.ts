import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { customerIdWarnings } from '../../helpers/customerId';
import { sendImport, type PreparedImport } from '../../helpers/interactions';
import { optionsCollection } from '../../helpers/requestOptions';
import { runItems, type ItemOperation } from '../../helpers/runner';
import { importFields, showFor } from './fields';
import { IMPORT_SUBJECT, prepareSmsImport } from './item';

/**
 * The parameters of SMS → Import: the fields of Import (shown for Import and Import Many in
 * `fields.ts`) and its Options.
 */
export const description: INodeProperties[] = [...importFields, optionsCollection(showFor(['import']))];

/**
 * SMS → Import: `POST /customers/{customerId}/interactions/sms/import`, one request per item
 * (docs/sms.md, "Import"). Records an SMS that your own system sent or received, so that
 * Veritus's compliance counts see it; Veritus sends nothing.
 * - 200: the interaction as Veritus returned it (`{ id, threadId, channel: "sms", direction,
 *   customerId, timestamp, createdAt }`), on the one output;
 * - 400: Veritus's own message quoted; 404 "Customer not found" names the Customer ID;
 * - a timeout, a reset or a 5xx may have imported it (`smsMayHaveBeenImported`): the API has no
 *   idempotency key, so sending it again may store it twice.
 *
 * @returns `[imported]`.
 * @throws NodeOperationError or NodeApiError: the first bad item or error, unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation: ItemOperation<PreparedImport> = {
		subject: IMPORT_SUBJECT,
		prepare: prepareSmsImport,
		warnings: customerIdWarnings,
		send: async (_ctx, [item], requests) => await sendImport('sms', item, requests),
	};
	return await runItems(this, operation);
}
