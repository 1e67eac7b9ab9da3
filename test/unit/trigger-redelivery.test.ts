/**
 * The Veritus Trigger's redelivery record without n8n. n8n's way with static data is reproduced by a
 * small "database": each webhook request gets its own copy of the stored static data (n8n loads the
 * workflow per request) and the copy is written back whole after webhook() (n8n's
 * `saveStaticData`), so two requests at once can overwrite each other's writes.
 */
import type { IDataObject, IDeduplicationOutput } from 'n8n-workflow';

import {
	hashKey,
	mergeRecords,
	readStoredRecord,
	RedeliveryRecord,
	resetProcessRecords,
	STATIC_DATA_KEY,
	type ProcessedDataStore,
} from '../../nodes/VeritusTrigger/redelivery';

/** The database row that holds one workflow's static data (node part only). */
class StaticDataRow {
	private stored: IDataObject = {};
	writes = 0;

	/** What a new webhook request gets: a deep copy, as n8n loads it from the database. */
	load(): IDataObject {
		return JSON.parse(JSON.stringify(this.stored)) as IDataObject;
	}

	/** n8n's save after webhook(): the request's whole copy replaces the row. */
	save(copy: IDataObject): void {
		this.stored = JSON.parse(JSON.stringify(copy)) as IDataObject;
		this.writes += 1;
	}

	entries(): string[] {
		return readStoredRecord(this.stored);
	}
}

const SCOPE = 'workflow-1\u0000Veritus Trigger';

/** One webhook request: loads static data, admits the key, saves when it changed. */
async function deliver(row: StaticDataRow, key: string, { size = 100, scope = SCOPE } = {}) {
	const copy = row.load();
	const before = JSON.stringify(copy);
	const { redelivered } = await new RedeliveryRecord(scope, copy, size).admit(key);
	return { redelivered, copy, changed: JSON.stringify(copy) !== before };
}

beforeEach(() => resetProcessRecords());

describe('mergeRecords', () => {
	test('stored entries first, then the local ones they lack, oldest dropped beyond the size', () => {
		expect(mergeRecords(['a', 'b'], ['b', 'c'], 10)).toEqual(['a', 'b', 'c']);
		expect(mergeRecords(['a', 'b', 'c'], ['d'], 3)).toEqual(['b', 'c', 'd']);
		expect(mergeRecords([], [], 3)).toEqual([]);
	});
});

describe('one event delivered again', () => {
	test('the first delivery is new and recorded durably; the second is a redelivery and writes nothing', async () => {
		const row = new StaticDataRow();
		const first = await deliver(row, 'call-ended:1');
		expect(first).toMatchObject({ redelivered: false, changed: true });
		row.save(first.copy);
		expect(row.entries()).toEqual([hashKey('call-ended:1')]);

		const second = await deliver(row, 'call-ended:1');
		expect(second).toMatchObject({ redelivered: true, changed: false });
	});

	test('another event of the same call, or another call, is not a redelivery', async () => {
		const row = new StaticDataRow();
		for (const key of ['call-created:1', 'call-ended:1', 'call-ended:2']) {
			const delivery = await deliver(row, key);
			expect(delivery.redelivered).toBe(false);
			row.save(delivery.copy);
		}
		expect(row.entries()).toHaveLength(3);
	});

	test('two deliveries at the same moment in one process: exactly one is new', async () => {
		const row = new StaticDataRow();
		// Both requests load the row before either saves, as n8n does for concurrent requests.
		const copies = [row.load(), row.load()];
		const results = await Promise.all(
			copies.map(async (copy) => await new RedeliveryRecord(SCOPE, copy, 100).admit('call-ended:5')),
		);
		expect(results.map((result) => result.redelivered).sort()).toEqual([false, true]);
	});

	test('after a restart (a new process), the durable record still recognises it', async () => {
		const row = new StaticDataRow();
		row.save((await deliver(row, 'drip-campaign.sms:9')).copy);
		resetProcessRecords();
		expect((await deliver(row, 'drip-campaign.sms:9')).redelivered).toBe(true);
	});

	test('a second n8n process on the same database recognises it once the first has saved', async () => {
		const row = new StaticDataRow();
		row.save((await deliver(row, 'call-ended:3')).copy); // process 1
		resetProcessRecords(); // process 2 knows nothing of its own
		expect((await deliver(row, 'call-ended:3')).redelivered).toBe(true);
	});

	test('each trigger node keeps its own record', async () => {
		const row = new StaticDataRow();
		expect((await deliver(row, 'call-ended:1', { scope: 'workflow-1\u0000A' })).redelivered).toBe(false);
		expect((await deliver(row, 'call-ended:1', { scope: 'workflow-1\u0000B' })).redelivered).toBe(false);
	});
});

