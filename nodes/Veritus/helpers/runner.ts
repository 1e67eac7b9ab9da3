import {
	NodeOperationError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type NodeApiError,
	type NodeExecutionHint,
} from 'n8n-workflow';

import {
	RequestPacer,
	veritusApiRequest,
	type ItemRef,
	type RequestPolicy,
	type VeritusRequest,
	type VeritusResponse,
} from '../transport';
import {
	errorForItem,
	errorForStatus,
	hideValues,
	veritusApiError,
	type CallCertainty,
	type ErrorSubject,
} from '../transport/errors';
import { asNodeError } from './errors';
import { isRecord } from './fields';
import { readRequestOptions } from './requestOptions';

/**
 * The runner of operations that place nothing: Customer → Create, Create Many, Update,
 * Client → List, Drip Campaign → Cancel, Call → Get Recording URL, SMS and Email → Generate,
 * Import, Import Many and Interaction → Analyze. Operations that place something that must never
 * be placed twice (a call, a drip campaign enrolment) use the placement pipeline (`pipeline/`)
 * instead, with its ledger.
 *
 * An operation gives {@link runItems} an {@link ItemOperation}: how to read one item, how many
 * items go into one request, how to send a request and read its answer. The runner does the rest,
 * the same way for every operation:
 *
 * 1. **Prepare** every item first (`prepare`): nothing is sent before every item is read. A bad
 *    item throws `[item N] <Field> …` (the run stops, nothing sent) or, when the node continues on
 *    fail, becomes an error item and is never sent.
 * 2. **Warn**: the operation's warnings (`warnings`) become execution hints and log lines.
 * 3. **Send**: the valid items, in input order, one per request or `chunkSize` per request
 *    (bulk; grouped first by `groupBy` when a bulk endpoint takes one customer's items), through
 *    the transport with the run's request options (Timeout, Max Attempts, Max Retry Wait, Max
 *    Requests Per Second, Max Concurrent Requests; 429s waited out). Without
 *    continue-on-fail the first error stops new requests (those in flight finish); a stopped
 *    execution starts none.
 * 4. **Route**: one output item per input item (or several, for a list), in input order, with
 *    `pairedItem`, to the output the answer names. Errors: "Continue (using regular output)" puts
 *    an error item with {@link errorItemJson}'s fields on `errorOutput`; "Continue (using error
 *    output)" puts `{ error }` there, which n8n moves to its error output; otherwise the first
 *    error is thrown, its description saying what the run already did.
 *
 * Errors name the item (`[item N]`) and use the operation's {@link ErrorSubject} ("The customer
 * may have been created"); a request that fails as a whole fails each of its items with its own
 * error. The item's `sensitive` values are removed from every error (message, description,
 * context) before it leaves the runner.
 */

/**
 * One input item, read and validated by an operation. Operations extend it with what their
 * request needs (a body, a path).
 */
export interface RunnerItem {
	/** n8n's 0-based index of the input item. */
	itemIndex: number;
	/** The Veritus customer the item is about, when there is one (named in errors and error items). */
	customerId?: string;
	/**
	 * How a person finds the item's record in Veritus, for "check … in Veritus before trying again":
	 * `external ID 'A-1'`. Default `customer <customerId>`.
	 */
	reference?: string;
	/**
	 * Values of the item that must never appear in an error, a hint or a log line (SSN last four,
	 * date of birth, a secret). The runner removes them from every error of the item.
	 */
	sensitive?: Array<string | undefined>;
	/** Fields every error item of this item carries, such as `{ externalId }` (never a sensitive value). */
	errorFields?: IDataObject;
	/**
	 * What this item's request makes or changes, when it differs from the operation's subject (SMS
	 * → Generate with Persist off stores nothing: a read-only subject, so no error says the SMS
	 * "may have been stored"). Default: the operation's `subject`.
	 */
	subject?: ErrorSubject;
}

