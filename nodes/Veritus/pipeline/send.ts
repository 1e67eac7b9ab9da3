import { NodeOperationError, type IDataObject, type IExecuteFunctions, type NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../helpers/errors';
import { RequestPacer, type RequestPolicy, type RequestRecord } from '../transport';
import { veritusApiError } from '../transport/errors';
import type { CallBatch } from './batch';
import { executionMemo, requestFingerprint, type Settled } from './executionMemo';
import type { PlacementItem, PlacementOperation, PlacementOutcome } from './operation';
import type { RunSettings } from './settings';

/** What the memo keeps of one sent item: its outcome and what the transport saw of its request. */
type Sent = PlacementOutcome & { request: RequestRecord };

/**
 * The pipeline's send step: sends the queued items of the batch and writes each result into
 * `batch.results`, and what the transport saw into `batch.requests`.
 *
 * - The operation groups the items into requests (`operation.group`; one item per request by
 *   default) and sends each (`operation.send`).
 * - At most `maxConcurrent` requests are in flight; starts are paced by the requests-per-second
 *   cap (`transport/throttle.ts`).
 * - Each item goes through the execution memo (`executionMemo.ts`), so that n8n's Retry On Fail,
 *   which calls the node again in the same execution, never sends an item twice.
 * - Without `continueOnFail`, the first error stops new sends; requests in flight finish.
 * - When the execution is stopped (n8n's cancel signal), no request starts any more; requests in
 *   flight are cancelled and their items say the outcome is unknown; items never sent say so.
 * - "Dry Run": nothing is sent; each item says what would be sent (`operation.dryRunItem`).
 *
 * @returns the first error when the node does not continue on fail (the pipeline throws it), else
 *   `undefined`.
 */
export async function sendPlacements<T extends PlacementItem>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	operation: PlacementOperation<T>,
	batch: CallBatch<T>,
): Promise<NodeApiError | NodeOperationError | undefined> {
	const { queue } = batch;
	if (!queue.length) return undefined;
	if (settings.options.dryRun) {
		for (const item of queue) batch.results[item.itemIndex] = { kind: 'dryRun', json: operation.dryRunItem(item) };
		return undefined;
	}
	const { options } = settings;
	const signal = typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
	const policy: RequestPolicy = {
		timeoutMs: options.timeout,
		maxAttempts: options.maxAttempts,
		maxRetryWaitMs: options.maxRetryWait,
		pacer: new RequestPacer(options.requestsPerSecond),
		signal,
	};
	const memo = executionMemo<Sent>(ctx);
	/**
	 * Sends `items` as one request: one settled result per item, never a rejection. An error for
	 * one item of the answer (a bulk result) settles like a failed request: the memo lets n8n's
	 * Retry On Fail send it again only when it is retryable (certainly not placed).
	 */
	const send = async (items: T[]): Promise<Array<Settled<Sent>>> => {
		const request: RequestRecord = { attempts: 0 };
		const failed = (error: NodeApiError | NodeOperationError): Settled<Sent> => {
			error.context.request = request as unknown as IDataObject;
			return { ok: false, error, retryable: error.context?.retryable === true };
		};
		try {
			const results = await operation.send(ctx, items, policy, settings.simplify, request);
			return results.map((result) =>
				'error' in result ? failed(result.error) : { ok: true, value: { ...result, request } },
			);
		} catch (error) {
			const nodeError = failed(asNodeError(ctx, error, items[0].itemIndex));
			return items.map(() => nodeError);
		}
	};

	const requests = operation.group ? operation.group(queue) : queue.map((item) => [item]);
	let next = 0;
	let firstError: NodeApiError | NodeOperationError | undefined;
	const settle = (item: T, settled: Settled<Sent>) => {
		if (settled.ok) {
			const { request, ...outcome } = settled.value;
			batch.requests[item.itemIndex] = request;
			batch.results[item.itemIndex] = { kind: 'outcome', passed: outcome.passed, json: outcome.json };
			return;
		}
		const error = settled.error as NodeApiError;
		batch.requests[item.itemIndex] = error.context?.request as unknown as RequestRecord | undefined;
		batch.results[item.itemIndex] = { kind: 'error', error };
		if (!settings.continueOnFail) firstError ??= error;
	};
	const worker = async () => {
		while (next < requests.length && !firstError && !signal?.aborted) {
			const items = requests[next++];
			const settled = memo
				? await memo.onceEach(
						items.map((item) => ({ itemIndex: item.itemIndex, fingerprint: requestFingerprint(item) })),
						async (positions) => await send(positions.map((position) => items[position])),
					)
				: await send(items);
			items.forEach((item, position) => settle(item, settled[position]));
		}
	};
	await Promise.all(Array.from({ length: Math.min(options.maxConcurrent, requests.length) }, worker));

	if (signal?.aborted) {
		batch.stopped = true;
		const node = ctx.getNode();
		for (const item of queue) {
			if (batch.results[item.itemIndex]) continue;
			batch.results[item.itemIndex] = {
				kind: 'error',
				error: veritusApiError(
					node,
					{ itemIndex: item.itemIndex, customerId: item.customerId, certainty: 'notPlaced' },
					'Not sent: the execution was stopped before this request started',
					'The call was not placed.',
				),
			};
		}
		if (!settings.continueOnFail) {
			firstError ??= new NodeOperationError(node, 'The execution was stopped', {
				description:
					'Requests in flight were cancelled, so their calls may have been placed. No new request was started.',
			});
		}
	}
	return firstError;
}
