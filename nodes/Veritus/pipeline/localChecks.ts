import type { IDataObject } from 'n8n-workflow';

import type { ComplianceCheck } from '../compliance';
import { CALL_TERMS, capitalized, type PlacementItem, type PlacementOperation } from './operation';

/**
 * The check id used for a repeated customer in one run. It is prefixed `local:` so it can never be
 * mistaken for one of Veritus's own compliance checks (docs/outputs-and-errors.md, "Local checks").
 */
export const LOCAL_REPEATED_CUSTOMER_CHECK = 'local:repeated-customer-in-run';

/** The local check of a customer that an earlier run of this node, in this execution, already sent. */
export const LOCAL_REPEATED_IN_EXECUTION_CHECK = 'local:repeated-customer-in-execution';

/** The local check of a row whose placement key an earlier or concurrent run already claimed. */
export const LOCAL_ALREADY_PLACED_CHECK = 'local:already-placed';

/**
 * The Failed item for a row whose customer already appeared earlier in the same run (the option
 * "One Call Per Customer Per Run", or the option `operation.terms` names). No request was sent.
 * The operation shapes it (`localItem`); the raw form carries `duplicateOfItem`.
 *
 * @param firstItemIndex the 0-based index of the item that carried the customer first.
 */
export function repeatedCustomerItem<T extends PlacementItem>(
	operation: PlacementOperation<T>,
	item: T,
	firstItemIndex: number,
	simplify: boolean,
): IDataObject {
	const terms = operation.terms ?? CALL_TERMS;
	const check: ComplianceCheck = {
		id: LOCAL_REPEATED_CUSTOMER_CHECK,
		name: 'Repeated Customer In Run (n8n node, not Veritus)',
		description: `${capitalized(terms.place)} at most one ${terms.one} per ${terms.per} in one run of the node`,
		reason: `Not sent to Veritus: customer ${item.customerId} already appears in item ${firstItemIndex} of this run, and "${terms.onePerRunOption}" is on`,
	};
	return operation.localItem(item, check, simplify, { duplicateOfItem: firstItemIndex });
}

/** The Failed item for a customer an earlier invocation of the tool in this execution sent. */
export function repeatedInExecutionItem<T extends PlacementItem>(
	operation: PlacementOperation<T>,
	item: T,
	runIndex: number,
	simplify: boolean,
): IDataObject {
	const terms = operation.terms ?? CALL_TERMS;
	const check: ComplianceCheck = {
		id: LOCAL_REPEATED_IN_EXECUTION_CHECK,
		name: 'Repeated Customer In Execution (n8n node, not Veritus)',
		description: `As an AI tool, ${terms.place} at most one ${terms.one} per ${terms.per} in one execution`,
		reason: `Not sent to Veritus: customer ${item.customerId} was already sent by run ${runIndex} of this node in this execution, and "${terms.onePerRunOption}" is on`,
	};
	return operation.localItem(item, check, simplify, { localCheck: check.id });
}

/**
 * The Failed item of a row the ledger skipped: `local:already-placed`, naming its key and `why`,
 * in the operation's words (`operation.terms`: "Call Already Placed", "Enrolment Already Made").
 */
export function alreadyPlacedItem<T extends PlacementItem>(
	operation: PlacementOperation<T>,
	item: T,
	why: string,
	simplify: boolean,
): IDataObject {
	const { one, many, place, placed } = operation.terms ?? CALL_TERMS;
	const check: ComplianceCheck = {
		id: LOCAL_ALREADY_PLACED_CHECK,
		name: `${capitalized(one)} Already ${capitalized(placed)} (n8n node, not Veritus)`,
		description: `${capitalized(place)} each ${one} at most once: "Skip ${capitalized(many)} Already ${capitalized(placed)}" keeps the placement keys in n8n's database`,
		reason: `Not sent to Veritus: ${why} (Placement Key "${item.placementKey}"). If Veritus shows no such ${one}, release the key with Placement Ledger → Release and run again.`,
	};
	return operation.localItem(item, check, simplify, { localCheck: check.id, placementKey: item.placementKey });
}
