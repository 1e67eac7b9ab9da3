// Covers transport/throttle.ts: parseRetryAfter (seconds, HTTP-date, garbage, array headers),
// backoffWithJitter bounds with an injected random, and RequestPacer's schedule under fake timers.
import { backoffWithJitter, parseRetryAfter, RequestPacer } from '../../nodes/Veritus/transport/throttle';

describe('parseRetryAfter', () => {
	test.each(['-1', 'later 3', '1,5', '2026-12-01', 'soon'])('ignores the invalid header %j', (value) => {
		expect(parseRetryAfter(value, Date.UTC(2026, 10, 30))).toBeUndefined();
	});

	test('reads the RFC 850 HTTP-date form too', () => {
		const now = Date.UTC(2026, 10, 30, 18, 0, 0);
		expect(parseRetryAfter('Monday, 30-Nov-26 18:00:04 GMT', now)).toBe(4000);
	});

	const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');

	test.each<[string, unknown, number]>([
		['"2" seconds', '2', 2000],
		['"0" seconds', '0', 0],
		['"1.5" seconds', '1.5', 1500],
		['seconds with surrounding spaces', ' 3 ', 3000],
		['a large delay', '120', 120_000],
		['a number value', 4, 4000],
		['an array header uses the first value', ['2', '9'], 2000],
		['an HTTP-date 3 s after now', 'Wed, 21 Oct 2026 07:28:03 GMT', 3000],
		['an HTTP-date 1 min after now', 'Wed, 21 Oct 2026 07:29:00 GMT', 60_000],
		['an HTTP-date in the past', 'Wed, 21 Oct 2026 07:27:00 GMT', 0],
		['an HTTP-date equal to now', 'Wed, 21 Oct 2026 07:28:00 GMT', 0],
		['an array with an HTTP-date', ['Wed, 21 Oct 2026 07:28:05 GMT'], 5000],
	])('%s', (_name, value, expected) => {
		expect(parseRetryAfter(value, now)).toBe(expected);
	});

	test.each<[string, unknown]>([
		['undefined', undefined],
		['null', null],
		['empty string', ''],
		['a word', 'soon'],
		['letters', 'abc'],
		['seconds with a unit', '5 seconds'],
		['an object', { seconds: 2 }],
		['an empty array', []],
		['a boolean', true],
	])('unreadable: %s → undefined', (_name, value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});

describe('backoffWithJitter', () => {
	test('random 0 gives the 100 ms minimum', () => {
		expect(backoffWithJitter(0, 500, 8000, () => 0)).toBe(100);
		expect(backoffWithJitter(5, 500, 8000, () => 0)).toBe(100);
	});

	test('random just under 1 gives just under the ceiling, which doubles per attempt', () => {
		expect(backoffWithJitter(0, 500, 8000, () => 0.999)).toBe(499);
		expect(backoffWithJitter(1, 500, 8000, () => 0.999)).toBe(999);
		expect(backoffWithJitter(3, 500, 8000, () => 0.999)).toBe(3996);
	});

	test('the cap bounds the ceiling', () => {
		expect(backoffWithJitter(4, 500, 8000, () => 0.999)).toBe(7992);
		expect(backoffWithJitter(10, 500, 8000, () => 0.999)).toBe(7992);
		expect(backoffWithJitter(5000, 500, 8000, () => 0.999)).toBe(7992);
		expect(backoffWithJitter(2, 1000, 3000, () => 0.5)).toBe(1500);
	});

	test('the minimum wins over a ceiling below 100 ms', () => {
		expect(backoffWithJitter(0, 50, 8000, () => 0.999)).toBe(100);
	});

	test('uses the default base and cap', () => {
		expect(backoffWithJitter(0, undefined, undefined, () => 0.5)).toBe(250);
		expect(backoffWithJitter(20, undefined, undefined, () => 0.5)).toBe(4000);
	});

	test('with Math.random every value stays within [100, ceiling)', () => {
		for (let i = 0; i < 200; i++) {
			const wait = backoffWithJitter(2);
			expect(wait).toBeGreaterThanOrEqual(100);
			expect(wait).toBeLessThan(2000);
			expect(Number.isInteger(wait)).toBe(true);
		}
	});
});

describe('RequestPacer', () => {
	beforeEach(() => {
		jest.useFakeTimers({ now: 1_700_000_000_000 });
	});
	afterEach(() => {
		jest.useRealTimers();
	});

	/** Starts `count` acquires at once and records which have resolved. */
	function startAcquires(pacer: RequestPacer, count: number): boolean[] {
		const done = new Array<boolean>(count).fill(false);
		for (let i = 0; i < count; i++) {
			void pacer.acquire().then(() => {
				done[i] = true;
			});
		}
		return done;
	}

	test('with requestsPerSecond 0, acquire resolves without scheduling a wait', async () => {
		const pacer = new RequestPacer(0);
		const done = startAcquires(pacer, 5);
		expect(jest.getTimerCount()).toBe(0);
		await jest.advanceTimersByTimeAsync(0);
		expect(done).toEqual([true, true, true, true, true]);
	});

	test('a negative cap also means no cap', async () => {
		const pacer = new RequestPacer(-1);
		const done = startAcquires(pacer, 3);
		expect(jest.getTimerCount()).toBe(0);
		await jest.advanceTimersByTimeAsync(0);
		expect(done).toEqual([true, true, true]);
	});

	test('10 per second spaces starts 100 ms apart on the clock', async () => {
		const pacer = new RequestPacer(10);
		const done = startAcquires(pacer, 3);
		await jest.advanceTimersByTimeAsync(0);
		expect(done).toEqual([true, false, false]);
		await jest.advanceTimersByTimeAsync(99);
		expect(done).toEqual([true, false, false]);
		await jest.advanceTimersByTimeAsync(1);
		expect(done).toEqual([true, true, false]);
		await jest.advanceTimersByTimeAsync(99);
		expect(done).toEqual([true, true, false]);
		await jest.advanceTimersByTimeAsync(1);
		expect(done).toEqual([true, true, true]);
	});

	test('a later acquire after the schedule has passed starts at once', async () => {
		const pacer = new RequestPacer(4);
		await jest.advanceTimersByTimeAsync(0);
		const first = startAcquires(pacer, 1);
		await jest.advanceTimersByTimeAsync(1000);
		expect(first).toEqual([true]);
		const later = startAcquires(pacer, 1);
		expect(jest.getTimerCount()).toBe(0);
		await jest.advanceTimersByTimeAsync(0);
		expect(later).toEqual([true]);
	});

	test('pauseUntil holds every later acquire until the given time', async () => {
		const pacer = new RequestPacer(0);
		pacer.pauseUntil(Date.now() + 500);
		const done = startAcquires(pacer, 2);
		await jest.advanceTimersByTimeAsync(499);
		expect(done).toEqual([false, false]);
		await jest.advanceTimersByTimeAsync(1);
		expect(done).toEqual([true, true]);
	});

	test('pauseUntil never shortens an existing pause', async () => {
		const pacer = new RequestPacer(0);
		pacer.pauseUntil(Date.now() + 500);
		pacer.pauseUntil(Date.now() + 100);
		const done = startAcquires(pacer, 1);
		await jest.advanceTimersByTimeAsync(499);
		expect(done).toEqual([false]);
		await jest.advanceTimersByTimeAsync(1);
		expect(done).toEqual([true]);
	});

	test('after a pause, paced starts resume from the end of the pause', async () => {
		const pacer = new RequestPacer(2);
		pacer.pauseUntil(Date.now() + 1000);
		const done = startAcquires(pacer, 2);
		await jest.advanceTimersByTimeAsync(999);
		expect(done).toEqual([false, false]);
		await jest.advanceTimersByTimeAsync(1);
		expect(done).toEqual([true, false]);
		await jest.advanceTimersByTimeAsync(499);
		expect(done).toEqual([true, false]);
		await jest.advanceTimersByTimeAsync(1);
		expect(done).toEqual([true, true]);
	});
});
