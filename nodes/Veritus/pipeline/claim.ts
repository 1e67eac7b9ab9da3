import { NodeOperationError, type IExecuteFunctions, type NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../helpers/errors';
import { PlacementLedger } from '../ledger';
import type { CallBatch } from './batch';
import { executionMemo, requestFingerprint } from './executionMemo';
import { alreadyPlacedItem } from './localChecks';
import { CALL_TERMS, type PlacementItem, type PlacementOperation, type PlacementTerms } from './operation';
import type { RunSettings } from './settings';

/**
 * The pipeline's claim step: the placement ledger (docs/placement-ledger.md, "The placement ledger"). Claims the
 * placement key of every queued item in one write, before any of them is sent, so that two
 * executions racing each other cannot both send the same call.
 *
 * - An item whose key is already claimed (an earlier run placed or attempted the call) leaves the
 *   queue and goes to Failed with the local check `local:already-placed`, naming the key.
 * - Two items of this run with one key: the first is claimed, the later ones go to Failed the same
 *   way.
 * - An item that an earlier try of this execution already sent (n8n's Retry On Fail) keeps that
 *   try's claim and is not claimed again; the execution memo answers it.
 * - "Dry Run": the keys are checked, never claimed.
 * - Without a workflow ID the run goes on without the ledger (`batch.ledger = 'noWorkflowId'`);
 *   the hints say so.
 *
 * @throws NodeOperationError when n8n's database cannot be written, unless the node continues on
 *   fail: then every queued item becomes an error item and nothing is sent.
 */
export async function claimPlacements<T extends PlacementItem>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	operation: PlacementOperation<T>,
	batch: CallBatch<T>,
): Promise<void> {
	if (!settings.options.skipPlaced) return;
	const ledger = openLedger(ctx, settings);
	if (!ledger) {
		batch.ledger = 'noWorkflowId';
		return;
	}
	batch.ledger = settings.options.dryRun ? 'checked' : 'on';
	if (!batch.queue.length) return;

	const memo = executionMemo(ctx);
	const claimers = new Map<string, T>();
	const toClaim: T[] = [];
	for (const call of batch.queue) {
		if (memo?.willReuse(call.itemIndex, requestFingerprint(call))) continue;
		const first = claimers.get(call.placementKey);
		if (first) {
			skip(batch, operation, call, settings, `it has the same Placement Key as item ${first.itemIndex} of this run`);
			continue;
		}
		claimers.set(call.placementKey, call);
		toClaim.push(call);
	}

	let taken: Set<string>;
	try {
		const keys = toClaim.map((call) => call.placementKey);
		checkLedgerFits(ctx, settings, keys.length);
		if (settings.options.dryRun) {
			taken = new Set(await ledger.peek(keys));
		} else {
			const { alreadyClaimed } = await ledger.claim(keys);
			taken = new Set(alreadyClaimed);
		}
	} catch (error) {
		const nodeError = asNodeError(ctx, error, batch.queue[0].itemIndex);
		if (!settings.continueOnFail) throw nodeError;
		for (const call of batch.queue) batch.results[call.itemIndex] ??= { kind: 'error', error: nodeError };
		batch.queue = [];
		return;
	}
	for (const call of toClaim) {
		if (taken.has(call.placementKey)) {
			const { one, placed } = operation.terms ?? CALL_TERMS;
			skip(
				batch,
				operation,
				call,
				settings,
				`an earlier run of this workflow already ${placed} or attempted this ${one}`,
			);
		} else if (!settings.options.dryRun) {
			batch.claimed.add(call.itemIndex);
		}
	}
	batch.queue = batch.queue.filter((call) => batch.results[call.itemIndex] === undefined);
}

/**
 * The pipeline's settle step, after sending: releases the claims of items whose call was **certainly not placed**, so
 * a later run can place them: Veritus's compliance blocked the call, the API refused the request
 * (4xx, a 429 after the retry budget, a refused connection), or the item was never sent because
 * the run stopped on another item's error or the execution was stopped. Claims of placed calls and
 * of unknown outcomes (timeout, reset, 5xx) are kept.
 *
 * A release that fails (n8n's database) does not fail the run: the calls are already done. The
 * keys stay claimed, and a warning in the run's hints names them, in `terms` (the operation's words).
 */
export async function settlePlacements(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	batch: CallBatch,
	terms: PlacementTerms = CALL_TERMS,
): Promise<void> {
	if (batch.ledger !== 'on' || !batch.claimed.size) return;
	const release: string[] = [];
	for (const itemIndex of batch.claimed) {
		const result = batch.results[itemIndex];
		const certainlyNotPlaced =
			result === undefined ||
			(result.kind === 'outcome' && !result.passed) ||
			(result.kind === 'error' && !callMayHaveBeenPlaced(result.error));
		if (certainlyNotPlaced) release.push(batch.keys[itemIndex] ?? '');
	}
	const keys = release.filter(Boolean);
	if (!keys.length) return;
	const ledger = openLedger(ctx, settings);
	try {
		await ledger?.release(keys);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		batch.warnings.push(
			`The placement ledger could not release ${keys.length} key(s) of ${terms.many} that were not ${terms.placed} (${reason}). Later runs will skip them until you release them with Placement Ledger → Release: ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}.`,
		);
	}
}

/** Entries a claim writes besides its keys: the write token (docs/queue-mode.md, "Two workers at once"). */
const CLAIM_OVERHEAD_ENTRIES = 1;

/**
 * Refuses a claim that the ledger could not hold: n8n drops a record's oldest entries beyond
 * "Ledger Size" at once, so a run that claims more keys than that would lose some of its own
 * claims in the same write, and a re-run or a duplicate delivery could place those calls again.
 *
 * @throws NodeOperationError naming the run's keys and the Ledger Size, before anything is sent.
 */
function checkLedgerFits(ctx: IExecuteFunctions, settings: RunSettings, keys: number): void {
	const needed = keys + CLAIM_OVERHEAD_ENTRIES;
	if (needed <= settings.options.ledgerSize) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`This run would claim ${keys} placement keys, more than "Ledger Size" (${settings.options.ledgerSize}) can hold. No call was placed.`,
		{
			description: `The ledger forgets its oldest entries beyond Ledger Size at once, so some of this run's calls could be placed again by a re-run. Raise Ledger Size (Options) to at least ${needed}, better to the calls of a few days, or send fewer items per run.`,
		},
	);
}

/** Whether a failed item's call may exist (timeout, reset, 5xx, stopped in flight). */
export function callMayHaveBeenPlaced(error: NodeApiError | NodeOperationError): boolean {
	return error.context?.callMayHaveBeenPlaced === true;
}

function openLedger(ctx: IExecuteFunctions, settings: RunSettings): PlacementLedger | undefined {
	return PlacementLedger.open(ctx, {
		maxEntries: settings.options.ledgerSize,
		settleMs: settings.options.ledgerSettleTime,
	});
}

/** Settles `call` as skipped by the ledger: Failed, with `local:already-placed` naming its key. */
function skip<T extends PlacementItem>(
	batch: CallBatch<T>,
	operation: PlacementOperation<T>,
	call: T,
	settings: RunSettings,
	why: string,
): void {
	batch.results[call.itemIndex] = { kind: 'local', json: alreadyPlacedItem(operation, call, why, settings.simplify) };
}