/** One output item an answer yields. */
export interface OutputItem {
	json: IDataObject;
	binary?: IBinaryKeyData;
}

/**
 * What became of one item of a request: output items (usually one; a list yields one per entry,
 * possibly none) on output `output` (default 0), or an error for that item alone.
 */
export type ItemAnswer = { output?: number; items: OutputItem[] } | { error: NodeApiError | NodeOperationError };

/** The answer for one item: `json` as one output item on output `output` (default 0). */
export function answer(json: IDataObject, output = 0): ItemAnswer {
	return { output, items: [{ json }] };
}

/** The transport as {@link ItemOperation.send} sees it, for one request of one or more items. */
export interface RunnerRequests {
	/**
	 * Sends `request` through the transport with the run's request options and returns the final
	 * answer, of any HTTP status (n8n's `httpRequestWithAuthentication`: the credential adds the
	 * token and the Base URL).
	 *
	 * @throws NodeApiError for a network failure or a timeout (the subject's wording).
	 */
	send(request: VeritusRequest): Promise<VeritusResponse>;
	/**
	 * `data` of a 2xx answer `{ success: true, data }` (the published success body).
	 *
	 * @throws NodeApiError: {@link statusError} for a status outside 2xx; for a 2xx that is not
	 *   JSON, or `success: false`, an error that says the outcome is unknown.
	 */
	data(response: VeritusResponse): unknown;
	/** The mapped error for an answer the operation does not read itself (401, 404, 5xx, …): throw it. */
	statusError(response: VeritusResponse): NodeApiError;
	/**
	 * An error about the request's answer, naming its first item (the runner gives each item of
	 * the request its own copy when the request fails as a whole).
	 *
	 * @param certainty `unknown` when the request may have taken effect.
	 */
	error(message: string, description: string, certainty: CallCertainty, httpCode?: number): NodeApiError;
}

/** What an operation that places nothing gives {@link runItems}. */
export interface ItemOperation<T extends RunnerItem> {
	/** What the operation's requests make or change, for error wording (`customer`, `created`). */
	subject: ErrorSubject;
	/**
	 * Reads and validates item `itemIndex`. Every item is prepared before anything is sent.
	 *
	 * @throws NodeOperationError `[item N] <Field> <problem>`, never quoting a sensitive value.
	 */
	prepare(ctx: IExecuteFunctions, itemIndex: number): T;
	/**
	 * Items per request: 1 (the default) sends each item alone; more groups the valid items, in
	 * input order, into requests of at most this many (a bulk endpoint).
	 */
	chunkSize?: number;
	/**
	 * For a bulk endpoint that takes the items of one thing only (SMS → Import Many: one customer
	 * per request): the key of that thing. Items of one key go into their own requests, in input
	 * order, `chunkSize` at most each; the keys' requests follow the order in which each key first
	 * appears. Default: every item has the same key.
	 */
	groupBy?(item: T): string;
	/**
	 * Sends one request for `items` and reads the answer.
	 *
	 * @returns one answer per item of `items`, in the same order.
	 * @throws NodeApiError or NodeOperationError when the request fails as a whole: each of its
	 *   items gets that error (`error.context[subject.unknownFlag]` says whether it may have taken
	 *   effect).
	 */
	send(ctx: IExecuteFunctions, items: T[], requests: RunnerRequests): Promise<ItemAnswer[]>;
	/** How many main outputs the node shows for this operation (default 1). */
	outputs?: number;
	/**
	 * The output that error items go to when the node continues on fail (default 0). n8n moves
	 * them to its error output under "Continue (using error output)".
	 */
	errorOutput?: number;
	/** Warnings about the valid items (one sentence each), shown as execution hints and logged. */
	warnings?(items: T[]): string[];
}

/**
 * Whether the node runs as an AI Agent tool: n8n 2.x says so with `isToolExecution()`; n8n 1.x
 * runs the tool variant, whose type ends in "Tool" (`n8n-nodes-veritus.veritusTool`), without
 * that method. A tool's caller reads output 0 only, and errors must reach it.
 */
