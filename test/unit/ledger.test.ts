/**
 * The placement ledger (ledger/index.ts) against an in-memory copy of n8n's processed-data store
 * that reproduces its read-then-write races (test/helpers/deduplicator.ts).
 *
 * Two queue-mode workers are two processes: each has its own copy of the ledger module (and so
 * its own in-process write queue), and both share the store. `jest.isolateModules` loads such
 * copies.
 */
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IExecuteFunctions,
	INode,
} from 'n8n-workflow';

import { InMemoryDeduplicator } from '../helpers/deduplicator';

type LedgerModule = typeof import('../../nodes/Veritus/ledger');

/** A copy of the ledger module of its own, like the module in another worker process. */
function workerCopy(): LedgerModule {
	let copy: LedgerModule | undefined;
	jest.isolateModules(() => {
		// A fresh require() is the point here: isolateModules gives each call its own module registry.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		copy = require('../../nodes/Veritus/ledger') as LedgerModule;
	});
	return copy as LedgerModule;
}

const node = {
	id: 'veritus-node',
	name: 'Veritus',
	type: 'n8n-nodes-veritus.veritus',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;
let executions = 0;

/** The parts of n8n's execute context the ledger uses, with the store of `store`. */
function context(store: InMemoryDeduplicator, workflowId: string | undefined): IExecuteFunctions {
	const executionId = `exec-${++executions}`;
	const contextData = { node, workflow: { id: workflowId, active: false } } as ICheckProcessedContextData;
	type Items = DeduplicationItemTypes[];
	return {
		getNode: () => node,
		getWorkflow: () => ({ id: workflowId, active: false, name: 'ledger test' }),
		getExecutionId: () => executionId,
		logger: { info: () => {}, debug: () => {}, warn: () => {}, error: () => {} },
		helpers: {
			checkProcessedAndRecord: async (items: Items, scope: DeduplicationScope, options: ICheckProcessedOptions) =>
				await store.checkProcessedAndRecord(items, scope, contextData, options),
			removeProcessed: async (items: Items, scope: DeduplicationScope) =>
				await store.removeProcessed(items, scope, contextData),
			clearAllProcessedItems: async (scope: DeduplicationScope) =>
				await store.clearAllProcessedItems(scope, contextData),
			getProcessedDataCount: async (scope: DeduplicationScope, options: ICheckProcessedOptions) =>
				await store.getProcessedDataCount(scope, contextData, options),
		},
	} as unknown as IExecuteFunctions;
}

const OPTIONS = { maxEntries: 10_000, settleMs: 40 };

describe('PlacementLedger', () => {
	test('without a workflow ID there is no ledger', () => {
		const { PlacementLedger } = workerCopy();
		expect(PlacementLedger.open(context(new InMemoryDeduplicator(), undefined), OPTIONS)).toBeUndefined();
	});

	test('claim, then claim again: the second run finds every key taken', async () => {
		const store = new InMemoryDeduplicator();
		const { PlacementLedger } = workerCopy();
		const first = await PlacementLedger.open(context(store, 'wf'), OPTIONS)!.claim(['a', 'b']);
		expect(first).toEqual({ claimed: ['a', 'b'], alreadyClaimed: [] });
		const second = await PlacementLedger.open(context(store, 'wf'), OPTIONS)!.claim(['b', 'c']);
		expect(second).toEqual({ claimed: ['c'], alreadyClaimed: ['b'] });
		// Another workflow has a ledger of its own.
		expect(await PlacementLedger.open(context(store, 'other'), OPTIONS)!.claim(['a'])).toEqual({
			claimed: ['a'],
			alreadyClaimed: [],
		});
	});

	test('release: the key can be claimed again; report says whether it was claimed', async () => {
		const store = new InMemoryDeduplicator();
		const { PlacementLedger } = workerCopy();
		const ledger = PlacementLedger.open(context(store, 'wf'), OPTIONS)!;
		await ledger.claim(['a']);
		expect(await ledger.release(['a', 'never-claimed'], { report: true })).toEqual(['a']);
		expect(store.holds('wf', 'veritus:call:a')).toBe(false);
		expect(store.holds('wf', 'veritus:call:never-claimed')).toBe(false);
		expect(await ledger.claim(['a'])).toEqual({ claimed: ['a'], alreadyClaimed: [] });
	});

	test('peek (dry run) reports claimed keys and leaves the others unclaimed', async () => {
		const store = new InMemoryDeduplicator();
		const { PlacementLedger } = workerCopy();
		const ledger = PlacementLedger.open(context(store, 'wf'), OPTIONS)!;
		await ledger.claim(['a']);
		expect(await ledger.peek(['a', 'b'])).toEqual(['a']);
		expect(store.holds('wf', 'veritus:call:a')).toBe(true);
		expect(store.holds('wf', 'veritus:call:b')).toBe(false);
	});

	test('bounded: the record keeps at most maxEntries entries, dropping the oldest', async () => {
		const store = new InMemoryDeduplicator();
		const { PlacementLedger } = workerCopy();
		const ledger = PlacementLedger.open(context(store, 'wf'), { maxEntries: 100, settleMs: 0 })!;
		for (let round = 0; round < 5; round++) {
			await ledger.claim(Array.from({ length: 30 }, (_, index) => `r${round}-k${index}`));
		}
		expect(await ledger.size()).toBe(100);
		expect(store.holds('wf', 'veritus:call:r4-k29')).toBe(true);
		expect(store.holds('wf', 'veritus:call:r0-k0')).toBe(false);
	});

	test('a ledger opened without maxEntries (the Release operation) never prunes the record', async () => {
		const store = new InMemoryDeduplicator();
		const { PlacementLedger } = workerCopy();
		const create = PlacementLedger.open(context(store, 'wf'), { maxEntries: 1_000, settleMs: 0 })!;
		await create.claim(Array.from({ length: 300 }, (_, index) => `k${index}`));
		const before = await create.size();
		const release = PlacementLedger.open(context(store, 'wf'), { settleMs: 0 })!;
		expect(await release.release(['k0'], { report: true })).toEqual(['k0']);
		expect(await release.size()).toBe(before - 1);
		expect(store.holds('wf', 'veritus:call:k1')).toBe(true);
	});

	test('a claim overwritten by another writer is detected by its token and made again', async () => {
		const store = new InMemoryDeduplicator();
		const { PlacementLedger } = workerCopy();
		const ledger = PlacementLedger.open(context(store, 'wf'), { maxEntries: 10_000, settleMs: 60 })!;
		const claiming = ledger.claim(['mine']);
		// While the claim settles, another worker writes a record read before the claim: the
		// claim's keys and token are gone.
		await new Promise((resolve) => setTimeout(resolve, 20));
		const record = store.records.get('wf/')!;
		const hash = InMemoryDeduplicator.hash('veritus:call:mine');
		store.records.set('wf/', {
			...record,
			data: record.data.filter((entry) => entry !== hash).slice(0, -1),
			version: record.version + 1,
		});
		expect(await claiming).toEqual({ claimed: ['mine'], alreadyClaimed: [] });
		expect(store.holds('wf', 'veritus:call:mine')).toBe(true);
	});

	test('two workers claiming the same keys at the same moment, 100 times: never both (the race is measured)', async () => {
		const store = new InMemoryDeduplicator();
		store.gapMs = 5;
		const workerA = workerCopy();
		const workerB = workerCopy();
		const options = { maxEntries: 100_000, settleMs: 30 };
		let doubleClaims = 0;
		let lostKeys = 0;
		const trials = 100;
		for (let trial = 0; trial < trials; trial++) {
			const keys = [`t${trial}-a`, `t${trial}-b`];
			const [a, b] = await Promise.all([
				workerA.PlacementLedger.open(context(store, 'wf'), options)!.claim(keys),
				workerB.PlacementLedger.open(context(store, 'wf'), options)!.claim(keys),
			]);
			for (const key of keys) {
				const claimedBy = [a.claimed.includes(key), b.claimed.includes(key)].filter(Boolean).length;
				if (claimedBy > 1) doubleClaims++;
				if (claimedBy === 0) lostKeys++;
			}
		}
		console.log(
			`ledger race: ${trials} trials of 2 workers × 2 keys, ${store.lostUpdates} overwritten writes, ${doubleClaims} double claims, ${lostKeys} keys claimed by neither`,
		);
		expect(store.lostUpdates).toBeGreaterThan(0);
		expect(doubleClaims).toBe(0);
		expect(lostKeys).toBe(0);
	});

	test('without the token check the same race does claim keys twice (the check is what prevents it)', async () => {
		const store = new InMemoryDeduplicator();
		store.gapMs = 5;
		const contextData = { node, workflow: { id: 'wf', active: false } } as ICheckProcessedContextData;
		// The record exists already (the very first write is an insert, which the database keeps unique).
		await store.checkProcessedAndRecord(['veritus:call:seed'], 'workflow', contextData, { mode: 'entries' });
		let doubleClaims = 0;
		for (let trial = 0; trial < 50; trial++) {
			const values = [`veritus:call:t${trial}`];
			const [a, b] = await Promise.all([
				store.checkProcessedAndRecord(values, 'workflow', contextData, { mode: 'entries' }),
				store.checkProcessedAndRecord(values, 'workflow', contextData, { mode: 'entries' }),
			]);
			if (a.new.length && b.new.length) doubleClaims++;
		}
		expect(doubleClaims).toBeGreaterThan(0);
	});

	test('a store write that keeps failing ends in a clear error', async () => {
		const store = new InMemoryDeduplicator();
		store.failNext = 100;
		const { PlacementLedger } = workerCopy();
		await expect(
			PlacementLedger.open(context(store, 'wf'), { maxEntries: 100, settleMs: 0 })!.claim(['a']),
		).rejects.toThrow(
			"Could not record the calls of this run in n8n's database: SQLITE_BUSY: database is locked. No call was placed.",
		);
	});
});
