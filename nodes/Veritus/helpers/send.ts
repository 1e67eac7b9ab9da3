import type { IExecuteFunctions, NodeApiError } from 'n8n-workflow';

import * as createCall from '../actions/call/create.operation';
import { RequestPacer, type RequestPolicy } from '../transport';
import type { CallBatch } from './batch';
import { asNodeError } from './errors';
import { executionMemo, type Settled } from './executionMemo';
import type { RunSettings } from './settings';

/**
 * Step 3 of the router: sends the queued items of the batch and writes each result into
 * `batch.results`.
 *
 * - At most `maxConcurrent` requests are in flight; starts are paced by the requests-per-second
 *   cap (`transport/throttle.ts`).
 * - Each item goes through the execution memo (`executionMemo.ts`), so that n8n's Retry On Fail,
 *   which calls the node again in the same execution, never sends an item twice.
 * - Without `continueOnFail`, the first error stops new sends; requests in flight finish.
 *
 * @returns the first error when the node does not continue on fail (the router throws it after
 *   routing what it can), else `undefined`.
 */
export async function sendCalls(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	batch: CallBatch,
): Promise<NodeApiError | undefined> {
	const { queue } = batch;
	if (!queue.length) return undefined;
	const { options } = settings;
	const credentials = await ctx.getCredentials('veritusApi');
	const policy: RequestPolicy = {
		baseUrl: String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
		timeoutMs: options.timeout,
		maxAttempts: options.maxAttempts,
		maxRetryWaitMs: options.maxRetryWait,
		pacer: new RequestPacer(options.requestsPerSecond),
	};
	const memo = executionMemo<createCall.CallOutcome>(ctx);
	const send = async (call: createCall.PreparedCall): Promise<Settled<createCall.CallOutcome>> => {
		try {
			return { ok: true, value: await createCall.execute.call(ctx, call, policy, settings.simplify) };
		} catch (error) {
			const nodeError = asNodeError(ctx, error, call.itemIndex);
			return { ok: false, error: nodeError, retryable: nodeError.context?.retryable === true };
		}
	};

	let next = 0;
	let firstError: NodeApiError | undefined;
	const worker = async () => {
		while (next < queue.length && !firstError) {
			const call = queue[next++];
			const fingerprint = `${call.path} ${JSON.stringify(call.body)}`;
			const settled = memo ? await memo.once(call.itemIndex, fingerprint, async () => await send(call)) : await send(call);
			if (settled.ok) {
				batch.results[call.itemIndex] = { kind: 'outcome', ...settled.value };
			} else {
				batch.results[call.itemIndex] = { kind: 'error', error: settled.error as NodeApiError };
				if (!settings.continueOnFail) firstError ??= settled.error as NodeApiError;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(options.maxConcurrent, queue.length) }, worker));
	return firstError;
}
