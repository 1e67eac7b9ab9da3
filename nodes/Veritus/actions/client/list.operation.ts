import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import {
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_RETRY_WAIT_MS,
	DEFAULT_TIMEOUT_MS,
	optionsCollection,
} from '../../helpers/requestOptions';
import { runItems, type ItemAnswer, type ItemOperation, type RunnerItem } from '../../helpers/runner';
import { RequestPacer, veritusApiRequest, type ItemRef, type RequestPolicy } from '../../transport';
import { errorForStatus, veritusApiError, type ErrorSubject } from '../../transport/errors';

/** The subject of Client → List: a read that changes nothing, so no outcome is ever unknown. */
export const LIST_SUBJECT: ErrorSubject = Object.freeze({
	noun: 'client list',
	verb: 'read',
	done: 'read',
	unknownFlag: 'clientListMayHaveChanged',
	request: 'request',
	readOnly: true,
});

/** The parameters of Client → List: only the request Options. */
export const description: INodeProperties[] = [
	optionsCollection({ show: { resource: ['client'], operation: ['list'] } }),
];

/** Whether `value` is a plain object. */
function isRecord(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The clients of a `GET /clients` answer's `data` (the API document: `[{ id, name }]`, not
 * paginated), each as Veritus returned it.
 *
 * @returns `undefined` when `data` is not a list of objects with a text `id`.
 */
export function readClients(data: unknown): IDataObject[] | undefined {
	if (!Array.isArray(data)) return undefined;
	return data.every((client) => isRecord(client) && typeof client.id === 'string')
		? (data as IDataObject[])
		: undefined;
}

/**
 * Client → List: `GET /clients` (docs/client.md, "List"). The request takes no parameter, so a
 * run sends **one** request, and each input item yields every client (`{ id, name }`, as Veritus
 * returned them) with that item's `pairedItem`, in Veritus's order: n8n's convention for a list
 * operation, run for each input item. Set the node's "Execute Once" setting to list them once for
 * many input items. A failed request fails every input item (a read changes nothing, so nothing
 * "may have" happened).
 *
 * @returns `[clients]`.
 * @throws NodeApiError: the request's error, unless the node continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation: ItemOperation<RunnerItem> = {
		subject: LIST_SUBJECT,
		chunkSize: Math.max(1, this.getInputData().length),
		prepare: (_ctx, itemIndex) => ({ itemIndex }),
		send: async (_ctx, items, requests) => {
			const response = await requests.send({ method: 'GET', path: '/clients' });
			const clients = readClients(requests.data(response));
			if (!clients) {
				throw requests.error(
					`Veritus answered HTTP ${response.statusCode} without a list of clients`,
					'The answer does not have the published shape { data: [{ id, name }] }.',
					'notPlaced',
					response.statusCode,
				);
			}
			return items.map((): ItemAnswer => ({ items: clients.map((client) => ({ json: { ...client } })) }));
		},
	};
	return await runItems(this, operation);
}

/**
 * The options of a Client drop-down (`loadOptionsMethod: 'getClients'`, Customer → Create's
 * Client): one option per client from `GET /clients`, named by its name and valued by its ID,
 * sorted by name. An expression can still set the ID instead.
 *
 * @throws NodeOperationError with the reason (token rejected, Veritus unreachable, …), which the
 *   editor shows in the drop-down.
 */
export async function getClients(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const node = this.getNode();
	const ref: ItemRef = { itemIndex: 0, customerId: '', subject: LIST_SUBJECT };
	const policy: RequestPolicy = {
		timeoutMs: DEFAULT_TIMEOUT_MS,
		maxAttempts: DEFAULT_MAX_ATTEMPTS,
		maxRetryWaitMs: DEFAULT_MAX_RETRY_WAIT_MS,
		pacer: new RequestPacer(0),
	};
	const failed = (error: { message: string; description?: string | null }) =>
		new NodeOperationError(
			node,
			`Could not load the clients from Veritus: ${error.message.replace(/^\[item \d+\] /, '')}`,
			{ description: error.description ?? undefined },
		);
	let response;
	try {
		response = await veritusApiRequest.call(this, { method: 'GET', path: '/clients' }, policy, ref);
	} catch (error) {
		throw failed(error as Error);
	}
	const { statusCode, body } = response;
	if (statusCode < 200 || statusCode >= 300) throw failed(errorForStatus(node, 0, '', statusCode, body, ref));
	const clients = readClients(isRecord(body) ? body.data : undefined);
	if (!clients) {
		throw failed(
			veritusApiError(
				node,
				{ ...ref, certainty: 'notPlaced', httpCode: statusCode },
				`Veritus answered HTTP ${statusCode} without a list of clients`,
				'The answer does not have the published shape { data: [{ id, name }] }.',
			),
		);
	}
	return clients
		.map((client) => ({
			name: typeof client.name === 'string' && client.name.trim() ? client.name : String(client.id),
			value: String(client.id),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
