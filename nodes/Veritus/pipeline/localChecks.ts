import type { IDataObject } from 'n8n-workflow';

import type { ComplianceCheck } from '../compliance';
import type { PlacementItem, PlacementOperation } from './operation';

/**
 * The check id used for a repeated customer in one run. It is prefixed `local:` so it can never be
 * mistaken for one of Veritus's own compliance checks (README, "Local checks").
 */
export const LOCAL_REPEATED_CUSTOMER_CHECK = 'local:repeated-customer-in-run';

/** The local check of a customer that an earlier run of this node, in this execution, already sent. */
export const LOCAL_REPEATED_IN_EXECUTION_CHECK = 'local:repeated-customer-in-execution';

/** The local check of a row whose placement key an earlier or concurrent run already claimed. */
export const LOCAL_ALREADY_PLACED_CHECK = 'local:already-placed';

/**
 * The Failed item for a row whose customer already appeared earlier in the same run (the option
 * "One Call Per Customer Per Run"). No request was sent. The operation shapes it
 * (`localItem`); the raw form carries `duplicateOfItem`.
 *
 * @param firstItemIndex the 0-based index of the item that carried the customer first.
 */
export function repeatedCustomerItem<T extends PlacementItem>(
	operation: PlacementOperation<T>,
	item: T,
	firstItemIndex: number,
	simplify: boolean,
): IDataObject {
	const check: ComplianceCheck = {
		id: LOCAL_REPEATED_CUSTOMER_CHECK,
		name: 'Repeated Customer In Run (n8n node, not Veritus)',
		description: 'Place at most one call per customer in one run of the node',
		reason: `Not sent to Veritus: customer ${item.customerId} already appears in item ${firstItemIndex} of this run, and "One Call Per Customer Per Run" is on`,
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
	const check: ComplianceCheck = {
		id: LOCAL_REPEATED_IN_EXECUTION_CHECK,
		name: 'Repeated Customer In Execution (n8n node, not Veritus)',
		description: 'As an AI tool, place at most one call per customer in one execution',
		reason: `Not sent to Veritus: customer ${item.customerId} was already sent by run ${runIndex} of this node in this execution, and "One Call Per Customer Per Run" is on`,
	};
	return operation.localItem(item, check, simplify, { localCheck: check.id });
}

/** The Failed item of a row the ledger skipped: `local:already-placed`, naming its key and `why`. */
export function alreadyPlacedItem<T extends PlacementItem>(
	operation: PlacementOperation<T>,
	item: T,
	why: string,
	simplify: boolean,
): IDataObject {
	const check: ComplianceCheck = {
		id: LOCAL_ALREADY_PLACED_CHECK,
		name: 'Call Already Placed (n8n node, not Veritus)',
		description:
			'Place each call at most once: "Skip Calls Already Placed" keeps the placement keys in n8n\'s database',
		reason: `Not sent to Veritus: ${why} (Placement Key "${item.placementKey}"). If Veritus shows no such call, release the key with Placement Ledger → Release and run again.`,
	};
	return operation.localItem(item, check, simplify, { localCheck: check.id, placementKey: item.placementKey });
}
