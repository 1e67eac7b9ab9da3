/**
 * An in-memory stand-in for n8n's processed-data store (the `IDataDeduplicator` n8n's server
 * gives n8n-core), with the same semantics as n8n 2.8's `DeduplicationHelper` in the `entries`
 * mode the Veritus node uses:
 *
 * - one record per `(workflow ID, context)`: context `''` for scope `workflow`, `n:<node id>` for
 *   scope `node`;
 * - values are stored as MD5 hashes (base64), in insertion order; `maxEntries` drops the oldest;
 * - `checkProcessedAndRecord` **reads the record, then writes it back** with the new values added.
 *   Between the two it yields for `gapMs` milliseconds, so that concurrent callers interleave the
 *   way two n8n workers do against a shared database, and lose each other's writes;
 * - the first write of a record is an insert: when two inserts race, the second fails with a
 *   unique-key error, as the database's primary key makes it;
 * - `removeProcessed` is a read-then-write too.
 *
 * `writes` counts every write, `lostUpdates` every write that replaced a record someone else had
 * written since it was read (the race the node must survive).
 */
import { createHash } from 'crypto';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

interface StoredRecord {
	mode: string;
	data: string[];
	/** Bumped on every write; lets the store count lost updates. */
	version: number;
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

export class InMemoryDeduplicator implements IDataDeduplicator {
	readonly records = new Map<string, StoredRecord>();

	writes = 0;

	lostUpdates = 0;

	/** Milliseconds between the read and the write of every read-modify-write. */
	gapMs = 0;

	/** Calls that throw instead of writing, for fault tests (counted down per call). */
	failNext = 0;

	static hash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	private key(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (!contextData.workflow.id) throw new Error('The processed-data store needs a workflow ID');
		const context = scope === 'node' ? `n:${contextData.node?.id ?? ''}` : '';
		return `${contextData.workflow.id}/${context}`;
	}

	private read(key: string): StoredRecord | undefined {
		const record = this.records.get(key);
		return record ? { ...record, data: [...record.data] } : undefined;
	}

	private write(key: string, record: StoredRecord, readVersion: number | undefined): void {
		const current = this.records.get(key);
		if (readVersion === undefined && current) {
			throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
		}
		if (current && current.version !== readVersion) this.lostUpdates += 1;
		this.writes += 1;
		this.records.set(key, { ...record, version: (current?.version ?? 0) + 1 });
	}

	private maybeFail(): void {
		if (this.failNext > 0) {
			this.failNext -= 1;
			throw new Error('SQLITE_BUSY: database is locked');
		}
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		this.maybeFail();
		const key = this.key(scope, contextData);
		const stored = this.read(key);
		if (stored && stored.mode !== options.mode) {
			throw new Error(
				'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter.',
			);
		}
		if (this.gapMs) await sleep(this.gapMs);
		const hashes = items.map((item) => InMemoryDeduplicator.hash(item));
		const output: IDeduplicationOutput = { new: [], processed: [] };
		const data = stored ? stored.data : [];
		const seen = new Set(data);
		hashes.forEach((hash, index) => {
			if (seen.has(hash)) output.processed.push(items[index]);
			else {
				output.new.push(items[index]);
				data.push(hash);
			}
		});
		if (options.maxEntries) data.splice(0, Math.max(0, data.length - options.maxEntries));
		this.write(key, { mode: options.mode, data, version: 0 }, stored?.version);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		this.maybeFail();
		const key = this.key(scope, contextData);
		const stored = this.read(key);
		if (!stored) return;
		if (this.gapMs) await sleep(this.gapMs);
		for (const hash of items.map((item) => InMemoryDeduplicator.hash(item))) {
			const index = stored.data.indexOf(hash);
			if (index !== -1) stored.data.splice(index, 1);
		}
		this.write(key, stored, stored.version);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.records.delete(this.key(scope, contextData));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const stored = this.records.get(this.key(scope, contextData));
		return stored && options.mode === 'entries' ? stored.data.length : 0;
	}

	/** Whether the record of `workflowId` (scope `workflow`) holds `value`. */
	holds(workflowId: string, value: string): boolean {
		return this.records.get(`${workflowId}/`)?.data.includes(InMemoryDeduplicator.hash(value)) ?? false;
	}
}