export function isToolExecution(ctx: IExecuteFunctions): boolean {
	return (typeof ctx.isToolExecution === 'function' && ctx.isToolExecution()) || ctx.getNode().type.endsWith('Tool');
}

/**
 * The json of an error item under "Continue (using regular output)": the message, the
 * description, the item, the HTTP status, whether the request may have taken effect (the
 * subject's flag, such as `customerMayHaveBeenCreated`; not for a read-only subject), the item's
 * customer and its `errorFields`. An item that failed validation has no prepared item: its
 * customer is the error's `context.customerId` when the operation put it there (as
 * `withCustomerId` in `errors.ts` does, when the Customer ID was valid and another field was not).
 */
export function errorItemJson(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
	subject: ErrorSubject,
	item?: RunnerItem,
): IDataObject {
	const context = (error.context ?? {}) as IDataObject;
	const customerId = item ? item.customerId : context.customerId;
	return {
		error: error.message,
		description: error.description ?? null,
		itemIndex,
		...(typeof customerId === 'string' && customerId ? { customerId } : {}),
		...(item?.errorFields ?? {}),
		httpCode: (context.httpCode as number | undefined) ?? null,
		...(subject.readOnly ? {} : { [subject.unknownFlag]: context[subject.unknownFlag] === true }),
	};
}

/** What became of one input item in a run. */
type Settled =
	| { kind: 'answer'; answer: Extract<ItemAnswer, { items: OutputItem[] }> }
	| { kind: 'error'; error: NodeApiError | NodeOperationError };

/**
 * Runs `operation` over every input item (see the module comment for the steps).
 *
 * @returns one array per output (`operation.outputs`), each item with its `pairedItem`.
 * @throws NodeOperationError or NodeApiError: the first invalid item (before anything is sent),
 *   or the run's first request error, unless the node continues on fail.
 */
