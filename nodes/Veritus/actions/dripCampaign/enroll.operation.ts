import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { withSecretHidden } from '../../helpers/errors';
import { runPlacements, type PlacementOperation, type PlacementOutcome } from '../../pipeline';
import { veritusApiRequest, type RequestPolicy, type RequestRecord } from '../../transport';
import { enrollProperties } from './enroll.description';
import {
	defaultEnrolmentKey,
	ENROLMENT_SUBJECT,
	ENROLMENT_TERMS,
	enrolmentDryRunItem,
	enrolmentLocalItem,
	enrolmentWarnings,
	prepareEnrolment,
	readEnrolmentAnswer,
	type PreparedEnrolment,
} from './enrollment';

/** The parameters of Drip Campaign → Enroll, shown in the editor. */
export const description = enrollProperties;

/**
 * Drip Campaign → Enroll as the placement pipeline runs it: one request per item,
 * `POST /customers/{customerId}/drip-campaigns`, the default placement key
 * `enroll|<customerId>|<campaignName>` (no date: one enrolment per customer and campaign, ever,
 * for this workflow), the pipeline's messages in enrolment words.
 */
export const placement: PlacementOperation<PreparedEnrolment> = {
	prepare: (ctx, itemIndex) => prepareEnrolment(ctx, itemIndex),
	defaultPlacementKey: (item) => defaultEnrolmentKey(item),
	send: async (ctx, items, policy, simplify, record) =>
		await Promise.all(items.map(async (item) => await sendEnrolment(ctx, item, policy, simplify, record))),
	localItem: enrolmentLocalItem,
	dryRunItem: enrolmentDryRunItem,
	warnings: enrolmentWarnings,
	terms: ENROLMENT_TERMS,
};

/**
 * Drip Campaign → Enroll: enrols each input item's customer in a drip campaign that Veritus then
 * runs on its own (SMS and calls, until the customer engages), after Veritus's compliance checks.
 * Passed: enrolled, starting now or at the next compliant time; Failed: blocked by compliance,
 * already enrolled (409), or stopped by a check of this node (the placement ledger among them), so
 * no customer is enrolled twice by re-runs, Retry On Fail or duplicate events
 * (docs/drip-campaign.md, "Enroll").
 *
 * @returns `[passed, failed]`, or `[all]` with the single-output layout.
 * @throws NodeOperationError or NodeApiError: the run's first error, unless the node continues on
 *   fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runPlacements(this, placement);
}

/**
 * Sends one prepared enrolment and reads the answer (`readEnrolmentAnswer`), the webhook Secret ID
 * kept out of every error.
 *
 * @param record filled in with what the transport saw (times, attempts, status), even on error.
 * @throws NodeApiError naming the item (from the transport or the answer).
 */
export async function sendEnrolment(
	ctx: IExecuteFunctions,
	item: PreparedEnrolment,
	policy: RequestPolicy,
	simplify: boolean,
	record: RequestRecord = { attempts: 0 },
): Promise<PlacementOutcome> {
	return await withSecretHidden(ctx, item.itemIndex, item.body.webhook?.secretId, async () => {
		const { statusCode, body } = await veritusApiRequest.call(
			ctx,
			{ method: 'POST', path: item.path, body: item.body },
			policy,
			{ itemIndex: item.itemIndex, customerId: item.customerId, subject: ENROLMENT_SUBJECT },
			record,
		);
		return readEnrolmentAnswer(ctx.getNode(), item, statusCode, body, simplify);
	});
}
