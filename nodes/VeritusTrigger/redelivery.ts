import { createHash } from 'crypto';
import type { ICheckProcessedOptions, IDataObject, IDeduplicationOutput } from 'n8n-workflow';

/**
 * The redelivery record: which events this trigger has already started a workflow for, so that the
 * same event delivered again starts no second execution. docs/trigger.md, "Redelivered events".
 *
 * Veritus delivers at least once (the API document promises nothing more), so an event can arrive
 * twice: after a timeout, a lost answer, or a retry of its own. Each event is identified by
 * `eventKey()` (type + call ID, or type + SMS ID); the record keeps a short hash of each key.
 *
 * **Where it lives.** n8n 2.8's webhook context does not offer the processed-data helpers
 * (`checkProcessedAndRecord`) that execute() gets, so the record is kept in two places:
 * 1. **In this process** (a module-level map, per workflow and node): the check and the write are
 *    one synchronous step, so two deliveries arriving at the same moment in one n8n process can never
 *    both pass. This is what stops the simultaneous duplicate.
 * 2. **Durably**, in the node's workflow static data, which n8n loads from its database for every
 *    webhook request and saves after webhook() returns (its live-webhook handler saves the static
 *    data when it changed). It survives restarts and is shared by every n8n process on the same
 *    database. Each write carries the union of what this process knows and what the database held,
 *    so concurrent events in one process do not erase each other's entries.
 * When the host's webhook context does offer `checkProcessedAndRecord` (a later n8n), it is used
 * instead of static data for the durable record (scope `node`, mode `entries`).
 *
 * **Limits** (docs/trigger.md, "Redelivered events"): two copies of one event reaching two different n8n
 * processes (multi-main, or separate webhook processes) at the same moment, before either has
 * saved, can both start; a later copy is caught. n8n's static data is read and written whole, so
 * another process writing it at the same time can drop an entry, which then lets one later
 * redelivery through. The record is bounded: the oldest entries are forgotten first.
 */

/** Default number of events remembered per trigger node. */
export const DEFAULT_RECORD_SIZE = 2000;

/** The node static data key that holds the record. */
export const STATIC_DATA_KEY = 'veritusSeenEvents';

/** Hex digits kept of each key's SHA-256 (64 bits: no collision in practice among a few thousand). */
const HASH_HEX_DIGITS = 16;

/** The short hash stored for an event key. */
export function hashKey(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, HASH_HEX_DIGITS);
}

/**
 * Merges two records (oldest entry first) into one of at most `size` entries: the `stored` entries
 * in their order, then the `local` entries `stored` lacks, in theirs; the oldest dropped first.
 * Pure.
 */
export function mergeRecords(stored: readonly string[], local: readonly string[], size: number): string[] {
	const seen = new Set(stored);
	const merged = [...stored, ...local.filter((entry) => !seen.has(entry))];
	return merged.length > size ? merged.slice(merged.length - size) : merged;
}

/** The record as static data holds it: a list of hashes, oldest first; anything else reads as empty. */
export function readStoredRecord(staticData: IDataObject): string[] {
	const value = staticData[STATIC_DATA_KEY];
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** The outcome of {@link RedeliveryRecord.admit}. */
export interface Admission {
	/** True when the event was seen before (by this process, or as recorded durably). */
	redelivered: boolean;
	/**
	 * Set when a host processed-data store could not be read or written: the event then counts as
	 * new (it starts an execution) and only this process remembers it.
	 */
	storeError?: string;
}

/** The processed-data helpers of a host whose webhook context offers them (feature-detected). */
export interface ProcessedDataStore {
	checkProcessedAndRecord(
		items: string[],
		scope: 'node' | 'workflow',
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput>;
	removeProcessed?(items: string[], scope: 'node' | 'workflow', options: ICheckProcessedOptions): Promise<void>;
}

/**
 * The record of one trigger node (one workflow, one node), used for one webhook request.
 *
 * @param scope identifies the node across requests in this process: the workflow ID and node name
 *   (static data is kept by node name, so the same name keys both).
 * @param staticData the node's workflow static data (`getWorkflowStaticData('node')`): read, and
 *   written when the event is new; ignored when `store` is given.
 * @param size the most entries kept (oldest dropped first); at least 1.
 * @param store the host's processed-data helpers, when its webhook context has them.
 */
export class RedeliveryRecord {
	constructor(
		private readonly scope: string,
		private readonly staticData: IDataObject,
		private readonly size: number,
		private readonly store?: ProcessedDataStore,
	) {}

	/**
	 * Records `key` as seen and says whether it had been seen before.
	 *
	 * The in-process check and write happen in one synchronous step before anything is awaited, so of
	 * two calls at the same moment in one process exactly one sees `redelivered: false`.
	 *
	 * Never throws: a failing host processed-data store makes the event count as new (`storeError`).
	 */
	async admit(key: string): Promise<Admission> {
		const hash = hashKey(key);
		const size = Math.max(1, Math.floor(this.size));
		const local = processRecords.get(this.scope) ?? [];
		if (this.store) {
			if (local.includes(hash)) return { redelivered: true };
			remember(this.scope, mergeRecords(local, [hash], size));
			try {
				const result = await this.store.checkProcessedAndRecord([hash], 'node', {
					mode: 'entries',
					maxEntries: size,
				});
				return { redelivered: result.processed.map(String).includes(hash) };
			} catch (error) {
				// Better a possible second execution than a lost event: start it, and say why.
				return { redelivered: false, storeError: error instanceof Error ? error.message : String(error) };
			}
		}
		// Static data: merge what the database held with what this process knows, check, write back.
		const known = mergeRecords(readStoredRecord(this.staticData), local, size);
		if (known.includes(hash)) {
			remember(this.scope, known);
			return { redelivered: true };
		}
		const next = mergeRecords(known, [hash], size);
		remember(this.scope, next);
		// A fresh array each time: n8n notices the assignment and saves the static data after webhook().
		this.staticData[STATIC_DATA_KEY] = next;
		return { redelivered: false };
	}
}

/** The records of this process, by scope (workflow ID and node name), each oldest entry first. */
const processRecords = new Map<string, string[]>();

function remember(scope: string, record: string[]): void {
	processRecords.set(scope, record);
}

/** Forgets every record of this process (tests only: a fresh process). */
export function resetProcessRecords(): void {
	processRecords.clear();
}
