import { NodeOperationError, sleep, type ICheckProcessedOptions, type IExecuteFunctions } from 'n8n-workflow';

/**
 * Default for "Ledger Size": most entries the placement ledger keeps per workflow (n8n's
 * `maxEntries`; the oldest are dropped first). Each claimed key is one entry, and each write adds a
 * token. docs/placement-ledger.md, "Bounds".
 */
export const DEFAULT_LEDGER_SIZE = 10_000;

/**
 * Default for "Ledger Settle Time", in milliseconds: the wait between claiming keys in the
 * placement ledger and checking that no other worker's write replaced the claim. It must be longer
 * than any one read-and-write of n8n's database. docs/queue-mode.md, "Two workers at once".
 */
export const DEFAULT_LEDGER_SETTLE_MS = 1_000;

/**
 * The placement ledger: which calls this workflow has placed or attempted, across executions,
 * kept in n8n's own database through n8n's processed-data store (the `DeduplicationHelperFunctions`
 * that n8n's Remove Duplicates node uses). It lives in SQLite or Postgres, so every queue-mode
 * worker shares it, and it needs no runtime dependency. docs/placement-ledger.md, "The placement ledger".
 *
 * **What is stored.** In the store's `entries` mode, scope `workflow` (one record per workflow,
 * shared by every Veritus node of the workflow): `veritus:call:<key>` for each claimed key, and a
 * one-off write token `veritus:write:<…>` per write (below). n8n stores MD5 hashes, not the keys.
 * The record keeps at most `maxEntries` entries; n8n drops the oldest first.
 *
 * **The store is not atomic.** n8n reads the record, changes it in memory and writes it back, with
 * no lock (the very first write of a workflow is an insert, which the database does keep unique).
 * Two writers at once can lose each other's entries. The ledger deals with that:
 * - one process never runs two of its writes to the same workflow's record at once (an in-process
 *   queue per workflow);
 * - a claim writes its keys together with a fresh write token, waits `settleMs`, then checks that
 *   the token is still there. Every write replaces the whole record, so the token survives exactly
 *   when the claim does; a claim that was overwritten is made again. This is Fischer's timed
 *   mutual exclusion: it holds as long as no single read-and-write of the store takes longer than
 *   `settleMs`.
 * A release (removing keys) carries no token (n8n's remove cannot add one). If another worker's
 * write overwrites it, the key stays claimed: a later run skips that row and says so, which errs on
 * the side of no second call.
 */
