import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { joinReasons, readCompliance, type ComplianceCheck } from '../../compliance';
import { customerIdWarnings, isVeritusCustomerId } from '../../helpers/customerId';
import { withCustomerId } from '../../helpers/errors';
import { isRecord } from '../../helpers/fields';
import {
	coerceIdentifier,
	customerIdPathSegment,
	readParameter,
	validateWebhook,
	type OptionalSecretWebhookBody,
} from '../../helpers/validation';
import { MASKED_SECRET, webhookUrlWarnings } from '../../helpers/webhook';
import type { PlacementItem, PlacementOutcome, PlacementTerms } from '../../pipeline';
import { apiMessage, errorForStatus, veritusApiError, type ErrorSubject } from '../../transport/errors';

/**
 * How errors of Drip Campaign → Enroll name what the request makes: "The enrolment may have been
 * made", "Veritus did not make the enrolment". The flag stays the pipeline's
 * `callMayHaveBeenPlaced` (an enrolment that starts places a call at once), so the ledger keeps
 * the claim of an enrolment whose outcome is unknown.
 */
export const ENROLMENT_SUBJECT: ErrorSubject = Object.freeze({
	noun: 'enrolment',
	verb: 'make',
	done: 'made',
	unknownFlag: 'callMayHaveBeenPlaced',
	request: 'enrolment',
});

/** How the placement pipeline's messages name enrolments ("Enrolment Already Made", hints, a stopped run). */
export const ENROLMENT_TERMS: PlacementTerms = {
	one: 'enrolment',
	many: 'enrolments',
	place: 'make',
	placed: 'made',
	per: 'customer and campaign',
	onePerRunOption: 'One Enrolment Per Customer And Campaign Per Run',
	refused: 'was refused (blocked by compliance, or already enrolled)',
	defaultKey:
		'enroll|Customer ID|Campaign Name, so this workflow enrolls a customer in a campaign once. To enroll again later, use a key with a date or a CRM event ID, or release the key.',
};

/** The check id of a Failed row whose customer Veritus says is already in the campaign (its 409). */
export const ALREADY_ENROLLED_CHECK = 'already-enrolled';

/** One enrolment item, read and validated, ready to send. Produced by {@link prepareEnrolment}. */
export interface PreparedEnrolment extends PlacementItem {
	/** The Campaign Name, trimmed, as sent. */
	campaignName: string;
	/** `/customers/{customerId}/drip-campaigns`, the ID percent-encoded as one path segment. */
	path: string;
	/** The request body: `{ campaignName, webhook? }` (API document, `CustomersDripCampaignsPostRequest`). */
	body: { campaignName: string; webhook?: OptionalSecretWebhookBody };
}

/**
 * The customer and campaign as the default placement key and "One Enrolment Per Customer And
 * Campaign Per Run" compare them: `<customerId>|<campaignName>`. A Customer ID that is a UUID is
 * lower-cased (Veritus's IDs are case-insensitive, and a CRM may export them in upper case), so
 * one customer has one key; any other ID, and the campaign name, are kept as sent.
 */
export function enrolmentKey(customerId: string, campaignName: string): string {
	return `${isVeritusCustomerId(customerId) ? customerId.toLowerCase() : customerId}|${campaignName}`;
}

/**
 * The default placement key of an enrolment: `enroll|<customerId>|<campaignName>` (see
 * {@link enrolmentKey}). It has no date: by default this workflow enrols a customer in a campaign
 * once, ever (until the key is released or leaves the ledger). (docs/drip-campaign.md, "Enroll")
 */
export function defaultEnrolmentKey(item: { customerId: string; campaignName: string }): string {
	return `enroll|${enrolmentKey(item.customerId, item.campaignName)}`;
}