describe('concurrent events do not erase each other', () => {
	test('two different events at once in one process: the later write carries both', async () => {
		const row = new StaticDataRow();
		const copyA = row.load();
		const copyB = row.load(); // loaded before A saved: it does not hold A's entry
		await new RedeliveryRecord(SCOPE, copyA, 100).admit('call-ended:A');
		await new RedeliveryRecord(SCOPE, copyB, 100).admit('call-ended:B');
		row.save(copyA);
		row.save(copyB); // n8n writes B's copy whole, after A's
		expect(row.entries().sort()).toEqual([hashKey('call-ended:A'), hashKey('call-ended:B')].sort());
		resetProcessRecords();
		expect((await deliver(row, 'call-ended:A')).redelivered).toBe(true);
		expect((await deliver(row, 'call-ended:B')).redelivered).toBe(true);
	});

	test('entries another process saved are kept when this process writes', async () => {
		const row = new StaticDataRow();
		row.save((await deliver(row, 'call-ended:other-process')).copy);
		resetProcessRecords();
		row.save((await deliver(row, 'call-ended:this-process')).copy);
		expect(row.entries()).toEqual([hashKey('call-ended:other-process'), hashKey('call-ended:this-process')]);
	});
});

describe('bounded', () => {
	test('beyond the size the oldest event is forgotten, durably and in the process', async () => {
		const row = new StaticDataRow();
		for (let n = 0; n <= 10; n++) row.save((await deliver(row, `call-ended:${n}`, { size: 10 })).copy);
		expect(row.entries()).toHaveLength(10);
		expect(row.entries()).not.toContain(hashKey('call-ended:0'));
		expect((await deliver(row, 'call-ended:10', { size: 10 })).redelivered).toBe(true);
		expect((await deliver(row, 'call-ended:0', { size: 10 })).redelivered).toBe(false);
	});

	test('entries are short hashes, not the keys', async () => {
		const row = new StaticDataRow();
		row.save((await deliver(row, 'call-ended:0b7c0001-1c2d-4e5f-8a9b-000000000001')).copy);
		const stored = row.load()[STATIC_DATA_KEY] as string[];
		expect(stored).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/)]);
	});
});

describe('a host whose webhook context offers processed-data helpers', () => {
	/** n8n's store reduced to what the record uses: a set per node, bounded by maxEntries. */
	class FakeStore implements ProcessedDataStore {
		entries: string[] = [];
		calls = 0;
		fail = false;

		async checkProcessedAndRecord(items: string[], _scope: 'node' | 'workflow', options: { maxEntries?: number }) {
			this.calls += 1;
			if (this.fail) throw new Error('database is locked');
			const result: IDeduplicationOutput = { new: [], processed: [] };
			for (const item of items) {
				if (this.entries.includes(item)) result.processed.push(item);
				else {
					result.new.push(item);
					this.entries.push(item);
				}
			}
			if (options.maxEntries) this.entries = this.entries.slice(-options.maxEntries);
			return result;
		}
	}

	test('the store keeps the durable record; static data is left alone', async () => {
		const store = new FakeStore();
		const staticData: IDataObject = {};
		expect((await new RedeliveryRecord(SCOPE, staticData, 100, store).admit('call-ended:1')).redelivered).toBe(false);
		resetProcessRecords(); // another process: only the store knows
		expect((await new RedeliveryRecord(SCOPE, staticData, 100, store).admit('call-ended:1')).redelivered).toBe(true);
		expect(staticData).toEqual({});
		expect(store.entries).toEqual([hashKey('call-ended:1')]);
	});

	test('two at the same moment in one process: one is new, and only one reaches the store', async () => {
		const store = new FakeStore();
		const results = await Promise.all(
			[0, 1].map(async () => await new RedeliveryRecord(SCOPE, {}, 100, store).admit('call-ended:2')),
		);
		expect(results.map((result) => result.redelivered).sort()).toEqual([false, true]);
		expect(store.calls).toBe(1);
	});

	test('a failing store lets the event through (no lost event) and says why', async () => {
		const store = new FakeStore();
		store.fail = true;
		expect(await new RedeliveryRecord(SCOPE, {}, 100, store).admit('call-ended:3')).toEqual({
			redelivered: false,
			storeError: 'database is locked',
		});
	});
});
