import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readCompliance, type ComplianceVerdict } from '../../compliance';
import { customerIdWarnings } from '../../helpers/customerId';
import { withSecretHidden } from '../../helpers/errors';
import { runPlacements, type PlacementOperation, type PlacementOutcome } from '../../pipeline';
import { veritusApiRequest, type RequestPolicy, type RequestRecord } from '../../transport';
import { apiMessage, errorForStatus, veritusApiError } from '../../transport/errors';
import { createCallProperties } from './create.description';
import { dryRunItem, prepare, webhookWarnings, type PreparedCall } from './item';
import { localCheckItem, simplifiedRow, simplifyResponse, type CreateCallResponse } from './output';

/** The parameters of Call → Create, shown in the editor. */
export const description = createCallProperties;

/**
 * Call → Create as the placement pipeline runs it: one request per item,
 * `POST /customers/{customerId}/calls`, the default placement key `<customerId>|<day>`.
 */
export const placement: PlacementOperation<PreparedCall> = {
	prepare: (ctx, itemIndex) => prepare.call(ctx, itemIndex),
	defaultPlacementKey: (call, day) => `${call.customerId}|${day}`,
	send: async (ctx, calls, policy, simplify, record) =>
		await Promise.all(calls.map(async (call) => await sendCall(ctx, call, policy, simplify, record))),
	localItem: (call, check, simplify, extra) => localCheckItem(call, check, simplify, extra),
	dryRunItem,
	warnings: (queue) => [...webhookWarnings(queue), ...customerIdWarnings(queue)],
};

/**
 * Call → Create: places one call per input item, after Veritus's compliance checks, and routes
 * each item to Passed or Failed (docs/call.md, "Create"). The steps are the placement pipeline's
 * (`pipeline/index.ts`); this operation adds its fields and how an answer is read.
 *
 * @returns `[passed, failed]`, or `[all]` with the single-output layout.
 * @throws NodeOperationError or NodeApiError: the run's first error, unless the node continues on
 *   fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runPlacements(this, placement);
}

/**
 * The output json of a call Veritus answered with a compliance result:
 * - Simplify on: the flat row of `output.ts`, whichever shape the result came in;
 * - Simplify off: the response as returned; a `publicFacingMessage` answer (which has no `data`)
 *   also gets `compliancePassed: false` and the parsed `checksFailed`.
 * (docs/outputs-and-errors.md, "Outputs and branching")
 */
function callJson(call: PreparedCall, body: unknown, verdict: ComplianceVerdict, simplify: boolean): IDataObject {
	const record = body as IDataObject;
	if (verdict.source === 'data.compliance') {
		return simplify ? simplifyResponse(call, record as CreateCallResponse) : record;
	}
	if (!simplify) return { ...record, compliancePassed: false, checksFailed: verdict.checksFailed };
	const requestId = typeof record.requestId === 'string' ? record.requestId : undefined;
	return simplifiedRow(call, { requestId }, verdict);
}

/**
 * Sends one prepared call and classifies the answer (the pipeline's send step), with
 * `compliance/` reading every documented shape of a compliance result:
 * - compliance passed, with a 2xx status → Passed;
 * - compliance failed → Failed: `data.compliance.passed === false` at **any** status (the seed
 *   page shows 200 or a 4xx), or a "not eligible" `publicFacingMessage` below 500 (the spec's
 *   422);
 * - anything else → a `NodeApiError` with an actionable message (quoting `publicFacingMessage`).
 *
 * @param simplify "Simplify" toggle: flat fields (true) or the response as returned (false).
 * @param record filled in with what the transport saw (times, attempts, status), even on error.
 * @throws NodeApiError (from the transport or the status mapping).
 */
export async function sendCall(
	ctx: IExecuteFunctions,
	call: PreparedCall,
	policy: RequestPolicy,
	simplify: boolean,
	record: RequestRecord = { attempts: 0 },
): Promise<PlacementOutcome> {
	// An API may quote the request body in its error message; the Secret ID must not surface.
	return await withSecretHidden(
		ctx,
		call.itemIndex,
		call.body.webhook?.secretId,
		async () => await sendAndClassify(ctx, call, policy, simplify, record),
	);
}

/** {@link execute} without the Secret ID guard. */
async function sendAndClassify(
	ctx: IExecuteFunctions,
	call: PreparedCall,
	policy: RequestPolicy,
	simplify: boolean,
	transport: RequestRecord,
): Promise<PlacementOutcome> {
	const node = ctx.getNode();
	const ref = { itemIndex: call.itemIndex, customerId: call.customerId };
	const { statusCode, body } = await veritusApiRequest.call(
		ctx,
		{ method: 'POST', path: call.path, body: call.body },
		policy,
		ref,
		transport,
	);
	const ok = statusCode >= 200 && statusCode < 300;

	const verdict = readCompliance(statusCode, body);
	if (verdict) {
		if (verdict.passed && !ok) {
			throw veritusApiError(
				node,
				{ ...ref, httpCode: statusCode, certainty: 'unknown' },
				`Veritus answered HTTP ${statusCode} although compliance passed`,
				'The answer is contradictory, so the node cannot tell whether the call was placed.',
			);
		}
		return { passed: verdict.passed, json: callJson(call, body, verdict, simplify) };
	}

	if (!ok) throw errorForStatus(node, call.itemIndex, call.customerId, statusCode, body);

	const record = body && typeof body === 'object' ? (body as IDataObject) : undefined;
	if (record?.success === false) {
		// "success: Whether the call was successful" (API document): false means no call.
		const said = apiMessage(body);
		throw veritusApiError(
			node,
			{ ...ref, httpCode: statusCode, certainty: 'notPlaced' },
			`Veritus did not place the call${said ? `: ${said}` : ''}`,
			'Veritus answered success: false without a compliance result.',
		);
	}
	const callId = (record?.data as IDataObject | undefined)?.id;
	throw veritusApiError(
		node,
		{ ...ref, httpCode: statusCode, certainty: 'unknown' },
		record
			? `Veritus answered HTTP ${statusCode} without a compliance result${typeof callId === 'string' ? ` (call ${callId})` : ''}`
			: `Veritus answered HTTP ${statusCode} with a body that is not JSON`,
		'The node cannot tell whether compliance passed.',
	);
}
