import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { customerIdWarnings } from '../../helpers/customerId';
import { optionsCollection } from '../../helpers/requestOptions';
import { answer, runItems, type ItemOperation } from '../../helpers/runner';
import { showFor, updateFields } from './fields';
import { prepareUpdate, type PreparedUpdate } from './item';
import { isRecord, UPDATE_SUBJECT } from './output';

/** The parameters of Customer → Update. */
export const description: INodeProperties[] = [...updateFields, optionsCollection(showFor(['update']))];

/**
 * Customer → Update: `PATCH /customers/{customerId}`, one request per item, with only the fields
 * given and `null` for each of Fields to Clear (docs/customer.md, "Update"). The External ID cannot
 * be changed (the API document's update body has none).
 * - 200: the customer as Veritus returned it, on the one output;
 * - 404 "Customer not found": an error naming the item and the Customer ID;
 * - a Customer ID that is not a UUID is sent anyway, with a warning hint (`helpers/customerId.ts`).
 *
 * @returns `[updated]`.
 * @throws NodeOperationError or NodeApiError: the first bad item or error, unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation: ItemOperation<PreparedUpdate> = {
		subject: UPDATE_SUBJECT,
		prepare: prepareUpdate,
		warnings: customerIdWarnings,
		send: async (_ctx, [update], requests) => {
			const response = await requests.send({ method: 'PATCH', path: update.path, body: update.body });
			const data = requests.data(response);
			if (!isRecord(data)) {
				throw requests.error(
					`Veritus answered HTTP ${response.statusCode} without the customer`,
					'The answer does not have the published shape, so the node cannot tell whether the customer was updated.',
					'unknown',
					response.statusCode,
				);
			}
			return [answer(data)];
		},
	};
	return await runItems(this, operation);
}
