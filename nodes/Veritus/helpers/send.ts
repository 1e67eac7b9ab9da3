import { NodeOperationError, type IDataObject, type IExecuteFunctions, type NodeApiError } from 'n8n-workflow';

import * as createCall from '../actions/call/create.operation';
import { RequestPacer, type RequestPolicy, type RequestRecord } from '../transport';
import { veritusApiError } from '../transport/errors';
import type { CallBatch } from './batch';
import { asNodeError } from './errors';
import { executionMemo, requestFingerprint, type Settled } from './executionMemo';
import type { RunSettings } from './settings';

/** What a dry run shows instead of a Secret ID. */
export const MASKED_SECRET = '********';

/**
 * Step 4 of the router: sends the queued items of the batch and writes each result into
 * `batch.results`, and what the transport saw into `batch.requests`.
 *
 * - At most `maxConcurrent` requests are in flight; starts are paced by the requests-per-second
 *   cap (`transport/throttle.ts`).
 * - Each item goes through the execution memo (`executionMemo.ts`), so that n8n's Retry On Fail,
 *   which calls the node again in the same execution, never sends an item twice.
 * - Without `continueOnFail`, the first error stops new sends; requests in flight finish.
 * - When the execution is stopped (n8n's cancel signal), no request starts any more; requests in
 *   flight are cancelled and their items say the outcome is unknown; items never sent say so.
 * - "Dry Run": nothing is sent; each item says what would be sent.
 *
 * @returns the first error when the node does not continue on fail (the router throws it), else
 *   `undefined`.
 */
export async function sendCalls(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	batch: CallBatch,
): Promise<NodeApiError | NodeOperationError | undefined> {
	const { queue } = batch;
	if (!queue.length) return undefined;
	if (settings.options.dryRun) {
		for (const call of queue) batch.results[call.itemIndex] = { kind: 'dryRun', json: dryRunItem(call) };
		return undefined;
	}
	const { options } = settings;
	const credentials = await ctx.getCredentials('veritusApi');
	const signal = typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
	const policy: RequestPolicy = {
		baseUrl: String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
		timeoutMs: options.timeout,
		maxAttempts: options.maxAttempts,
		maxRetryWaitMs: options.maxRetryWait,
		pacer: new RequestPacer(options.requestsPerSecond),
		signal,
	};
	const memo = executionMemo<createCall.CallOutcome & { request: RequestRecord }>(ctx);
	const send = async (
		call: createCall.PreparedCall,
	): Promise<Settled<createCall.CallOutcome & { request: RequestRecord }>> => {
		const request: RequestRecord = { attempts: 0 };
		try {
			return {
				ok: true,
				value: { ...(await createCall.execute.call(ctx, call, policy, settings.simplify, request)), request },
			};
		} catch (error) {
			const nodeError = asNodeError(ctx, error, call.itemIndex);
			nodeError.context.request = request as unknown as IDataObject;
			return { ok: false, error: nodeError, retryable: nodeError.context?.retryable === true };
		}
	};

	let next = 0;
	let firstError: NodeApiError | NodeOperationError | undefined;
	const worker = async () => {
		while (next < queue.length && !firstError && !signal?.aborted) {
			const call = queue[next++];
			const settled = memo
				? await memo.once(call.itemIndex, requestFingerprint(call), async () => await send(call))
				: await send(call);
			if (settled.ok) {
				const { request, ...outcome } = settled.value;
				batch.requests[call.itemIndex] = request;
				batch.results[call.itemIndex] = { kind: 'outcome', ...outcome };
			} else {
				const error = settled.error as NodeApiError;
				batch.requests[call.itemIndex] = error.context?.request as unknown as RequestRecord | undefined;
				batch.results[call.itemIndex] = { kind: 'error', error };
				if (!settings.continueOnFail) firstError ??= error;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(options.maxConcurrent, queue.length) }, worker));

	if (signal?.aborted) {
		batch.stopped = true;
		const node = ctx.getNode();
		for (const call of queue) {
			if (batch.results[call.itemIndex]) continue;
			batch.results[call.itemIndex] = {
				kind: 'error',
				error: veritusApiError(
					node,
					{ itemIndex: call.itemIndex, customerId: call.customerId, certainty: 'notPlaced' },
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

/**
 * The item of a dry run for a call that would be sent: the request exactly as the node would send
 * it (method, path under the Base URL, body), with the webhook Secret ID masked.
 */
function dryRunItem(call: createCall.PreparedCall): IDataObject {
	const body: IDataObject = { ...call.body };
	if (call.body.webhook) body.webhook = { ...call.body.webhook, secretId: MASKED_SECRET };
	return {
		dryRun: true,
		wouldSend: true,
		customerId: call.customerId,
		agentId: call.agentId,
		request: { method: 'POST', path: call.path, body },
	};
}