/**
 * Reads and validates item `itemIndex` of Drip Campaign → Enroll (the pipeline's prepare step):
 * - Customer ID: text or a safe integer, trimmed, one encoded path segment (`helpers/validation.ts`);
 * - Campaign Name: text or a number, trimmed, not empty, no control characters, at most 256
 *   characters (the name Veritus assigned; the API document says only that it is a string);
 * - Webhook: empty, or a URL (absolute http(s)) with an optional Secret ID (a UUID): the API
 *   document requires only `url` inside `webhook`.
 *
 * @throws NodeOperationError `[item N] <Field> <problem>`, with the Customer ID in its context.
 */
export function prepareEnrolment(ctx: IExecuteFunctions, itemIndex: number): PreparedEnrolment {
	const node = ctx.getNode();
	const customerId = coerceIdentifier(
		node,
		itemIndex,
		'Customer ID',
		readParameter(ctx, 'customerId', 'Customer ID', itemIndex),
	);
	let campaignName: string;
	let webhook: OptionalSecretWebhookBody | undefined;
	let segment: string;
	try {
		campaignName = coerceIdentifier(
			node,
			itemIndex,
			'Campaign Name',
			readParameter(ctx, 'campaignName', 'Campaign Name', itemIndex),
		);
		webhook = validateWebhook(node, itemIndex, readParameter(ctx, 'webhook', 'Webhook', itemIndex), {
			secretRequired: false,
		});
		segment = customerIdPathSegment(node, itemIndex, customerId);
	} catch (error) {
		throw withCustomerId(ctx, error, itemIndex, customerId);
	}
	return {
		itemIndex,
		customerId,
		campaignName,
		path: `/customers/${segment}/drip-campaigns`,
		body: webhook ? { campaignName, webhook } : { campaignName },
		dedupeKey: enrolmentKey(customerId, campaignName),
		placementKey: '',
	};
}

/**
 * The item of a dry run for an enrolment that would be sent: the request exactly as the node
 * would send it (method, path under the Base URL, body), with a webhook Secret ID masked.
 */
export function enrolmentDryRunItem(item: PreparedEnrolment): IDataObject {
	const body: IDataObject = { ...item.body };
	if (item.body.webhook?.secretId) body.webhook = { ...item.body.webhook, secretId: MASKED_SECRET };
	return {
		dryRun: true,
		wouldSend: true,
		customerId: item.customerId,
		campaignName: item.campaignName,
		request: { method: 'POST', path: item.path, body },
	};
}

/**
 * The warnings of an enrolment run, one sentence each, for the run's hints: webhook URLs that will
 * not reach the workflow (an n8n test URL, localhost, one resume URL for several items), worded for
 * drip campaign updates (`helpers/webhook.ts`), and Customer IDs that are not Veritus customer IDs
 * (UUIDs) but look like your own account numbers (`helpers/customerId.ts`).
 */
export function enrolmentWarnings(queue: PreparedEnrolment[]): string[] {
	return [...webhookUrlWarnings(queue, 'drip campaign updates', 'enrolments'), ...customerIdWarnings(queue)];
}

/** What Veritus told about one enrolment, for {@link enrolmentRow}; any field may be unknown. */
export interface EnrolmentFacts {
	enrolled: boolean;
	alreadyEnrolled?: boolean;
	/** The enrolment's `data` (the emulator's `{ id, status, startsAt, … }`; the API document gives none). */
	data?: IDataObject;
	requestId?: string;
	compliance?: { passed: boolean; checksPassed: ComplianceCheck[]; checksFailed: ComplianceCheck[] };
}

