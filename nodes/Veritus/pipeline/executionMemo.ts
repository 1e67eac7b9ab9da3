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

/** The node's run index in this execution (loop iterations differ), from n8n's data proxy; 0 when it cannot be read. */
export function currentRunIndex(ctx: IExecuteFunctions): number {
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
	const prefix = [instanceId, executionId, node.id ?? node.name, currentRunIndex(ctx)].join('/');
	prune(Date.now());
	return new ExecutionMemo<T>(prefix);
}

/** Whether an entry answers a later try: in flight, settled, or an error that must not be resent. */
function reusable(entry: MemoEntry<unknown>): boolean {
	return !(entry.settled && !entry.settled.ok && entry.settled.retryable);
}

/** The memo of one node run. See {@link executionMemo}. */
export class ExecutionMemo<T> {
	constructor(private readonly prefix: string) {}

	/**
	 * Whether {@link once} would answer `itemIndex` with `fingerprint` from an earlier try of this
	 * execution rather than send it. Such an item keeps that try's claim in the placement ledger.
	 */
	willReuse(itemIndex: number, fingerprint: string): boolean {
		const known = entries.get(`${this.prefix}/${itemIndex}/${fingerprint}`);
		return !!known && reusable(known);
	}

	/**
	 * Returns the remembered result of sending `itemIndex` with `fingerprint`, or sends it now.
	 *
	 * - Remembered and still in flight (from a try that n8n abandoned): waits for it.
	 * - Remembered and settled: returns it, unless it was an error that is safe to retry.
	 * - Otherwise: runs `send()` and remembers it before the request starts.
	 */
	async once(itemIndex: number, fingerprint: string, send: () => Promise<Settled<T>>): Promise<Settled<T>> {
		const [settled] = await this.onceEach([{ itemIndex, fingerprint }], async () => [await send()]);
		return settled;
	}

	/**
	 * {@link once} for one request that carries several items (a bulk request): each item is
	 * remembered under its own key, so a later try answers every item that was sent from the memo
	 * and sends only the others.
	 *
	 * @param send sends the items at `positions` (indexes into `members`) as one request, and
	 *   resolves with one result per position, in the same order. Called at most once, and not at
	 *   all when every item is remembered.
	 * @returns one result per member, in order.
	 */
	async onceEach(
		members: MemoMember[],
		send: (positions: number[]) => Promise<Array<Settled<T>>>,
	): Promise<Array<Settled<T>>> {
		const keys = members.map((member) => `${this.prefix}/${member.itemIndex}/${member.fingerprint}`);
		const answers: Array<Promise<Settled<T>>> = [];
		const positions: number[] = [];
		keys.forEach((key, position) => {
			const known = entries.get(key) as MemoEntry<T> | undefined;
			if (known && reusable(known)) {
				answers[position] = known.promise;
				return;
			}
			if (known) entries.delete(key);
			positions.push(position);
		});
		if (positions.length) {
			const sent = send(positions);
			positions.forEach((position, index) => {
				const entry: MemoEntry<T> = {
					createdAt: Date.now(),
					promise: sent.then((results) => {
						const settled = results[index];
						if (!settled) throw new Error(`No result for item ${members[position].itemIndex} of the request`);
						return settled;
					}),
				};
				entry.promise.then(
					(settled) => (entry.settled = settled),
					() => undefined,
				);
				entries.set(keys[position], entry as MemoEntry<unknown>);
				answers[position] = entry.promise;
			});
		}
		return await Promise.all(answers);
	}
}

/** One item of a request, as the memo keys it: its index and its request fingerprint. */
export interface MemoMember {
	itemIndex: number;
	fingerprint: string;
}

/** The request fingerprint the memo keys on: the item's path and body, so a changed input is a new entry. */
export function requestFingerprint(call: { path: string; body: unknown }): string {
	return `${call.path} ${JSON.stringify(call.body)}`;
}

/** Customers sent to Veritus by earlier runs of a node in one execution: run index by customer ID. */
const customersByExecution = new Map<string, { createdAt: number; customers: Map<string, number> }>();

/**
 * The customers this node already sent to Veritus in earlier runs of the same execution: an AI
 * Agent may call the tool several times in one execution, and "One Call Per Customer Per Run"
 * must hold across those calls. In-process, like the memo (the runs of one execution run in one
 * process); entries older than {@link MEMO_TTL_MS} are dropped.
 *
 * @returns a map from customer ID to the run index that sent it (shared, mutable), or `undefined`
 *   without an execution ID.
 */
export function executionCustomers(ctx: IExecuteFunctions): Map<string, number> | undefined {
	const executionId = ctx.getExecutionId?.();
	if (!executionId) return undefined;
	const now = Date.now();
	for (const [key, entry] of customersByExecution) {
		if (now - entry.createdAt < MEMO_TTL_MS) break;
		customersByExecution.delete(key);
	}
	const instanceId = typeof ctx.getInstanceId === 'function' ? ctx.getInstanceId() : 'instance';
	const key = [instanceId, executionId, ctx.getNode().name].join('/');
	let entry = customersByExecution.get(key);
	if (!entry) {
		entry = { createdAt: now, customers: new Map() };
		customersByExecution.set(key, entry);
	}
	return entry.customers;
}
