/**
 * "Act until the effect shows, then assert": one UI step acts (a click, a key, a fill) and
 * waits for the thing the action is for (a panel open, a list shown, a request sent). When the
 * effect has not shown within one try's window, the step acts again, until a deadline.
 *
 * Why: an editor can take a first click while it is still wiring its handlers (Debian's
 * Chromium 156 with n8n 2.8.4: the first click on the canvas "+" opened nothing, a second one
 * opened the node creator at once). Playwright's locators already wait until their element is
 * visible, stable, enabled and on top before acting; they cannot know whether the action
 * worked. This module checks that, and counts every repeated action so the run can print it.
 *
 * An effect is `{ what, now(), wait(timeoutMs) }`: `now()` resolves whether it is there at this
 * moment, `wait()` resolves once it is there and rejects with a TimeoutError otherwise. Build
 * effects with {@link shown}, {@link gone}, {@link holds} and {@link requested}.
 */
'use strict';

const { errors } = require('playwright-core');

/** Default deadline of one UI step, all tries together (ms). */
const STEP_DEADLINE_MS = 60_000;

/** How often {@link holds} asks its predicate (ms). */
const POLL_MS = 200;

/**
 * How long try number `tryNumber` (1, 2, …) waits for the effect before acting again: 2 s, 4 s,
 * then 8 s for every later try (ms). A slow machine gets longer windows instead of a storm of
 * repeated actions.
 */
function tryWindowMs(tryNumber) {
	return Math.min(2_000 * 2 ** (tryNumber - 1), 8_000);
}

