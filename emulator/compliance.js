'use strict';

/**
 * The three documented compliance checks, as pure functions. Ids, names and descriptions are
 * the vendor's, word for word; the failing reasons follow the documented passing ones.
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
 * The customer fields the checks read.
 * @typedef {object} ComplianceCustomer
 * @property {boolean} active
 * @property {boolean} ceaseAndDesist
 * @property {string} timeZone IANA time zone, such as `America/Los_Angeles`.
 * @property {string[]} callsPlaced ISO 8601 instants of earlier calls.
 */

/**
 * Local clock times bounding the respectful-hours window, `HH:MM` (24 h), both included.
 * @typedef {{ start: string, end: string }} RespectfulHours
 */

/** @type {RespectfulHours} */
const DEFAULT_RESPECTFUL_HOURS = Object.freeze({ start: '08:00', end: '21:00' });

/** The documented limit: four or fewer voice calls a day. */
const VOICE_CALL_LIMIT = 4;

/** The documented checks, without their reasons. */
const CHECKS = Object.freeze({
	isActive: Object.freeze({ id: 'is-active', name: 'Is Active', description: 'Check if customer is active' }),
	ceaseAndDesist: Object.freeze({
		id: 'cease-and-desist-exclusion',
		name: 'Cease and Desist Exclusion',
		description: 'Prevent calling customers who have requested cease and desist',
	}),
	voiceCallsPerDay: Object.freeze({
		id: 'four-voice-call-per-day',
		name: 'Four Voice Call Per Day',
		description: 'Check if customer has had four or fewer voice calls today within the current respectful hours window',
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
 * Runs all three checks, always, in the documented order.
 * @param {ComplianceCustomer} customer
 * @param {{ now: Date, respectfulHours?: RespectfulHours }} context `now`: the emulator clock.
 * @returns {ComplianceResult}
 */
function evaluateCompliance(customer, context) {
	const results = [checkIsActive(customer), checkCeaseAndDesist(customer), checkVoiceCallsPerDay(customer, context)];
	const checksPassed = results.filter((r) => r.passed).map((r) => r.check);
	const checksFailed = results.filter((r) => !r.passed).map((r) => r.check);
	return { passed: checksFailed.length === 0, checksPassed, checksFailed };
}

module.exports = {
	CHECKS,
	DEFAULT_RESPECTFUL_HOURS,
	VOICE_CALL_LIMIT,
	localDateTime,
	parseTimeOfDay,
	countCallsInWindow,
	checkIsActive,
	checkCeaseAndDesist,
	checkVoiceCallsPerDay,
	evaluateCompliance,
};
