import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { customerIdWarnings } from '../../helpers/customerId';
import { isRecord } from '../../helpers/interactions';
import { optionsCollection } from '../../helpers/requestOptions';
import { answer, runItems, type ItemOperation } from '../../helpers/runner';
import { generateFields, showFor } from './fields';
import { GENERATE_SUBJECTS, prepareEmailGenerate, type PreparedEmailGenerate } from './item';

/** The parameters of Email → Generate, and its Options. */
export const description: INodeProperties[] = [...generateFields, optionsCollection(showFor(['generate']))];

/**
 * Email → Generate: `POST /customers/{customerId}/interactions/email/generate`, one request per item
 * (docs/email.md, "Generate"). Veritus's agent writes an email for the customer (HTML and plain text); Veritus does not
 * send it.
 * - 200: `{ htmlBody, plainTextBody, threadId? }` as Veritus returned it (`threadId` only when stored), with the
 *   item's `customerId` and `persisted` (the Persist sent), on the one output;
 * - With Persist on (default) Veritus stores the email as an outbound message of the customer: an
 *   error after sending (timeout, reset, 5xx) says it may have been stored
 *   (`emailMayHaveBeenStored`). With Persist off nothing is stored, and a retry is harmless.
 * - 404 "Customer not found": an error naming the item and the Customer ID; a Customer ID that
 *   is not a UUID gets the warning hint (`helpers/customerId.ts`).
 *
 * @returns `[generated]`.
 * @throws NodeOperationError or NodeApiError: the first bad item or error, unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation: ItemOperation<PreparedEmailGenerate> = {
		subject: GENERATE_SUBJECTS.stored,
		prepare: prepareEmailGenerate,
		warnings: customerIdWarnings,
		send: async (_ctx, [item], requests) => {
			const response = await requests.send({ method: 'POST', path: item.path, body: item.body });
			const data = requests.data(response);
			if (!isRecord(data) || (typeof data.htmlBody !== 'string' && typeof data.plainTextBody !== 'string')) {
				throw requests.error(
					`Veritus answered HTTP ${response.statusCode} without the generated email`,
					item.body.persist
						? 'The answer does not have the published shape, so the node cannot tell whether the email was generated and stored.'
						: 'The answer does not have the published shape { htmlBody, plainTextBody }.',
					'unknown',
					response.statusCode,
				);
			}
			return [answer({ ...data, customerId: item.customerId, persisted: item.body.persist })];
		},
	};
	return await runItems(this, operation);
}
