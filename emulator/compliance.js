'use strict';

/**
 * The compliance rules, as pure functions.
 *
 * - **Is Active**, **Cease and Desist Exclusion** and **Four Voice Call Per Day**: ids, names and
 *   descriptions are the seed page's, word for word; the failing reasons follow its passing ones.
 * - **Respectful Hours Check**: named by the API document's 422 example and its Create Many error
 *   example; the id and description are ours. The reason reads like the example's,
 *   `Customer local time is 03:00 (outside respectful hours 8am-8:50pm)`.
 * - **Model Validation Notice Delivered**: named by the same example; evaluated only for customers
 *   whose fixture profile says whether the notice was sent (id and description are ours).
 *
 * Respectful hours: 08:00 to 21:00 in the customer's local time by default, after the FDCPA's
 * presumption that calls before 8 a.m. or after 9 p.m. are inconvenient (both ends included,
 * to the second). Dates and times are computed with `Intl.DateTimeFormat` in the customer's
 * IANA time zone.
 */

/**
 * A check as it appears in `checksPassed` / `checksFailed`.
 * @typedef {object} ComplianceCheck
 * @property {string} id
 * @property {string} name
 * @property {string} description
 * @property {string} reason
 */

/**
 * The `compliance` object of a response.
 * @typedef {object} ComplianceResult
 * @property {boolean} passed True when `checksFailed` is empty.
 * @property {ComplianceCheck[]} checksPassed
 * @property {ComplianceCheck[]} checksFailed
 */

/**
 * The customer facts the rules read (a fixture profile, see fixtures.js).
 * @typedef {object} ComplianceCustomer
 * @property {boolean} active
 * @property {boolean} ceaseAndDesist
 * @property {string} timeZone IANA time zone, such as `America/Los_Angeles`.
 * @property {string[]} callsPlaced ISO 8601 instants of earlier calls.
 * @property {boolean} [modelValidationNoticeSent] when present, the notice rule is evaluated.
 */

/**
 * Local clock times bounding the respectful-hours window, `HH:MM` (24 h), both included.
 * @typedef {{ start: string, end: string }} RespectfulHours
 */

/** @type {RespectfulHours} */
const DEFAULT_RESPECTFUL_HOURS = Object.freeze({ start: '08:00', end: '21:00' });

/** The documented limit: four or fewer voice calls a day. */
const VOICE_CALL_LIMIT = 4;

/** The rules, without their reasons, in the order they are evaluated and reported. */
const CHECKS = Object.freeze({
	isActive: Object.freeze({ id: 'is-active', name: 'Is Active', description: 'Check if customer is active' }),
	ceaseAndDesist: Object.freeze({
		id: 'cease-and-desist-exclusion',
		name: 'Cease and Desist Exclusion',
		description: 'Prevent calling customers who have requested cease and desist',
	}),
	respectfulHours: Object.freeze({
		id: 'respectful-hours-check',
		name: 'Respectful Hours Check',
		description: "Contact the customer only inside the respectful-hours window of the customer's local time",
	}),
	voiceCallsPerDay: Object.freeze({
		id: 'four-voice-call-per-day',
		name: 'Four Voice Call Per Day',
		description: 'Check if customer has had four or fewer voice calls today within the current respectful hours window',
	}),
	modelValidationNotice: Object.freeze({
		id: 'model-validation-notice-delivered',
		name: 'Model Validation Notice Delivered',
		description: 'Contact the customer only after the Model Validation Notice has been delivered',
	}),
});

/** @type {Map<string, Intl.DateTimeFormat>} */
const formatters = new Map();

/**
 * The local calendar date and time of day of an instant in a time zone.
 * @param {Date} instant
 * @param {string} timeZone IANA time zone; an unknown one throws a RangeError.
 * @returns {{ date: string, secondsOfDay: number }} `date` as `YYYY-MM-DD`;
 *   `secondsOfDay` from 0 (00:00:00) to 86399 (23:59:59).
 */
function localDateTime(instant, timeZone) {
	let format = formatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, format);
	}
	const p = Object.fromEntries(format.formatToParts(instant).map(({ type, value }) => [type, value]));
	return {
		date: `${p.year}-${p.month}-${p.day}`,
		secondsOfDay: Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second),
	};
}

/**
 * Parses a `HH:MM` (24 h) local clock time.
 * @param {string} time such as `08:00` or `21:00`
 * @returns {number} seconds after local midnight
 */
function parseTimeOfDay(time) {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(String(time));
	if (!match) throw new RangeError(`Invalid time of day "${time}": expected HH:MM (24 h)`);
	return Number(match[1]) * 3600 + Number(match[2]) * 60;
}

/**
 * Counts the calls placed so far today (the local calendar day of `now` in `timeZone`) whose
 * local time is inside the respectful-hours window. Calls after `now` are not counted.
 * @param {string[]} callsPlaced ISO 8601 instants
 * @param {string} timeZone IANA time zone
 * @param {Date} now
 * @param {RespectfulHours} [respectfulHours] default 08:00–21:00
 * @returns {number}
 */