export async function runItems<T extends RunnerItem>(
	ctx: IExecuteFunctions,
	operation: ItemOperation<T>,
): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const { subject } = operation;
	const toolMode = isToolExecution(ctx);
	const continueOnFail = !toolMode && ctx.continueOnFail();
	const toErrorOutput = continueOnFail && node.onError === 'continueErrorOutput';
	const count = ctx.getInputData().length;
	const settled: Array<Settled | undefined> = new Array(count);
	const items: Array<T | undefined> = new Array(count);

	// 1. Prepare every item before anything is sent.
	const valid: T[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const item = operation.prepare(ctx, itemIndex);
			items[itemIndex] = item;
			valid.push(item);
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			settled[itemIndex] = { kind: 'error', error: nodeError };
		}
	}

	// 2. Warnings.
	const warnings = operation.warnings?.(valid) ?? [];
	if (warnings.length) {
		const hints: NodeExecutionHint[] = warnings.map((message) => ({ type: 'warning', message }));
		for (const message of warnings) ctx.logger.warn(`Veritus node "${node.name}": ${message}`);
		if (typeof ctx.addExecutionHints === 'function') ctx.addExecutionHints(...hints);
	}

	// 3. Send.
	const options = readRequestOptions(ctx);
	const signal = typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
	const policy: RequestPolicy = {
		timeoutMs: options.timeout,
		maxAttempts: options.maxAttempts,
		maxRetryWaitMs: options.maxRetryWait,
		pacer: new RequestPacer(options.requestsPerSecond),
		signal,
	};
	const chunkSize = Math.max(1, Math.floor(operation.chunkSize ?? 1));
	const groups = new Map<string, T[]>();
	for (const item of valid) {
		const key = operation.groupBy ? operation.groupBy(item) : '';
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}
	const requests: T[][] = [];
	for (const group of groups.values()) {
		for (let start = 0; start < group.length; start += chunkSize) requests.push(group.slice(start, start + chunkSize));
	}

	let firstError: NodeApiError | NodeOperationError | undefined;
	const settleError = (item: T, error: NodeApiError | NodeOperationError) => {
		hideValues(error, item.sensitive ?? []);
		settled[item.itemIndex] = { kind: 'error', error };
		if (!continueOnFail) firstError ??= error;
	};
	const sendRequest = async (group: T[]) => {
		const first = group[0];
		const ref: ItemRef = {
			itemIndex: first.itemIndex,
			customerId: first.customerId ?? '',
			subject: first.subject ?? subject,
			reference: first.reference,
			context: first.errorFields,
		};
		const transport: RunnerRequests = {
			send: async (request) => await veritusApiRequest.call(ctx, request, policy, ref),
			statusError: (response) =>
				errorForStatus(node, ref.itemIndex, ref.customerId, response.statusCode, response.body, ref),
			data: (response) => successData(node, ref, response),
			error: (message, description, certainty, httpCode) =>
				veritusApiError(node, { ...ref, certainty, httpCode }, message, description),
		};
		try {
			const answers = await operation.send(ctx, group, transport);
			if (answers.length !== group.length) {
				throw new NodeOperationError(
					node,
					`The operation read ${answers.length} answers for a request of ${group.length} items`,
				);
			}
			group.forEach((item, position) => {
				const result = answers[position];
				if ('error' in result) settleError(item, result.error);
				else settled[item.itemIndex] = { kind: 'answer', answer: result };
			});
		} catch (error) {
			if (group.length === 1) {
				settleError(first, asNodeError(ctx, error, first.itemIndex));
				return;
			}
			const requestError = asNodeError(ctx, error, first.itemIndex);
			const indexes = group.map((item) => item.itemIndex);
			const contiguous = indexes.every((index, position) => position === 0 || index === indexes[position - 1] + 1);
			const span = contiguous
				? `items ${first.itemIndex} to ${group[group.length - 1].itemIndex}`
				: `items ${listIndexes(indexes)}`;
			for (const item of group) {
				const itemError = errorForItem(node, requestError, {
					itemIndex: item.itemIndex,
					customerId: item.customerId ?? '',
					reference: item.reference,
					context: item.errorFields,
					subject: item.subject ?? subject,
				});
				itemError.description =
					`${itemError.description ?? ''} The request carried ${group.length} items (${span}); each of them failed with it.`.trim();
				settleError(item, itemError);
			}
		}
	};
	let next = 0;
	const worker = async () => {
		while (next < requests.length && !firstError && !signal?.aborted) await sendRequest(requests[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(options.maxConcurrent, requests.length) }, worker));

	if (signal?.aborted) {
		for (const item of valid) {
			if (settled[item.itemIndex]) continue;
			settled[item.itemIndex] = {
				kind: 'error',
				error: veritusApiError(
					node,
					{
						itemIndex: item.itemIndex,
						customerId: item.customerId ?? '',
						reference: item.reference,
						context: item.errorFields,
						subject: item.subject ?? subject,
						certainty: 'notPlaced',
					},
					'Not sent: the execution was stopped before this request started',
					`The ${(item.subject ?? subject).noun} was not ${(item.subject ?? subject).done}.`,
				),
			};
		}
		if (!continueOnFail) {
			firstError ??= new NodeOperationError(node, 'The execution was stopped', {
				description: 'Requests in flight were cancelled. No new request was started.',
			});
		}
	}
	if (firstError) throw withSummary(firstError, settled, subject);

	// 4. Route.
	const outputs: INodeExecutionData[][] = Array.from({ length: Math.max(1, operation.outputs ?? 1) }, () => []);
	const errorOutput = toolMode ? 0 : Math.min(operation.errorOutput ?? 0, outputs.length - 1);
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const result = settled[itemIndex];
		if (!result) throw new Error(`Item ${itemIndex} has no result`);
		const pairedItem = { item: itemIndex };
		if (result.kind === 'error') {
			outputs[errorOutput].push(
				toErrorOutput
					? { json: { error: result.error.message }, error: result.error, pairedItem }
					: { json: errorItemJson(result.error, itemIndex, subject, items[itemIndex]), pairedItem },
			);
			continue;
		}
		const output = toolMode ? 0 : Math.min(result.answer.output ?? 0, outputs.length - 1);
		for (const item of result.answer.items) {
			outputs[output].push({ json: item.json, ...(item.binary ? { binary: item.binary } : {}), pairedItem });
		}
	}
	return outputs;
}

