// Covers pipeline/executionMemo.ts: executionMemo keys (instance, execution, node, run index, item,
// fingerprint), ExecutionMemo.once (no second send, retryable errors re-sent, in-flight awaited) and
// ExecutionMemo.onceEach (one request carrying several items, each remembered on its own).
import type { IExecuteFunctions } from 'n8n-workflow';

import { executionMemo, memoSize, type Settled } from '../../nodes/Veritus/pipeline/executionMemo';
import { fakeNode } from './fakes';

let sequence = 0;
/** A fresh execution ID per test: the memo is process-wide. */
function newExecutionId(): string {
	sequence += 1;
	return `exec-${sequence}-${Math.random().toString(36).slice(2)}`;
}

interface CtxOptions {
	executionId?: string | undefined;
	instanceId?: string;
	runIndex?: number;
	nodeId?: string;
	withoutInstanceId?: boolean;
	proxyThrows?: boolean;
}

function fakeContext(options: CtxOptions): IExecuteFunctions {
	const node = fakeNode(options.nodeId ?? 'node-1');
	const ctx: Record<string, unknown> = {
		getExecutionId: () => options.executionId,
		getNode: () => node,
		getWorkflowDataProxy: () => {
			if (options.proxyThrows) throw new Error('no proxy');
			return { $thisRunIndex: options.runIndex ?? 0 };
		},
	};
	if (!options.withoutInstanceId) ctx.getInstanceId = () => options.instanceId ?? 'instance-a';
	return ctx as unknown as IExecuteFunctions;
}

function memoFor(options: CtxOptions) {
	const memo = executionMemo<string>(fakeContext(options));
	if (!memo) throw new Error('expected a memo');
	return memo;
}

const ok = (value: string): Settled<string> => ({ ok: true, value });

describe('executionMemo', () => {
	test('returns undefined without an execution ID', () => {
		expect(executionMemo(fakeContext({ executionId: undefined }))).toBeUndefined();
		expect(executionMemo(fakeContext({ executionId: '' }))).toBeUndefined();
	});

	test('returns a memo with an execution ID', () => {
		expect(executionMemo(fakeContext({ executionId: newExecutionId() }))).toBeDefined();
	});
});

