import type { IExecuteFunctions, NodeApiError, NodeExecutionHint, NodeOperationError } from 'n8n-workflow';

import type { CallBatch } from './batch';
import { CALL_TERMS, capitalized, type PlacementTerms } from './operation';
import type { RunSettings } from './settings';

/**
 * Execution hints of a pipeline run (Call → Create, Drip Campaign → Enroll), shown above the output
 * in the editor (n8n's `addExecutionHints`), in `terms` (the operation's words; a call's by
 * default); warnings also go to n8n's log:
 * - a manual run (from the editor) that placed real calls says how many;
 * - each warning the run collected (webhook URLs, a release that failed);
 * - a run in which every call Veritus answered failed compliance says so;
 * - "Skip Calls Already Placed" without a workflow ID (the ledger was not used);
 * - a dry run says that nothing was sent.
 *
 * @returns the hints added (also for tests).
 */
export function addRunHints(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	batch: CallBatch,
	terms: PlacementTerms = CALL_TERMS,
): NodeExecutionHint[] {
	const hints: NodeExecutionHint[] = [];
	const outcomes = batch.results.filter((result) => result?.kind === 'outcome');
	const placed = outcomes.filter((result) => result.passed).length;
	if (!settings.options.dryRun && placed > 0 && ctx.getMode() === 'manual') {
		hints.push({
			type: 'warning',
			message: `This manual run ${terms.placed} ${placed} real ${placed === 1 ? terms.one : terms.many} through Veritus.`,
		});
	}
	for (const message of batch.warnings) {
		hints.push({ type: 'warning', message });
		ctx.logger.warn(`Veritus node "${ctx.getNode().name}": ${message}`);
	}
	if (outcomes.length > 0 && placed === 0) {
		hints.push({
			type: 'info',
			message: `${outcomes.length === 1 ? `The one ${terms.one} Veritus answered` : `Every one of the ${outcomes.length} ${terms.many} Veritus answered`} ${terms.refused}: no ${terms.one} was ${terms.placed}. See failedReasons on the Failed output.`,
		});
	}
	if (batch.ledger === 'noWorkflowId') {
		const message =
			'"Skip Calls Already Placed" needs a saved workflow: this run has no workflow ID, so it ran without the placement ledger. Save the workflow to keep calls from being placed twice across runs.';
		hints.push({ type: 'warning', message });
		ctx.logger.warn(`Veritus node "${ctx.getNode().name}": ${message}`);
	}
	if (settings.options.dryRun) {
		const wouldSend = batch.results.filter((result) => result?.kind === 'dryRun').length;
		hints.push({
			type: 'info',
			message: `Dry run: no request was sent. ${wouldSend} item${wouldSend === 1 ? '' : 's'} would be sent (Passed); the others would be skipped (Failed, with the reason).`,
		});
	}
	if (hints.length && typeof ctx.addExecutionHints === 'function') ctx.addExecutionHints(...hints);
	return hints;
}

/** Most calls a stopped run's error lists by name; the rest are counted. */
const LISTED_CALLS = 50;

/**
 * The error a run ends with when it stops (Stop Workflow, or a stopped execution): `error`, with
 * its description extended by what the run already did, so that n8n's execution view alone shows
 * it (docs/outputs-and-errors.md, "Errors"), in `terms` (the operation's words; a call's by default):
 * - the calls already placed in this run: customer, call ID (or `dripCampaignId`, or the raw
 *   answer's `data.id`) and request ID;
 * - the items whose outcome is unknown (the call may have been placed).
 * The same lists are in `error.context.placedCalls` and `error.context.unknownOutcomes`.
 */
export function withRunSummary<T extends NodeApiError | NodeOperationError>(
	error: T,
	batch: CallBatch,
	terms: PlacementTerms = CALL_TERMS,
): T {
	const placedCalls: Array<{ itemIndex: number; customerId: unknown; callId: unknown; requestId: unknown }> = [];
	const unknownOutcomes: Array<{ itemIndex: number; customerId: unknown }> = [];
	batch.results.forEach((result, itemIndex) => {
		if (result?.kind === 'outcome' && result.passed) {
			const json = result.json as {
				customerId?: unknown;
				callId?: unknown;
				dripCampaignId?: unknown;
				requestId?: unknown;
				data?: { id?: unknown };
			};
			placedCalls.push({
				itemIndex,
				customerId: json.customerId ?? null,
				callId: json.callId ?? json.dripCampaignId ?? json.data?.id ?? null,
				requestId: json.requestId ?? null,
			});
		} else if (result?.kind === 'error' && result.error.context?.callMayHaveBeenPlaced === true) {
			unknownOutcomes.push({ itemIndex, customerId: result.error.context.customerId ?? null });
		}
	});
	const lines: string[] = [];
	const { one, many, placed } = terms;
	if (placedCalls.length) {
		lines.push(`${capitalized(many)} already ${placed} in this run (${placedCalls.length}):`);
		for (const call of placedCalls.slice(0, LISTED_CALLS)) {
			lines.push(
				`- item ${call.itemIndex}: customer ${String(call.customerId)}, ${one} ${String(call.callId)}, request ${String(call.requestId)}`,
			);
		}
		if (placedCalls.length > LISTED_CALLS) lines.push(`- and ${placedCalls.length - LISTED_CALLS} more`);
	} else {
		lines.push(`No ${one} was ${placed} in this run before it stopped.`);
	}
	if (unknownOutcomes.length) {
		lines.push(
			`${capitalized(many)} that may have been ${placed} (outcome unknown; check Veritus) (${unknownOutcomes.length}):`,
		);
		for (const item of unknownOutcomes.slice(0, LISTED_CALLS))
			lines.push(`- item ${item.itemIndex}: customer ${String(item.customerId)}`);
		if (unknownOutcomes.length > LISTED_CALLS) lines.push(`- and ${unknownOutcomes.length - LISTED_CALLS} more`);
	}
	const summary = lines.join('\n');
	error.description = error.description ? `${error.description}\n\n${summary}` : summary;
	error.context.placedCalls = placedCalls;
	error.context.unknownOutcomes = unknownOutcomes;
	return error;
}