/**
 * `data` of a success answer (see {@link RunnerRequests.data}).
 *
 * @throws NodeApiError for any other answer.
 */
function successData(node: INode, ref: ItemRef, response: VeritusResponse): unknown {
	const { statusCode, body } = response;
	if (statusCode < 200 || statusCode >= 300) {
		throw errorForStatus(node, ref.itemIndex, ref.customerId, statusCode, body, ref);
	}
	const record = isRecord(body) ? body : undefined;
	if (!record) {
		throw veritusApiError(
			node,
			{ ...ref, httpCode: statusCode, certainty: 'unknown' },
			`Veritus answered HTTP ${statusCode} with a body that is not JSON`,
			'The node cannot read the answer.',
		);
	}
	if (record.success === false || !('data' in record)) {
		throw veritusApiError(
			node,
			{ ...ref, httpCode: statusCode, certainty: 'unknown' },
			`Veritus answered HTTP ${statusCode} without ${record.success === false ? 'success' : 'data'}`,
			'The answer does not have the published success shape { requestId, success: true, data }.',
		);
	}
	return record.data;
}

/** Most item indexes a summary line lists by number; the rest are counted. */
const LISTED_ITEMS = 50;

/** Item indexes for a sentence: `0, 2, 5`, at most {@link LISTED_ITEMS} of them, then `and N more`. */
function listIndexes(indexes: number[]): string {
	const more = indexes.length > LISTED_ITEMS ? ` and ${indexes.length - LISTED_ITEMS} more` : '';
	return `${indexes.slice(0, LISTED_ITEMS).join(', ')}${more}`;
}

/**
 * The error a run ends with when it stops without continue-on-fail: `error`, its description
 * extended by what the run already did (items Veritus answered, items whose outcome is unknown,
 * items not sent), so that n8n's execution view alone shows it. The same lists are in
 * `error.context.answeredItems`, `unknownOutcomes` and `notSent`.
 */
function withSummary<E extends NodeApiError | NodeOperationError>(
	error: E,
	settled: Array<Settled | undefined>,
	subject: ErrorSubject,
): E {
	const answered: number[] = [];
	const unknown: number[] = [];
	const notSent: number[] = [];
	// A plain loop: `settled` has holes (items never settled), which forEach would skip.
	for (let itemIndex = 0; itemIndex < settled.length; itemIndex++) {
		const result = settled[itemIndex];
		if (result?.kind === 'answer') answered.push(itemIndex);
		else if (result?.kind === 'error' && result.error.context?.[subject.unknownFlag] === true) unknown.push(itemIndex);
		else if (!result) notSent.push(itemIndex);
	}
	const lines = [
		answered.length
			? `Answered by Veritus before the run stopped (${answered.length}): items ${listIndexes(answered)}.`
			: 'No item was answered by Veritus before the run stopped.',
	];
	if (unknown.length) {
		lines.push(
			`Outcome unknown, the ${subject.noun} may have been ${subject.done}; check Veritus (${unknown.length}): items ${listIndexes(unknown)}.`,
		);
	}
	if (notSent.length) lines.push(`Not sent (${notSent.length}): items ${listIndexes(notSent)}.`);
	const summary = lines.join('\n');
	error.description = error.description ? `${error.description}\n\n${summary}` : summary;
	error.context.answeredItems = answered;
	error.context.unknownOutcomes = unknown;
	error.context.notSent = notSent;
	return error;
}