describe('ExecutionMemo.once', () => {
	test('the second once for the same item and fingerprint does not send and returns the first result', async () => {
		const executionId = newExecutionId();
		const send = jest.fn(async () => ok('call-1'));
		const first = await memoFor({ executionId }).once(0, 'fp', send);
		// A Retry On Fail re-run builds a new memo from the same context values.
		const second = await memoFor({ executionId }).once(0, 'fp', async () => ok('call-2'));
		expect(send).toHaveBeenCalledTimes(1);
		expect(first).toEqual({ ok: true, value: 'call-1' });
		expect(second).toBe(first);
	});

	test('a settled retryable error is sent again, and the new result is remembered', async () => {
		const executionId = newExecutionId();
		const memo = memoFor({ executionId });
		const failure: Settled<string> = { ok: false, error: new Error('429'), retryable: true };
		const send = jest
			.fn<Promise<Settled<string>>, []>()
			.mockResolvedValueOnce(failure)
			.mockResolvedValueOnce(ok('call-after-retry'));
		expect(await memo.once(1, 'fp', send)).toBe(failure);
		expect(await memo.once(1, 'fp', send)).toEqual({ ok: true, value: 'call-after-retry' });
		expect(send).toHaveBeenCalledTimes(2);
		const third = jest.fn(async () => ok('never'));
		expect(await memo.once(1, 'fp', third)).toEqual({ ok: true, value: 'call-after-retry' });
		expect(third).not.toHaveBeenCalled();
	});

	test('a non-retryable error is not sent again', async () => {
		const executionId = newExecutionId();
		const memo = memoFor({ executionId });
		const failure: Settled<string> = { ok: false, error: new Error('timed out'), retryable: false };
		const send = jest.fn(async () => failure);
		expect(await memo.once(2, 'fp', send)).toBe(failure);
		const again = jest.fn(async () => ok('would-duplicate'));
		expect(await memo.once(2, 'fp', again)).toBe(failure);
		expect(send).toHaveBeenCalledTimes(1);
		expect(again).not.toHaveBeenCalled();
	});

	test.each<[string, Partial<CtxOptions>, number, string]>([
		['a different instance ID', { instanceId: 'instance-b' }, 0, 'fp'],
		['a different execution ID', { executionId: 'other' }, 0, 'fp'],
		['a different run index', { runIndex: 1 }, 0, 'fp'],
		['a different node', { nodeId: 'node-2' }, 0, 'fp'],
		['a different item', {}, 1, 'fp'],
		['a different fingerprint', {}, 0, 'fp-changed'],
	])('%s is a separate entry', async (_name, change, itemIndex, fingerprint) => {
		const executionId = newExecutionId();
		const base: CtxOptions = { executionId, instanceId: 'instance-a', runIndex: 0, nodeId: 'node-1' };
		const firstSend = jest.fn(async () => ok('first'));
		await memoFor(base).once(0, 'fp', firstSend);
		const changed: CtxOptions = {
			...base,
			...change,
			executionId: change.executionId ? `${executionId}-${change.executionId}` : executionId,
		};
		const secondSend = jest.fn(async () => ok('second'));
		expect(await memoFor(changed).once(itemIndex, fingerprint, secondSend)).toEqual({ ok: true, value: 'second' });
		expect(firstSend).toHaveBeenCalledTimes(1);
		expect(secondSend).toHaveBeenCalledTimes(1);
	});

	test('an in-flight entry is awaited, not sent twice', async () => {
		const executionId = newExecutionId();
		let release!: (value: Settled<string>) => void;
		const send = jest.fn(
			() =>
				new Promise<Settled<string>>((resolve) => {
					release = resolve;
				}),
		);
		const a = memoFor({ executionId }).once(0, 'fp', send);
		const b = memoFor({ executionId }).once(0, 'fp', send);
		expect(send).toHaveBeenCalledTimes(1);
		release(ok('only-call'));
		const [resultA, resultB] = await Promise.all([a, b]);
		expect(send).toHaveBeenCalledTimes(1);
		expect(resultA).toEqual({ ok: true, value: 'only-call' });
		expect(resultB).toEqual({ ok: true, value: 'only-call' });
	});

	test('each new entry is counted by memoSize, a repeat is not', async () => {
		const executionId = newExecutionId();
		const memo = memoFor({ executionId });
		const before = memoSize();
		await memo.once(0, 'fp', async () => ok('x'));
		await memo.once(1, 'fp', async () => ok('y'));
		await memo.once(0, 'fp', async () => ok('z'));
		expect(memoSize()).toBe(before + 2);
	});

	test('without getInstanceId, or when the data proxy throws, the same context still shares entries', async () => {
		const executionId = newExecutionId();
		const send = jest.fn(async () => ok('first'));
		await memoFor({ executionId, withoutInstanceId: true, proxyThrows: true }).once(0, 'fp', send);
		const again = jest.fn(async () => ok('second'));
		expect(await memoFor({ executionId, withoutInstanceId: true, runIndex: 0 }).once(0, 'fp', again)).toEqual({
			ok: true,
			value: 'first',
		});
		expect(again).not.toHaveBeenCalled();
	});
});

describe('ExecutionMemo.onceEach (one request carrying several items)', () => {
	const members = (fingerprint = 'fp') => [0, 1, 2].map((itemIndex) => ({ itemIndex, fingerprint }));

	test('a later try answers every item of the request from the memo and sends nothing', async () => {
		const executionId = newExecutionId();
		const send = jest.fn(async (positions: number[]) => positions.map((p) => ok(`call-${p}`)));
		const first = await memoFor({ executionId }).onceEach(members(), send);
		expect(first).toEqual([ok('call-0'), ok('call-1'), ok('call-2')]);
		expect(send).toHaveBeenCalledWith([0, 1, 2]);

		const again = jest.fn(async (positions: number[]) => positions.map(() => ok('would-duplicate')));
		expect(await memoFor({ executionId }).onceEach(members(), again)).toEqual(first);
		expect(again).not.toHaveBeenCalled();
		// Each item is its own entry: a single-item try of item 1 is answered too.
		expect(await memoFor({ executionId }).once(1, 'fp', async () => ok('would-duplicate'))).toEqual(ok('call-1'));
	});

	test('only the items whose answer may be retried are sent again, together', async () => {
		const executionId = newExecutionId();
		const retryable: Settled<string> = { ok: false, error: new Error('429'), retryable: true };
		await memoFor({ executionId }).onceEach(members(), async () => [ok('call-0'), retryable, ok('call-2')]);
		const again = jest.fn(async (positions: number[]) => positions.map(() => ok('call-1-after-retry')));
		expect(await memoFor({ executionId }).onceEach(members(), again)).toEqual([
			ok('call-0'),
			ok('call-1-after-retry'),
			ok('call-2'),
		]);
		expect(again).toHaveBeenCalledTimes(1);
		expect(again).toHaveBeenCalledWith([1]);
	});

	test('a send that answers fewer items than it was given fails those items, not silently', async () => {
		const executionId = newExecutionId();
		await expect(memoFor({ executionId }).onceEach(members(), async () => [ok('only-one')])).rejects.toThrow(
			'No result for item 1 of the request',
		);
	});
});