export class PlacementLedger {
	private constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly workflowId: string,
		private readonly options: LedgerOptions,
	) {}

	/**
	 * The ledger of the running workflow.
	 *
	 * @returns `undefined` when the run has no workflow ID (an unsaved workflow, a test harness):
	 *   there is no record to keep, and the caller runs without the ledger and says so.
	 */
	static open(ctx: IExecuteFunctions, options: LedgerOptions): PlacementLedger | undefined {
		const workflowId = ctx.getWorkflow().id;
		if (!workflowId) return undefined;
		return new PlacementLedger(ctx, String(workflowId), options);
	}

	/**
	 * Claims `keys` before their calls are sent, all in one write.
	 *
	 * @returns the keys now claimed by this run, and those some run (this workflow, any worker)
	 *   had already claimed: their calls were placed or attempted, and must not be sent.
	 * @throws NodeOperationError when n8n's database cannot be written, or when the claim was
	 *   overwritten by other writers {@link MAX_CLAIM_ATTEMPTS} times in a row.
	 */
	async claim(keys: string[]): Promise<ClaimResult> {
		if (!keys.length) return { claimed: [], alreadyClaimed: [] };
		for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
			const token = this.newToken();
			const written = await this.tryWrite(() => this.record([...keys.map(entryOf), token]), attempt);
			if (!written) continue;
			const seen = new Set(written.processed);
			await sleep(this.options.settleMs);
			const check = await this.tryWrite(() => this.record([token]), attempt);
			if (!check) continue;
			if (check.processed.includes(token)) {
				return {
					claimed: keys.filter((key) => !seen.has(entryOf(key))),
					alreadyClaimed: keys.filter((key) => seen.has(entryOf(key))),
				};
			}
			// Another writer replaced the record after our write: nothing of it holds. Claim again.
			if (attempt < MAX_CLAIM_ATTEMPTS)
				this.ctx.logger.info(
					`Veritus placement ledger: another execution's write replaced this run's claim; claiming again (attempt ${attempt + 1} of ${MAX_CLAIM_ATTEMPTS})`,
				);
		}
		throw new NodeOperationError(
			this.ctx.getNode(),
			`Could not record the calls of this run in n8n's database: other executions of this workflow kept overwriting the record (${MAX_CLAIM_ATTEMPTS} tries). No call was placed.`,
			{
				description:
					'Run the workflow again. If it keeps happening, run fewer executions of this workflow at the same time.',
			},
		);
	}

	/**
	 * Which of `keys` are claimed, for a dry run. n8n's store cannot be read without writing, so the
	 * keys are recorded and the ones that were new are removed again at once (one process-local
	 * critical section); a real run racing this dry run can, at worst, skip a row it could have sent.
	 *
	 * @returns the keys some run has claimed.
	 */
	async peek(keys: string[]): Promise<string[]> {
		if (!keys.length) return [];
		return await this.serialised(async () => {
			const result = await this.store.checkProcessedAndRecord(keys.map(entryOf), 'workflow', this.storeOptions());
			const fresh = result.new.map(String);
			if (fresh.length) await this.store.removeProcessed(fresh, 'workflow', this.storeOptions());
			const claimed = new Set(result.processed.map(String));
			return keys.filter((key) => claimed.has(entryOf(key)));
		});
	}

	/**
	 * Releases `keys`, so that a later run can place those calls: for calls that were certainly not
	 * placed, and by hand after checking Veritus (the node's Placement Ledger → Release operation).
	 *
	 * @param report when true, first finds out which keys were claimed (record-then-remove).
	 * @returns the keys that were claimed before the release (only when `report` is true).
	 */
	async release(keys: string[], { report = false } = {}): Promise<string[]> {
		if (!keys.length) return [];
		return await this.serialised(async () => {
			let wasClaimed: string[] = [];
			if (report) {
				const result = await this.store.checkProcessedAndRecord(keys.map(entryOf), 'workflow', this.storeOptions());
				const claimed = new Set(result.processed.map(String));
				wasClaimed = keys.filter((key) => claimed.has(entryOf(key)));
			}
			await this.store.removeProcessed(keys.map(entryOf), 'workflow', this.storeOptions());
			return wasClaimed;
		});
	}

	/** How many entries the workflow's record holds (keys and write tokens). */
	async size(): Promise<number> {
		return await this.store.getProcessedDataCount('workflow', this.storeOptions());
	}

	/**
	 * Forgets every claim of this workflow: n8n deletes the workflow's record, which also holds the
	 * history of Remove Duplicates nodes of this workflow whose scope is "Workflow".
	 */
	async clear(): Promise<void> {
		await this.serialised(async () => await this.store.clearAllProcessedItems('workflow', this.storeOptions()));
	}

	private get store() {
		return this.ctx.helpers;
	}

	private storeOptions(): ICheckProcessedOptions {
		return this.options.maxEntries ? { mode: 'entries', maxEntries: this.options.maxEntries } : { mode: 'entries' };
	}

	private async record(values: string[]) {
		return await this.serialised(
			async () => await this.store.checkProcessedAndRecord(values, 'workflow', this.storeOptions()),
		);
	}

	/**
	 * Runs one write; a failure is tried again (the first write of a workflow is an insert, and two
	 * at once make one fail on the record's unique key) until the last attempt, which throws.
	 */
	private async tryWrite<T>(write: () => Promise<T>, attempt: number): Promise<T | undefined> {
		try {
			return await write();
		} catch (error) {
			if (attempt < MAX_CLAIM_ATTEMPTS) {
				await sleep(50 + Math.floor(Math.random() * 200));
				return undefined;
			}
			const reason = error instanceof Error ? error.message : String(error);
			throw new NodeOperationError(
				this.ctx.getNode(),
				`Could not record the calls of this run in n8n's database: ${reason}. No call was placed.`,
				{
					description: MODE_MISMATCH.test(reason)
						? 'A Remove Duplicates node of this workflow keeps its history with the scope "Workflow" in another mode. Set its scope to "Node".'
						: 'Check that n8n can write to its database, then run the workflow again.',
				},
			);
		}
	}

	/** Runs `task` after every earlier write of this process to this workflow's record. */
	private async serialised<T>(task: () => Promise<T>): Promise<T> {
		const previous = writeQueues.get(this.workflowId) ?? Promise.resolve();
		const run = previous.then(task, task);
		const settled = run.then(
			() => undefined,
			() => undefined,
		);
		writeQueues.set(this.workflowId, settled);
		try {
			return await run;
		} finally {
			if (writeQueues.get(this.workflowId) === settled) writeQueues.delete(this.workflowId);
		}
	}

	private newToken(): string {
		const executionId = this.ctx.getExecutionId?.() ?? 'no-execution';
		return `veritus:write:${executionId}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 12)}`;
	}
}

/** How the ledger is kept. From the node's options. */
export interface LedgerOptions {
	/**
	 * Most entries the workflow's record keeps (n8n's `maxEntries`; oldest dropped first). Without
	 * it a write drops nothing: the Placement Ledger operations leave the record's size to the
	 * Create nodes, whose "Ledger Size" may be larger than any default.
	 */
	maxEntries?: number;
	/** Milliseconds between a claim and the check that it held; longer than any one store write. */
	settleMs: number;
}

/** The outcome of {@link PlacementLedger.claim}. Every key is in exactly one of the lists. */
export interface ClaimResult {
	/** Keys this run claimed: their calls may be sent. */
	claimed: string[];
	/** Keys an earlier or concurrent run had claimed: placed or attempted, never sent again. */
	alreadyClaimed: string[];
}

/** Writes of one claim before it gives up (each one waits `settleMs`). */
export const MAX_CLAIM_ATTEMPTS = 5;

/** The store entry of an idempotency key. */
function entryOf(key: string): string {
	return `veritus:call:${key}`;
}

/** n8n's error when the workflow's record was written in another mode (Remove Duplicates). */
const MODE_MISMATCH = /incompatible setting/i;

/** The tail of the last write of this process to each workflow's record. */
const writeQueues = new Map<string, Promise<void>>();
