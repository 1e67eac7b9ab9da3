import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeApiError,
} from 'n8n-workflow';

import { asNodeError } from '../../helpers/errors';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RETRY_WAIT_MS, DEFAULT_TIMEOUT_MS } from '../../pipeline/settings';
import { RequestPacer, type RequestPolicy } from '../../transport';
import type { ErrorSubject } from '../../transport/errors';

/** One input item of an operation that places nothing, read and validated. */
export interface EachItem {
	/** n8n's 0-based index of the input item. */
	itemIndex: number;
	/** The customer the item is about (named in errors and error items). */
	customerId: string;
	/** Fields every error item of this item carries, such as `{ dripCampaignId }`. */
	errorFields?: IDataObject;
}

/** What an operation that places nothing gives {@link runEachItem}. */
export interface EachItemOperation<T extends EachItem> {
	/** What the request changes, for the errors' wording and the error item's flag. */
	subject: ErrorSubject;
	/**
	 * Reads and validates item `itemIndex`; every item is prepared before anything is sent.
	 *
	 * @throws NodeOperationError `[item N] <Field> <problem>`.
	 */
	prepare(ctx: IExecuteFunctions, itemIndex: number): T;
	/**
	 * Sends the item's request and reads the answer.
	 *
	 * @returns the output item's json.
	 * @throws NodeApiError naming the item.
	 */
	send(ctx: IExecuteFunctions, item: T, policy: RequestPolicy): Promise<IDataObject>;
}

/**
 * A small per-item loop for an operation that places nothing and so needs neither the placement
 * ledger nor Passed and Failed (Drip Campaign → Cancel). Kept in this resource on purpose, behind
 * this one function, so that it can be swapped for the node's shared runner of operations that
 * place nothing once there is one.
 *
 * 1. Every item is prepared (validated) before anything is sent. A bad item throws, or becomes an
 *    error item when the node continues on fail, and is never sent.
 * 2. The valid items are sent one at a time, in input order, with the pipeline's default timeout
 *    and retry budget (429s and refused connections are retried; nothing else). A stopped
 *    execution starts no new request.
 * 3. One output item per input item, in input order, with `pairedItem`, on one output. Errors:
 *    "Continue (using regular output)" gives an item with `error`, `description`, `itemIndex`,
 *    `customerId`, the item's `errorFields`, `httpCode` and the subject's flag (whether the request
 *    may have taken effect); "Continue (using error output)" gives `{ error }`, which n8n moves to
 *    its error output; otherwise the first error is thrown, its description naming the items
 *    Veritus already answered. As an AI Agent tool, errors always throw.
 *
 * @returns `[items]`: one output.
 * @throws NodeOperationError or NodeApiError: the first invalid item (nothing sent), or the first
 *   request error, unless the node continues on fail.
 */
export async function runEachItem<T extends EachItem>(
	ctx: IExecuteFunctions,
	operation: EachItemOperation<T>,
): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const toolMode = (typeof ctx.isToolExecution === 'function' && ctx.isToolExecution()) || node.type.endsWith('Tool');
	const continueOnFail = !toolMode && ctx.continueOnFail();
	const toErrorOutput = continueOnFail && node.onError === 'continueErrorOutput';
	const count = ctx.getInputData().length;
	const results: Array<{ json: IDataObject } | { error: NodeApiError | NodeOperationError; item?: T }> = new Array(
		count,
	);

	const valid: T[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			valid.push(operation.prepare(ctx, itemIndex));
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results[itemIndex] = { error: nodeError };
		}
	}

	const signal = typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
	const policy: RequestPolicy = {
		timeoutMs: DEFAULT_TIMEOUT_MS,
		maxAttempts: DEFAULT_MAX_ATTEMPTS,
		maxRetryWaitMs: DEFAULT_MAX_RETRY_WAIT_MS,
		pacer: new RequestPacer(0),
		signal,
	};
	for (const item of valid) {
		if (signal?.aborted) {
			const stopped = new NodeOperationError(
				node,
				`[item ${item.itemIndex}] Not sent: the execution was stopped before this request started`,
				{ itemIndex: item.itemIndex, description: `Nothing was changed for this item in Veritus.` },
			);
			if (!continueOnFail) throw withAnswered(stopped, results);
			results[item.itemIndex] = { error: stopped, item };
			continue;
		}
		try {
			results[item.itemIndex] = { json: await operation.send(ctx, item, policy) };
		} catch (error) {
			const nodeError = asNodeError(ctx, error, item.itemIndex);
			if (!continueOnFail) throw withAnswered(nodeError, results);
			results[item.itemIndex] = { error: nodeError, item };
		}
	}

	const output: INodeExecutionData[] = [];
	results.forEach((result, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if ('json' in result) {
			output.push({ json: result.json, pairedItem });
			return;
		}
		const { error } = result;
		if (toErrorOutput) {
			output.push({ json: { error: error.message }, error, pairedItem });
			return;
		}
		const context = (error.context ?? {}) as IDataObject;
		output.push({
			json: {
				error: error.message,
				description: error.description ?? null,
				itemIndex,
				customerId: result.item?.customerId ?? (context.customerId as string | undefined) ?? null,
				...(result.item?.errorFields ?? {}),
				httpCode: (context.httpCode as number | undefined) ?? null,
				[operation.subject.unknownFlag]: context[operation.subject.unknownFlag] === true,
			},
			pairedItem,
		});
	});
	return [output];
}

/** `error`, its description extended by the items Veritus already answered in this run. */
function withAnswered<E extends NodeApiError | NodeOperationError>(
	error: E,
	results: Array<{ json: IDataObject } | object | undefined>,
): E {
	const answered = results.flatMap((result, itemIndex) => (result && 'json' in result ? [itemIndex] : []));
	const summary = answered.length
		? `Items Veritus answered before the run stopped (${answered.length}): ${answered.slice(0, 50).join(', ')}${answered.length > 50 ? ', …' : ''}.`
		: 'No item was answered by Veritus before the run stopped.';
	error.description = error.description ? `${error.description}\n\n${summary}` : summary;
	return error;
}
