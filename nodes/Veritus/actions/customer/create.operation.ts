import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../helpers/requestOptions';
import { runItems, type ItemOperation } from '../../helpers/runner';
import { apiMessage } from '../../transport/errors';
import { createFields, showFor } from './fields';
import { prepareCustomer, type PreparedCustomer } from './item';
import { alreadyExistsAnswer, createdAnswer, CREATE_SUBJECT, isRecord, readCreateLayout } from './output';

/** The parameters of Customer → Create (shared with Create Many), and its Options. */
export const description: INodeProperties[] = [...createFields, optionsCollection(showFor(['create']))];

/**
 * Customer → Create: `POST /customers`, one request per item (docs/customer.md, "Create").
 * - 200: the customer as Veritus returned it (with its `id`, the customer ID calls need) →
 *   Created;
 * - 409 (the External ID exists): not an error in a sync → Already Exists, `alreadyExists: true`
 *   with the External ID and Veritus's sentence (Veritus gives no customer ID);
 * - anything else: an error naming the item (`transport/errors.ts`), which says when the customer
 *   may have been created (timeout, reset, 5xx).
 *
 * @returns `[created, alreadyExists]`, or `[all]` with the single-output layout.
 * @throws NodeOperationError or NodeApiError: the first bad item or error, unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const layout = readCreateLayout(this);
	const operation: ItemOperation<PreparedCustomer> = {
		subject: CREATE_SUBJECT,
		outputs: layout.outputs,
		errorOutput: layout.errors,
		prepare: prepareCustomer,
		send: async (_ctx, [customer], requests) => {
			const response = await requests.send({ method: 'POST', path: '/customers', body: customer.body });
			if (response.statusCode === 409) {
				return [alreadyExistsAnswer(customer.externalId, apiMessage(response.body), layout)];
			}
			const data = requests.data(response);
			if (!isRecord(data) || typeof data.id !== 'string') {
				throw requests.error(
					`Veritus answered HTTP ${response.statusCode} without the customer's id`,
					'The answer does not have the published shape, so the node cannot tell whether the customer was created.',
					'unknown',
					response.statusCode,
				);
			}
			return [createdAnswer(data, layout)];
		},
	};
	return await runItems(this, operation);
}
