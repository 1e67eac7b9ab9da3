import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { customerIdWarnings } from '../../helpers/customerId';
import { isRecord } from '../../helpers/interactions';
import { optionsCollection } from '../../helpers/requestOptions';
import { answer, runItems, type ItemOperation } from '../../helpers/runner';
import { generateFields, showFor } from './fields';
import { GENERATE_SUBJECTS, prepareSmsGenerate, type PreparedSmsGenerate } from './item';

/** The parameters of SMS → Generate, and its Options. */
export const description: INodeProperties[] = [...generateFields, optionsCollection(showFor(['generate']))];

/**
 * SMS → Generate: `POST /customers/{customerId}/interactions/sms/generate`, one request per item
 * (docs/sms.md, "Generate"). Veritus's agent writes an SMS for the customer; Veritus does not
 * send it.
 * - 200: `{ message, threadId? }` as Veritus returned it (`threadId` only when stored), with the
 *   item's `customerId` and `persisted` (the Persist sent), on the one output;
 * - With Persist on (default) Veritus stores the SMS as an outbound message of the customer: an
 *   error after sending (timeout, reset, 5xx) says it may have been stored
 *   (`smsMayHaveBeenStored`). With Persist off nothing is stored, and a retry is harmless.
 * - 404 "Customer not found": an error naming the item and the Customer ID; a Customer ID that
 *   is not a UUID gets the warning hint (`helpers/customerId.ts`).
 *
 * @returns `[generated]`.
 * @throws NodeOperationError or NodeApiError: the first bad item or error, unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation: ItemOperation<PreparedSmsGenerate> = {
		subject: GENERATE_SUBJECTS.stored,
		prepare: prepareSmsGenerate,
		warnings: customerIdWarnings,
		send: async (_ctx, [item], requests) => {
			const response = await requests.send({ method: 'POST', path: item.path, body: item.body });
			const data = requests.data(response);
			if (!isRecord(data) || typeof data.message !== 'string') {
				throw requests.error(
					`Veritus answered HTTP ${response.statusCode} without the generated message`,
					item.body.persist
						? 'The answer does not have the published shape, so the node cannot tell whether the SMS was generated and stored.'
						: 'The answer does not have the published shape { message }.',
					'unknown',
					response.statusCode,
				);
			}
			return [answer({ ...data, customerId: item.customerId, persisted: item.body.persist })];
		},
	};
	return await runItems(this, operation);
}