/**
 * The flat row of the "Simplify" toggle for an enrolment: the same columns for every item, so a
 * sheet written from Passed and Failed has one header. (docs/drip-campaign.md, "Enroll")
 *
 * Columns: `customerId`, `campaignName`, `enrolled` (this run enrolled the customer: Passed),
 * `dripCampaignId` (`data.id`, the ID Cancel takes and the Veritus Trigger's `dripCampaignId`),
 * `dripCampaignStatus` (`data.status`: `in-progress` or `scheduled`), `startsAt` (`data.startsAt`,
 * ISO 8601), `startsNow` (`true` for `in-progress`, `false` for `scheduled`, else `null`),
 * `alreadyEnrolled`, `compliancePassed` (`null` when the answer held no compliance result),
 * `failedCheckIds` (string[]), `failedReasons` (one string, `; `-separated), `requestId`,
 * `checksPassed` / `checksFailed` (check objects). Missing values are `null`. A scheduled
 * enrolment is Passed, and its failed checks are the time-bound ones that made Veritus wait.
 */
export function enrolmentRow(item: { customerId: string; campaignName: string }, facts: EnrolmentFacts): IDataObject {
	const data = facts.data ?? {};
	const text = (value: unknown) => (typeof value === 'string' ? value : null);
	const status = text(data.status);
	const checksPassed = facts.compliance?.checksPassed ?? [];
	const checksFailed = facts.compliance?.checksFailed ?? [];
	return {
		customerId: item.customerId,
		campaignName: item.campaignName,
		enrolled: facts.enrolled,
		dripCampaignId: text(data.id),
		dripCampaignStatus: status,
		startsAt: text(data.startsAt),
		startsNow: status === 'in-progress' ? true : status === 'scheduled' ? false : null,
		alreadyEnrolled: facts.alreadyEnrolled === true,
		compliancePassed: facts.compliance ? facts.compliance.passed : null,
		failedCheckIds: checksFailed.map((check) => check.id),
		failedReasons: joinReasons(checksFailed),
		requestId: facts.requestId ?? null,
		checksPassed,
		checksFailed,
	};
}

/**
 * The Failed item of an enrolment that a check of this node kept from being sent (its id starts
 * with `local:`). Simplify on: the columns of {@link enrolmentRow}, the local check as the only
 * failed check; off: `{ skipped: true, customerId, campaignName, …extra, reason }`.
 */
export function enrolmentLocalItem(
	item: PreparedEnrolment,
	check: ComplianceCheck,
	simplify: boolean,
	extra: IDataObject = {},
): IDataObject {
	if (!simplify) {
		return {
			skipped: true,
			customerId: item.customerId,
			campaignName: item.campaignName,
			...extra,
			reason: check.reason,
		};
	}
	return enrolmentRow(item, {
		enrolled: false,
		compliance: { passed: false, checksPassed: [], checksFailed: [check] },
	});
}

/** `body` when it is a JSON object, else `undefined`. */
function objectBody(body: unknown): IDataObject | undefined {
	return isRecord(body) ? body : undefined;
}

/**
 * Reads Veritus's answer to one enrolment (the pipeline's send step). The API document gives Enroll
 * no response, so the node reads what comes back (docs/drip-campaign.md, "What comes back"):
 *
 * - **2xx** without `success: false` (a JSON body of any shape, or an empty body) → **Passed**:
 *   Veritus enrolled the customer, now or at the next compliant time. `data.status` says which when
 *   the answer has it (the emulator's `{ id, customerId, campaignName, status: in-progress |
 *   scheduled, startsAt, compliance, createdAt }`); a compliance result in the answer is reported,
 *   its failed checks being the time-bound ones a scheduled start waits for.
 * - a **compliance verdict** that failed, in any documented shape (a 422 "not eligible"
 *   `publicFacingMessage`, or `data.compliance.passed: false` with `success: false` or a 4xx) →
 *   **Failed**, with the rules parsed, as for calls (`compliance/`).
 * - **409** → **Failed**, `alreadyEnrolled: true`, check `already-enrolled` quoting Veritus (the
 *   emulator's answer for a customer already in that campaign, in progress or scheduled).
 * - anything else → an error: 404 customer not found, 400 the field Veritus names, 401/403, 429
 *   after the retry budget, 5xx (the enrolment may have been made), a 2xx with `success: false`
 *   (not made), a 2xx whose body is text but not JSON (unknown).
 *
 * @param simplify flat row (true) or the answer as returned, plus `compliancePassed` /
 *   `checksFailed` for a "not eligible" sentence and `alreadyEnrolled` for a 409 (false).
 * @throws NodeApiError naming the item and, when unknown, that the enrolment may have been made.
 */
