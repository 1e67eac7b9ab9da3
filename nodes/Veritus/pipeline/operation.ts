import type { IDataObject, IExecuteFunctions, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ComplianceCheck } from '../compliance';
import type { RequestPolicy, RequestRecord } from '../transport';

/**
 * One input item, read and validated by an operation, on its way through the placement pipeline.
 * An operation extends it with its own fields (Call → Create: `agentId`).
 */
export interface PlacementItem {
	/** n8n's 0-based index of the input item. */
	itemIndex: number;
	/** The customer, as sent: named in error messages and in the run summary. */
	customerId: string;
	/** Key for "One Call Per Customer Per Run": at most one item per key is sent in a run. */
	dedupeKey: string;
	/**
	 * Key of the placement ledger ("Placement Key"): one placement that must never be made twice.
	 * Set by the prepare step (`prepare.ts`); empty until then.
	 */
	placementKey: string;
	/** The item's part of the request: path (percent-encoded, under the Base URL) and body. */
	path: string;
	body: object;
}

/**
 * How the pipeline's messages (local checks, hints, a stopped run's summary, ledger warnings) name
 * what an operation places. Each field is lower case; the pipeline capitalises where a sentence or
 * a check name starts. {@link CALL_TERMS} gives Call → Create's words, the default.
 */
export interface PlacementTerms {
	/** One placement: `call`, `enrolment`. */
	one: string;
	/** Several: `calls`, `enrolments`. */
	many: string;
	/** The verb: `place` (a call), `make` (an enrolment). */
	place: string;
	/** Its past participle: `placed`, `made`. */
	placed: string;
	/** What "One … Per Run" keeps unique: `customer`, `customer and campaign`. */
	per: string;
	/** The display name of that option: `One Call Per Customer Per Run`. */
	onePerRunOption: string;
	/** What every answered-but-failed item did, after "The one call Veritus answered": `failed its compliance checks`. */
	refused: string;
	/**
	 * What the Placement Key option says after "Empty: ": the default key and when to set another,
	 * as sentences (`the Customer ID plus today's date in the workflow's time zone. …`).
	 */
	defaultKey: string;
}

/** Call → Create's words: the default of every {@link PlacementOperation} without `terms`. */
export const CALL_TERMS: PlacementTerms = {
	one: 'call',
	many: 'calls',
	place: 'place',
	placed: 'placed',
	per: 'customer',
	onePerRunOption: 'One Call Per Customer Per Run',
	refused: 'failed its compliance checks',
	defaultKey:
		"the Customer ID plus today's date in the workflow's time zone. Use a CRM event ID or a campaign name with the customer instead.",
};

/** `text` with its first letter in upper case: `call` → `Call`. */
export function capitalized(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What Veritus answered for one sent item: Passed (compliance passed) or Failed (blocked). */
export interface PlacementOutcome {
	passed: boolean;
	/** The output item's json: simplified fields or the raw API response. */
	json: IDataObject;
}

/** The answer for one item of a request: an outcome, or an error for that item alone. */
export type SendResult = PlacementOutcome | { error: NodeApiError | NodeOperationError };

/**
 * What an operation that places something through Veritus (a call; later a bulk of calls, a drip
 * campaign enrolment) gives the pipeline. The pipeline owns the steps every such operation shares,
 * in this order: prepare every item → claim the placement keys in the ledger → send, bounded and
 * paced, each item once → release the claims of what was certainly not placed → hints → route
 * (docs/outputs-and-errors.md, "Outputs and branching"). The operation owns only what differs: its fields, its
 * default placement key, how items become requests, and how an answer becomes outcomes.
 */
export interface PlacementOperation<T extends PlacementItem = PlacementItem> {
	/**
	 * Reads and validates item `itemIndex` (every item is prepared before anything is sent).
	 *
	 * @throws NodeOperationError `[item N] <Field> <problem>`.
	 */
	prepare(ctx: IExecuteFunctions, itemIndex: number): T;
	/**
	 * The placement key when the "Placement Key" option is empty. `day` is today's date
	 * (`YYYY-MM-DD`) in the workflow's time zone. Call → Create: `<customerId>|<day>`.
	 */
	defaultPlacementKey(item: T, day: string): string;
	/**
	 * Groups the items still to send into requests, each sent once as a whole (a bulk endpoint
	 * takes many). Without it, each item is one request.
	 */
	group?(queue: T[]): T[][];
	/**
	 * Sends one request for `items` and classifies the answer.
	 *
	 * @param record filled in with what the transport saw (times, attempts, status), even on error.
	 * @returns one result per item of `items`, in the same order.
	 * @throws NodeApiError or NodeOperationError when the request fails as a whole: each of its items
	 *   gets that error (`error.context.callMayHaveBeenPlaced` says whether the placement may exist).
	 */
	send(
		ctx: IExecuteFunctions,
		items: T[],
		policy: RequestPolicy,
		simplify: boolean,
		record: RequestRecord,
	): Promise<SendResult[]>;
	/** The Failed json of an item a check of this node kept from being sent, with `extra` fields. */
	localItem(item: T, check: ComplianceCheck, simplify: boolean, extra: IDataObject): IDataObject;
	/** The Passed json of an item that "Dry Run" would send: the request, secrets masked. */
	dryRunItem(item: T): IDataObject;
	/** Warnings about the items to send (the webhook URLs), one sentence each, for the run's hints. */
	warnings?(queue: T[]): string[];
	/** How the pipeline's messages name what this operation places; {@link CALL_TERMS} when absent. */
	terms?: PlacementTerms;
	/**
	 * A repeated customer is always a local check, whatever "One Call Per Customer Per Run" says
	 * (Call → Create Many: one request may not name a customer twice, and the option is not offered).
	 */
	alwaysOnePerCustomer?: boolean;
}
