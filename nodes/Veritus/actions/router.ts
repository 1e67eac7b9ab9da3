import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { executionMemo, type Settled } from '../helpers/executionMemo';
import { repeatedCustomerItem } from '../helpers/output';
import { RequestPacer, type RequestPolicy } from '../transport';
import * as createCall from './call/create.operation';
import {
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_MAX_CONCURRENT,
	DEFAULT_MAX_RETRY_WAIT_MS,
	DEFAULT_TIMEOUT_MS,
} from './description';

/** The node's Options collection, with defaults applied. Node-wide: read from item 0. */
interface RunOptions {
	maxConcurrent: number;
	requestsPerSecond: number;
	timeout: number;
	maxAttempts: number;
	maxRetryWait: number;
	onePerCustomer: boolean;
}

/** What became of one input item; exactly one per item, in input order. */
type ItemResult =
	| { kind: 'outcome'; passed: boolean; json: IDataObject }
	| { kind: 'error'; error: NodeApiError | NodeOperationError };

function readOptions(ctx: IExecuteFunctions): RunOptions {
	const options = ctx.getNodeParameter('options', 0, {}) as Partial<RunOptions>;
	return {
		maxConcurrent: Math.max(1, Math.floor(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT)),
		requestsPerSecond: Math.max(0, options.requestsPerSecond ?? 0),
		timeout: Math.max(1, options.timeout ?? DEFAULT_TIMEOUT_MS),
		maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)),
		maxRetryWait: Math.max(0, options.maxRetryWait ?? DEFAULT_MAX_RETRY_WAIT_MS),
		onePerCustomer: options.onePerCustomer ?? true,
	};
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * The json of an error item under "Continue (using regular output)": the message and what is known
 * about the item, including whether the call may have been placed, so it can be written to a sheet.
 */
function errorJson(error: NodeApiError | NodeOperationError, itemIndex: number): IDataObject {
	const context = (error.context ?? {}) as IDataObject;
	return {
		error: error.message,
		description: error.description ?? null,
		itemIndex,
		customerId: (context.customerId as string | undefined) ?? null,
		httpCode: (context.httpCode as number | undefined) ?? null,
		callMayHaveBeenPlaced: context.callMayHaveBeenPlaced === true,
	};
}

/**
 * The output item for an error under `continueOnFail`. With "Continue (using error output)" the
 * item carries `error`, which makes n8n move it to the error output; n8n then keeps only
 * `{ error: message }` as its json (the message names the item, and the customer when the call
 * may have been placed), and `pairedItem` leads back to the input row. With "Continue (using
 * regular output)" it is a plain item with the fields of {@link errorJson}.
 */
function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
	toErrorOutput: boolean,
): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	if (toErrorOutput) return { json: { error: error.message }, error, pairedItem };
	return { json: errorJson(error, itemIndex), pairedItem };
}

/**
 * The item loop of the Veritus node (README, "The path of one item").
 *
 * 1. Reads and validates **every** item before any call is placed. A bad item throws (naming the
 *    item and field), or, under `continueOnFail`, becomes an error item.
 * 2. Applies "One Call Per Customer Per Run": later rows of a customer go to Failed unsent.
 * 3. Sends the rest with at most `maxConcurrent` requests in flight, paced by the requests-per-second
 *    cap, each through the execution memo so a Retry On Fail re-run never sends an item twice.
 *    Without `continueOnFail`, the first error stops new sends; in-flight ones finish, then it throws.
 * 4. Routes each item, in input order, with `pairedItem: { item: i }`: Passed → output 0,
 *    Failed → output 1 (or 0 with the single-output layout), errors → the Failed side (see
 *    {@link errorItem}), so "Continue (using error output)" moves them to the error output, Passed
 *    never carries an error, and n8n's Retry On Fail never mistakes Passed for a failure. As an
 *    AI tool, everything goes to output 0 (the only output n8n hands the agent), and errors throw.
 *
 * @returns one array per output: `[passed, failed]` or `[all]`.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (resource !== 'call' || operation !== 'create') {
		throw new NodeOperationError(node, `The operation "${operation}" of resource "${resource}" is not supported`);
	}

	// n8n 2.x says so with isToolExecution(); n8n 1.x runs the tool variant, whose type ends in
	// "Tool" (n8n-nodes-veritus.veritusTool), without that method.
	const toolMode = (typeof this.isToolExecution === 'function' && this.isToolExecution()) || node.type.endsWith('Tool');
	const split = !toolMode && this.getNodeParameter('outputLayout', 0, 'split') === 'split';
	const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
	const continueOnFail = !toolMode && this.continueOnFail();
	const toErrorOutput = continueOnFail && node.onError === 'continueErrorOutput';
	const options = readOptions(this);

	const results: ItemResult[] = new Array(items.length);
	const queue: createCall.PreparedCall[] = [];
	const firstItemOfCustomer = new Map<string, number>();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let call: createCall.PreparedCall;
		try {
			call = createCall.prepare.call(this, itemIndex);
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			results[itemIndex] = { kind: 'error', error: asNodeError(this, error, itemIndex) };
			continue;
		}
		const first = firstItemOfCustomer.get(call.dedupeKey);
		if (options.onePerCustomer && first !== undefined) {
			results[itemIndex] = { kind: 'outcome', passed: false, json: repeatedCustomerItem(call, first, simplify) };
			continue;
		}
		firstItemOfCustomer.set(call.dedupeKey, itemIndex);
		queue.push(call);
	}

	if (queue.length) {
		const credentials = await this.getCredentials('veritusApi');
		const policy: RequestPolicy = {
			baseUrl: String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
			timeoutMs: options.timeout,
			maxAttempts: options.maxAttempts,
			maxRetryWaitMs: options.maxRetryWait,
			pacer: new RequestPacer(options.requestsPerSecond),
		};
		const memo = executionMemo<createCall.CallOutcome>(this);
		const send = async (call: createCall.PreparedCall): Promise<Settled<createCall.CallOutcome>> => {
			try {
				return { ok: true, value: await createCall.execute.call(this, call, policy, simplify) };
			} catch (error) {
				const nodeError = asNodeError(this, error, call.itemIndex);
				return { ok: false, error: nodeError, retryable: nodeError.context?.retryable === true };
			}
		};

		let next = 0;
		let firstError: Error | undefined;
		const worker = async () => {
			while (next < queue.length && !firstError) {
				const call = queue[next++];
				const fingerprint = `${call.path} ${JSON.stringify(call.body)}`;
				const settled = memo ? await memo.once(call.itemIndex, fingerprint, async () => await send(call)) : await send(call);
				if (settled.ok) {
					results[call.itemIndex] = { kind: 'outcome', ...settled.value };
				} else {
					results[call.itemIndex] = { kind: 'error', error: settled.error as NodeApiError };
					if (!continueOnFail) firstError ??= settled.error;
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(options.maxConcurrent, queue.length) }, worker));
		if (firstError) throw firstError;
	}

	const passedItems: INodeExecutionData[] = [];
	const failedItems: INodeExecutionData[] = split ? [] : passedItems;
	results.forEach((result, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (result.kind === 'outcome') {
			(result.passed ? passedItems : failedItems).push({ json: result.json, pairedItem });
		} else {
			failedItems.push(errorItem(result.error, itemIndex, toErrorOutput));
		}
	});
	return split ? [passedItems, failedItems] : [passedItems];
}