export function readEnrolmentAnswer(
	node: INode,
	item: PreparedEnrolment,
	statusCode: number,
	body: unknown,
	simplify: boolean,
): PlacementOutcome {
	const ref = { itemIndex: item.itemIndex, customerId: item.customerId, subject: ENROLMENT_SUBJECT };
	const ok = statusCode >= 200 && statusCode < 300;
	const record = objectBody(body);
	const requestId = typeof record?.requestId === 'string' ? record.requestId : undefined;
	const verdict = readCompliance(statusCode, body);
	const compliance = verdict
		? { passed: verdict.passed, checksPassed: verdict.checksPassed, checksFailed: verdict.checksFailed }
		: undefined;

	// A failed verdict blocks, except the compliance result of a successful enrolment (a scheduled
	// start lists the time-bound checks it waits for).
	const blocked =
		verdict && !verdict.passed && (verdict.source === 'publicFacingMessage' || !ok || record?.success === false);
	const empty = body === '' || body === undefined || body === null;
	if (ok && !blocked && record?.success !== false && (record || empty)) {
		const data = objectBody(record?.data);
		return {
			passed: true,
			json: simplify ? enrolmentRow(item, { enrolled: true, data, requestId, compliance }) : (record ?? {}),
		};
	}
	if (verdict && blocked) {
		const raw = record ?? {};
		return {
			passed: false,
			json: simplify
				? enrolmentRow(item, { enrolled: false, data: objectBody(raw.data), requestId, compliance })
				: verdict.source === 'publicFacingMessage'
					? { ...raw, compliancePassed: false, checksFailed: verdict.checksFailed }
					: raw,
		};
	}
	if (verdict?.passed && !ok) {
		throw veritusApiError(
			node,
			{ ...ref, httpCode: statusCode, certainty: 'unknown' },
			`Veritus answered HTTP ${statusCode} although compliance passed`,
			'The answer is contradictory, so the node cannot tell whether the customer was enrolled.',
		);
	}
	if (statusCode === 409) {
		const said = apiMessage(body) ?? `Customer is already enrolled in drip campaign '${item.campaignName}'`;
		const check: ComplianceCheck = {
			id: ALREADY_ENROLLED_CHECK,
			name: 'Already Enrolled',
			description: 'Veritus answered 409: the customer is in this drip campaign already (in progress or scheduled)',
			reason: said,
		};
		return {
			passed: false,
			json: simplify
				? enrolmentRow(item, {
						enrolled: false,
						alreadyEnrolled: true,
						requestId,
						compliance: { passed: false, checksPassed: [], checksFailed: [check] },
					})
				: { ...(record ?? {}), alreadyEnrolled: true },
		};
	}
	if (!ok)
		throw errorForStatus(node, item.itemIndex, item.customerId, statusCode, body, { subject: ENROLMENT_SUBJECT });
	if (record) {
		// "success: false" without a compliance result: Veritus says it did not enrol.
		const said = apiMessage(body);
		throw veritusApiError(
			node,
			{ ...ref, httpCode: statusCode, certainty: 'notPlaced' },
			`Veritus did not make the enrolment${said ? `: ${said}` : ''}`,
			'Veritus answered success: false without a compliance result.',
		);
	}
	throw veritusApiError(
		node,
		{ ...ref, httpCode: statusCode, certainty: 'unknown' },
		`Veritus answered HTTP ${statusCode} with a body that is not JSON`,
		'The node cannot tell whether Veritus enrolled the customer.',
	);
}
