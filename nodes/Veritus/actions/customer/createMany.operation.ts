import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../helpers/requestOptions';
import { runItems, type ItemAnswer, type ItemOperation, type RunnerRequests } from '../../helpers/runner';
import { veritusApiError } from '../../transport/errors';
import { showFor } from './fields';
import { prepareCustomer, type PreparedCustomer } from './item';
import {
	alreadyExistsAnswer,
	createdAnswer,
	CREATE_SUBJECT,
	isRecord,
	readCreateLayout,
	saysAlreadyExists,
	type CreateLayout,
} from './output';

/**
 * Default of "Customers Per Request". The API document gives no limit for `POST /customers/bulk`;
 * 100 is the limit it gives for the other bulk operations (calls, SMS and email imports).
 */
export const DEFAULT_CUSTOMERS_PER_REQUEST = 100;

/** Largest "Customers Per Request" offered. */
export const MAX_CUSTOMERS_PER_REQUEST = 1000;

/**
 * The parameters of Customer → Create Many: the fields of Create (shown for both in
 * `fields.ts`) and Options with "Customers Per Request".
 */
export const description: INodeProperties[] = [
	optionsCollection(showFor(['createMany']), [
		{
			displayName: 'Customers Per Request',
			name: 'chunkSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CUSTOMERS_PER_REQUEST },
			default: DEFAULT_CUSTOMERS_PER_REQUEST,
			description:
				'How many customers go into one bulk request. Veritus documents no limit; a request that fails as a whole fails only its own customers.',
		},
	]),
];

/**
 * Customer → Create Many: `POST /customers/bulk`, the valid items in input order, "Customers Per
 * Request" per request (docs/customer.md, "Create Many"). Veritus answers each customer on its
 * own, in request order (`data.results[i]` is the request's `customers[i]`), so partial success is
 * normal; each result goes back to its input item:
 * - `{ success: true, customer }` → Created, as for Create;
 * - `{ success: false, error }` saying the External ID already exists → Already Exists;
 * - another `{ success: false, error }` → an error for that item alone: Veritus did not create it.
 * A request that fails as a whole (timeout, reset, 4xx, 5xx, an answer that cannot be mapped back)
 * fails only its own items, each saying whether Veritus may have created it
 * (`customerMayHaveBeenCreated`: yes after a timeout, a reset or a 5xx; no after a 4xx). Items
 * that fail validation are never sent.
 *
 * @returns `[created, alreadyExists]`, or `[all]` with the single-output layout.
 * @throws NodeOperationError or NodeApiError: the first bad item or error, unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const layout = readCreateLayout(this);
	const options = this.getNodeParameter('options', 0, {}) as { chunkSize?: unknown };
	const chunkSize =
		typeof options.chunkSize === 'number' && Number.isFinite(options.chunkSize)
			? Math.min(MAX_CUSTOMERS_PER_REQUEST, Math.max(1, Math.floor(options.chunkSize)))
			: DEFAULT_CUSTOMERS_PER_REQUEST;
	const operation: ItemOperation<PreparedCustomer> = {
		subject: CREATE_SUBJECT,
		outputs: layout.outputs,
		errorOutput: layout.errors,
		chunkSize,
		prepare: prepareCustomer,
		send: async (ctx, customers, requests) => await sendBulk(ctx, customers, requests, layout),
	};
	return await runItems(this, operation);
}

/**
 * Sends one bulk request and maps `data.results` back to `customers`, position by position.
 *
 * @throws NodeApiError for a request that failed as a whole, or an answer that cannot be mapped
 *   back (a different number of results, or a result naming another External ID): the customers
 *   may have been created.
 */
async function sendBulk(
	ctx: IExecuteFunctions,
	customers: PreparedCustomer[],
	requests: RunnerRequests,
	layout: CreateLayout,
): Promise<ItemAnswer[]> {
	const response = await requests.send({
		method: 'POST',
		path: '/customers/bulk',
		body: { customers: customers.map((customer) => customer.body) },
	});
	const data = requests.data(response);
	const results = isRecord(data) ? data.results : undefined;
	const unreadable = (why: string) =>
		requests.error(
			`Veritus's answer to the bulk request cannot be mapped back to its customers: ${why}`,
			'The node cannot tell which customers were created.',
			'unknown',
			response.statusCode,
		);
	if (!Array.isArray(results)) throw unreadable('it has no results list');
	if (results.length !== customers.length) {
		throw unreadable(`${results.length} results for ${customers.length} customers`);
	}
	const node = ctx.getNode();
	return customers.map((customer, position): ItemAnswer => {
		const result = results[position] as unknown;
		if (!isRecord(result)) throw unreadable(`result ${position} is not an object`);
		const named = isRecord(result.customer) ? result.customer.externalId : result.externalId;
		if (named !== undefined && named !== null && String(named) !== customer.externalId) {
			throw unreadable(`result ${position} names another External ID than the request's customer ${position}`);
		}
		if (result.success === true && isRecord(result.customer) && typeof result.customer.id === 'string') {
			return createdAnswer(result.customer, layout);
		}
		if (result.success === false) {
			const text = typeof result.error === 'string' ? result.error.trim() : '';
			if (saysAlreadyExists(text)) return alreadyExistsAnswer(customer.externalId, text, layout);
			return {
				error: veritusApiError(
					node,
					{
						itemIndex: customer.itemIndex,
						customerId: '',
						reference: customer.reference,
						context: customer.errorFields as IDataObject,
						subject: CREATE_SUBJECT,
						certainty: 'notPlaced',
						httpCode: response.statusCode,
					},
					`Veritus did not create the customer${text ? `: ${text.slice(0, 300)}` : ''}`,
					"Veritus answered this customer of the bulk request on its own as not created. Fix the item's fields and run it again.",
				),
			};
		}
		throw unreadable(`result ${position} says neither success with a customer nor failure`);
	});
}