function countCallsInWindow(callsPlaced, timeZone, now, respectfulHours = DEFAULT_RESPECTFUL_HOURS) {
	const start = parseTimeOfDay(respectfulHours.start);
	const end = parseTimeOfDay(respectfulHours.end);
	const today = localDateTime(now, timeZone).date;
	return callsPlaced.filter((iso) => {
		const at = new Date(iso);
		if (at.getTime() > now.getTime()) return false;
		const local = localDateTime(at, timeZone);
		return local.date === today && local.secondsOfDay >= start && local.secondsOfDay <= end;
	}).length;
}

/**
 * A local clock time as the API's messages write it: `08:00` → `8am`, `20:50` → `8:50pm`,
 * `12:00` → `12pm`, `00:00` → `12am`.
 * @param {string} time `HH:MM` (24 h)
 * @returns {string}
 */
function clockLabel(time) {
	const seconds = parseTimeOfDay(time);
	const hours = Math.floor(seconds / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	const hour12 = hours % 12 === 0 ? 12 : hours % 12;
	return `${hour12}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

/**
 * The respectful-hours window as the API's messages write it.
 * @param {RespectfulHours} respectfulHours
 * @returns {string} such as `8am-9pm` or `8am-8:50pm`
 */
function windowLabel(respectfulHours) {
	return `${clockLabel(respectfulHours.start)}-${clockLabel(respectfulHours.end)}`;
}

/**
 * @param {ComplianceCustomer} customer
 * @returns {{ passed: boolean, check: ComplianceCheck }}
 */
function checkIsActive(customer) {
	const passed = customer.active === true;
	return { passed, check: { ...CHECKS.isActive, reason: passed ? 'Customer is active' : 'Customer is not active' } };
}

/**
 * @param {ComplianceCustomer} customer
 * @returns {{ passed: boolean, check: ComplianceCheck }}
 */
function checkCeaseAndDesist(customer) {
	const passed = customer.ceaseAndDesist !== true;
	const reason = passed ? 'Customer has not requested cease and desist' : 'Customer has requested cease and desist';
	return { passed, check: { ...CHECKS.ceaseAndDesist, reason } };
}

/**
 * Passes while the customer's local time (to the second) is inside the window, both ends included.
 * @param {ComplianceCustomer} customer
 * @param {{ now: Date, respectfulHours?: RespectfulHours }} context
 * @returns {{ passed: boolean, check: ComplianceCheck }}
 */
function checkRespectfulHours(customer, { now, respectfulHours = DEFAULT_RESPECTFUL_HOURS }) {
	const { secondsOfDay } = localDateTime(now, customer.timeZone);
	const passed =
		secondsOfDay >= parseTimeOfDay(respectfulHours.start) && secondsOfDay <= parseTimeOfDay(respectfulHours.end);
	const hh = String(Math.floor(secondsOfDay / 3600)).padStart(2, '0');
	const mm = String(Math.floor((secondsOfDay % 3600) / 60)).padStart(2, '0');
	const reason = `Customer local time is ${hh}:${mm} (${passed ? 'within' : 'outside'} respectful hours ${windowLabel(respectfulHours)})`;
	return { passed, check: { ...CHECKS.respectfulHours, reason } };
}

/**
 * Passes while fewer than four calls were placed today inside the window, so that the call
 * about to be placed keeps the day at four or fewer.
 * @param {ComplianceCustomer} customer
 * @param {{ now: Date, respectfulHours?: RespectfulHours }} context
 * @returns {{ passed: boolean, check: ComplianceCheck }}
 */
function checkVoiceCallsPerDay(customer, { now, respectfulHours = DEFAULT_RESPECTFUL_HOURS }) {
	const count = countCallsInWindow(customer.callsPlaced || [], customer.timeZone, now, respectfulHours);
	const passed = count < VOICE_CALL_LIMIT;
	let relation = 'within';
	if (count === VOICE_CALL_LIMIT) relation = 'reaching';
	if (count > VOICE_CALL_LIMIT) relation = 'exceeding';
	const calls = count === 1 ? 'voice call' : 'voice calls';
	const reason =
		`Customer has had ${count} ${calls} today within respectful hours window (${customer.timeZone}), ` +
		`${relation} the limit of ${VOICE_CALL_LIMIT}`;
	return { passed, check: { ...CHECKS.voiceCallsPerDay, reason } };
}

/**
 * Evaluated only when the profile says whether the notice was sent.
 * @param {ComplianceCustomer} customer
 * @returns {{ passed: boolean, check: ComplianceCheck } | null} null when the rule does not apply
 */
function checkModelValidationNotice(customer) {
	if (customer.modelValidationNoticeSent === undefined) return null;
	const passed = customer.modelValidationNoticeSent === true;
	const reason = passed ? 'A Model Validation Notice has been sent' : 'No Model Validation Notice has been sent';
	return { passed, check: { ...CHECKS.modelValidationNotice, reason } };
}

/**
 * Runs every rule that applies, always all of them, in the order of CHECKS.
 * @param {ComplianceCustomer} customer
 * @param {{ now: Date, respectfulHours?: RespectfulHours }} context `now`: the emulator clock.
 * @returns {ComplianceResult}
 */
function evaluateCompliance(customer, context) {
	const results = [
		checkIsActive(customer),
		checkCeaseAndDesist(customer),
		checkRespectfulHours(customer, context),
		checkVoiceCallsPerDay(customer, context),
		checkModelValidationNotice(customer),
	].filter((r) => r !== null);
	const checksPassed = results.filter((r) => r.passed).map((r) => r.check);
	const checksFailed = results.filter((r) => !r.passed).map((r) => r.check);
	return { passed: checksFailed.length === 0, checksPassed, checksFailed };
}

/**
 * The 422 `publicFacingMessage` of a blocked request, in the API document's words: rule names
 * with their reasons in parentheses, e.g. `Customer not eligible for call. Failed rules:
 * Respectful Hours Check (Customer local time is 03:00 (outside respectful hours 8am-8:50pm))`.
 * @param {ComplianceCheck[]} checksFailed at least one
 * @param {string} [what] `call` or `drip campaign`
 * @returns {string}
 */
function notEligibleMessage(checksFailed, what = 'call') {
	return `Customer not eligible for ${what}. Failed rules: ${checksFailed.map((c) => `${c.name} (${c.reason})`).join(', ')}`;
}

/**
 * The per-customer `error` of `POST /calls/bulk`, in the API document's words: numbered rule
 * names with their reasons in brackets, e.g. `Customer not eligible for call. 2 failed rule(s):
 * 1. Respectful Hours Check [Customer local time is 03:00 (…)], 2. Four Voice Call Per Day […]`.
 * @param {ComplianceCheck[]} checksFailed at least one
 * @returns {string}
 */
function bulkNotEligibleMessage(checksFailed) {
	const rules = checksFailed.map((c, i) => `${i + 1}. ${c.name} [${c.reason}]`).join(', ');
	return `Customer not eligible for call. ${checksFailed.length} failed rule(s): ${rules}`;
}

/**
 * The UTC instant of a local wall-clock time in a time zone (one of the two when a clock change
 * repeats it; a time that a clock change skips comes out shifted by the change).
 * @param {string} date `YYYY-MM-DD`
 * @param {number} secondsOfDay seconds after local midnight
 * @param {string} timeZone IANA time zone
 * @returns {Date}
 */
function zonedInstant(date, secondsOfDay, timeZone) {
	const [y, m, d] = date.split('-').map(Number);
	const wanted = Date.UTC(y, m - 1, d) + secondsOfDay * 1000;
	let guess = wanted;
	for (let i = 0; i < 3; i += 1) {
		const local = localDateTime(new Date(guess), timeZone);
		const [ly, lm, ld] = local.date.split('-').map(Number);
		const seen = Date.UTC(ly, lm - 1, ld) + local.secondsOfDay * 1000;
		if (seen === wanted) break;
		guess += wanted - seen;
	}
	return new Date(guess);
}

/**
 * When a drip campaign held back by time-bound rules can start: the start of the next
 * respectful-hours window, or of tomorrow's when today's calls are used up.
 * @param {ComplianceCustomer} customer
 * @param {{ now: Date, respectfulHours?: RespectfulHours }} context
 * @param {ComplianceCheck[]} checksFailed
 * @returns {Date}
 */
function nextCompliantStart(customer, { now, respectfulHours = DEFAULT_RESPECTFUL_HOURS }, checksFailed) {
	const { date, secondsOfDay } = localDateTime(now, customer.timeZone);
	const start = parseTimeOfDay(respectfulHours.start);
	const dailyLimitReached = checksFailed.some((c) => c.id === CHECKS.voiceCallsPerDay.id);
	const today = zonedInstant(date, start, customer.timeZone);
	if (!dailyLimitReached && secondsOfDay < start) return today;
	const tomorrow = localDateTime(new Date(today.getTime() + 36 * 3600 * 1000), customer.timeZone).date;
	return zonedInstant(tomorrow, start, customer.timeZone);
}

/** The ids of the rules that time alone can cure (a drip campaign waits for them). */
const TIME_BOUND_CHECKS = Object.freeze([CHECKS.respectfulHours.id, CHECKS.voiceCallsPerDay.id]);

module.exports = {
	CHECKS,
	DEFAULT_RESPECTFUL_HOURS,
	VOICE_CALL_LIMIT,
	TIME_BOUND_CHECKS,
	localDateTime,
	parseTimeOfDay,
	clockLabel,
	windowLabel,
	countCallsInWindow,
	checkIsActive,
	checkCeaseAndDesist,
	checkRespectfulHours,
	checkVoiceCallsPerDay,
	checkModelValidationNotice,
	evaluateCompliance,
	notEligibleMessage,
	bulkNotEligibleMessage,
	zonedInstant,
	nextCompliantStart,
};
