import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The settled result of sending one item: an outcome, or an error with whether it is safe to send
 * the item again (only when Veritus certainly did not place the call).
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: Error; retryable: boolean };

interface MemoEntry<T> {
	createdAt: number;
	promise: Promise<Settled<T>>;
	settled?: Settled<T>;
}

/** Entries older than this many milliseconds are dropped (an execution's retries end long before). */
export const MEMO_TTL_MS = 60 * 60 * 1000;

/** Most entries kept in the process; the oldest are dropped first. One entry per sent item. */
export const MEMO_MAX_ENTRIES = 200_000;

const entries = new Map<string, MemoEntry<unknown>>();

/** Drops expired entries, then the oldest ones beyond {@link MEMO_MAX_ENTRIES}. */
function prune(now: number): void {
	for (const [key, entry] of entries) {
		if (now - entry.createdAt < MEMO_TTL_MS && entries.size <= MEMO_MAX_ENTRIES) break;
		entries.delete(key);
	}
}

/** Number of entries held, for tests. */
export function memoSize(): number {
	return entries.size;
}

/** The node's run index in this execution (loop iterations differ), from n8n's data proxy. */
function runIndexOf(ctx: IExecuteFunctions): number {
	try {
		return ctx.getWorkflowDataProxy(0).$thisRunIndex ?? 0;
	} catch {
		return 0;
	}
}

/**
 * Per-execution memo of items already sent, so that n8n's **Retry On Fail** (which calls
 * `execute()` again in the same process, with the same execution ID) never places a call twice.
 *
 * Keys are `instanceId / executionId / node id / runIndex / itemIndex / request`: the n8n
 * instance ID keeps two instances that share a process (or reuse execution IDs, which are unique
 * only within one database) apart, the run index keeps loop iterations apart, and the request
 * fingerprint makes a changed input a new entry.
 *
 * Map insertion order is creation order, so pruning stops at the first young entry. Without an
 * execution ID (a bare test context) there is nothing to key on and `undefined` is returned.
 */
export function executionMemo<T>(ctx: IExecuteFunctions): ExecutionMemo<T> | undefined {
	const executionId = ctx.getExecutionId?.();
	if (!executionId) return undefined;
	const node = ctx.getNode();
	const instanceId = typeof ctx.getInstanceId === 'function' ? ctx.getInstanceId() : 'instance';
	const prefix = [instanceId, executionId, node.id ?? node.name, runIndexOf(ctx)].join('/');
	prune(Date.now());
	return new ExecutionMemo<T>(prefix);
}

/** The memo of one node run. See {@link executionMemo}. */
export class ExecutionMemo<T> {
	constructor(private readonly prefix: string) {}

	/**
	 * Returns the remembered result of sending `itemIndex` with `fingerprint`, or sends it now.
	 *
	 * - Remembered and still in flight (from a try that n8n abandoned): waits for it.
	 * - Remembered and settled: returns it, unless it was an error that is safe to retry.
	 * - Otherwise: runs `send()` and remembers it before the request starts.
	 */
	async once(itemIndex: number, fingerprint: string, send: () => Promise<Settled<T>>): Promise<Settled<T>> {
		const key = `${this.prefix}/${itemIndex}/${fingerprint}`;
		const known = entries.get(key) as MemoEntry<T> | undefined;
		if (known && !(known.settled && !known.settled.ok && known.settled.retryable)) {
			return await known.promise;
		}
		if (known) entries.delete(key);
		const entry: MemoEntry<T> = { createdAt: Date.now(), promise: send() };
		entries.set(key, entry as MemoEntry<unknown>);
		entry.settled = await entry.promise;
		return entry.settled;
	}
}