/** Whether `error` is a wait that ran out of time (Playwright's, or one of {@link holds}). */
function isTimeout(error) {
	return error instanceof errors.TimeoutError;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every UI step of a run and how many tries it took.
 *
 * `record(step, tries)` adds one step; `retried` is the number of repeated actions (tries
 * beyond the first, over all steps); `summary()` is the line the run prints.
 */
class RetryLog {
	constructor() {
		/** @type {Array<{ step: string, tries: number, shown: boolean }>} */
		this.steps = [];
	}

	/** Records one step: `tries` actions, and whether its effect showed. */
	record(step, tries, shown = true) {
		this.steps.push({ step, tries, shown });
	}

	/** Repeated actions over all steps (each step's tries minus its first). */
	get retried() {
		return this.steps.reduce((sum, { tries }) => sum + tries - 1, 0);
	}

	/**
	 * One line, e.g. `Retried UI actions: 2 in 31 UI steps (open the node creator: 1, pick "Veritus": 1)`.
	 */
	summary() {
		const byStep = new Map();
		for (const { step, tries } of this.steps) {
			if (tries > 1) byStep.set(step, (byStep.get(step) ?? 0) + tries - 1);
		}
		const detail = [...byStep].map(([step, count]) => `${step}: ${count}`).join(', ');
		return `Retried UI actions: ${this.retried} in ${this.steps.length} UI steps${detail ? ` (${detail})` : ''}`;
	}
}

/**
 * Acts until `until` shows, within `deadlineMs`.
 *
 * Each try calls `act({ timeout })` (pass `timeout` on to Playwright, so that an action whose
 * target is not there gives up within the try), then waits up to {@link tryWindowMs} for the
 * effect. Before acting again it looks once more, so an effect that came just late is not
 * acted on twice. Only timeouts are retried; any other error (a selector matching two elements,
 * a closed page) fails the step at once.
 *
 * @param {object} options
 * @param {string} options.step short name for logs and the summary, e.g. `open the node creator`
 * @param {(options: { timeout: number }) => Promise<unknown>} options.act the action; it must be
 *   safe to repeat while its effect has not shown
 * @param {{ what: string, now: () => Promise<boolean>, wait: (timeoutMs: number) => Promise<unknown> }} options.until
 * @param {RetryLog} options.retries where the step is recorded
 * @param {(line: string) => void} [options.log] told about each repeated action
 * @param {number} [options.deadlineMs] all tries together (default {@link STEP_DEADLINE_MS})
 * @returns the number of tries (1 when the first action worked)
 * @throws Error naming the step, the effect, the tries and the last timeout, at the deadline;
 *   or the first error that is not a timeout.
 */
async function actUntil({ step, act, until, retries, log = () => {}, deadlineMs = STEP_DEADLINE_MS }) {
	const deadline = Date.now() + deadlineMs;
	const left = () => Math.max(deadline - Date.now(), 1);
	let lastTimeout;
	for (let tries = 1; ; tries += 1) {
		const window = () => Math.min(tryWindowMs(tries), left());
		try {
			await act({ timeout: window() });
		} catch (error) {
			if (!isTimeout(error)) {
				retries.record(step, tries, false);
				throw error;
			}
			lastTimeout = error;
		}
		try {
			await until.wait(window());
			retries.record(step, tries);
			if (tries > 1) log(`      (${step}: ${until.what} after ${tries} tries)`);
			return tries;
		} catch (error) {
			if (!isTimeout(error)) {
				retries.record(step, tries, false);
				throw error;
			}
			lastTimeout = error;
		}
		if (await until.now().catch(() => false)) {
			retries.record(step, tries);
			if (tries > 1) log(`      (${step}: ${until.what} after ${tries} tries)`);
			return tries;
		}
		if (Date.now() >= deadline) {
			retries.record(step, tries, false);
			throw new Error(
				`${step}: ${until.what} did not show after ${tries} tries in ${deadlineMs} ms ` +
					`(last: ${String(lastTimeout?.message ?? lastTimeout).split('\n')[0]})`,
			);
		}
	}
}

/**
 * The effect "`locator` is visible". The locator must match one element (Playwright's strict
 * mode: two matches fail the step at once); use `.first()` for "at least one".
 *
 * @param {import('playwright-core').Locator} locator
 * @param {string} [what] for messages (default: the locator)
 */
function shown(locator, what = `${locator} visible`) {
	return {
		what,
		now: async () => await locator.isVisible(),
		wait: async (timeout) => await locator.waitFor({ state: 'visible', timeout }),
	};
}

/** The effect "`locator` is hidden or gone" (a panel closed). */
function gone(locator, what = `${locator} hidden`) {
	return {
		what,
		now: async () => !(await locator.isVisible()),
		wait: async (timeout) => await locator.waitFor({ state: 'hidden', timeout }),
	};
}

/**
 * The effect "`predicate()` resolves truthy", asked every {@link POLL_MS} ms; an error thrown by
 * the predicate counts as "not yet". For state outside the page, such as a record on the server.
 *
 * @param {string} what for messages
 * @param {() => Promise<unknown>} predicate
 */
function holds(what, predicate) {
	const now = async () =>
		Boolean(
			await Promise.resolve()
				.then(predicate)
				.catch(() => false),
		);
	return {
		what,
		now,
		wait: async (timeout) => {
			const end = Date.now() + timeout;
			for (;;) {
				if (await now()) return;
				if (Date.now() >= end) throw new errors.TimeoutError(`${what}: not within ${timeout} ms`);
				await sleep(Math.min(POLL_MS, Math.max(end - Date.now(), 1)));
			}
		},
	};
}

/**
 * The effect "the page sent a request that `match(request)` accepts", counted from the moment
 * this effect is made (make it just before the step), across all tries: a request that the first
 * action sent late still counts, so an action with a side effect on the server (run a workflow)
 * is not repeated once it went out.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} what for messages
 * @param {(request: import('playwright-core').Request) => boolean} match
 * @returns the effect, plus `requests`: every matching request seen so far, and `stop()`, which
 *   stops listening
 */
function requested(page, what, match) {
	const requests = [];
	const listener = (request) => {
		if (match(request)) requests.push(request);
	};
	page.on('request', listener);
	const effect = holds(what, async () => requests.length > 0);
	return { ...effect, requests, stop: () => page.off('request', listener) };
}

module.exports = { actUntil, shown, gone, holds, requested, RetryLog, tryWindowMs, STEP_DEADLINE_MS };
