'use strict';

/**
 * How a placed call ends, decided when it is placed and deterministic: the same seed, call ID,
 * customer and clock give the same ended reason, transcript, duration and output variables,
 * whatever happened before. The `call-ended` webhook event, Analyze Interaction and the demo's
 * outcome summary read it.
 */

const { createRandom, hashSeed } = require('./random');

/** The API's ended reasons (the `endedReason` enum of the call-ended event). */
const ENDED_REASONS = Object.freeze([
	'customer-did-not-answer',
	'voicemail',
	'customer-ended-call',
	'agent-ended-call',
	'silence-timed-out',
	'unknown',
]);

/** How often each reason is drawn when the customer's profile names none. */
const WEIGHTS = Object.freeze({
	'customer-ended-call': 0.35,
	'agent-ended-call': 0.2,
	voicemail: 0.2,
	'customer-did-not-answer': 0.15,
	'silence-timed-out': 0.07,
	unknown: 0.03,
});

/**
 * One turn of a transcript, as the call-ended event's `messages[]` holds it.
 * @typedef {object} Message
 * @property {'agent' | 'user'} role
 * @property {string} message
 * @property {string} startedAt ISO 8601
 * @property {string} endedAt ISO 8601
 * @property {number} secondsFromStart seconds from the call's start to the turn's start
 * @property {number} duration the turn's length in milliseconds
 */

/**
 * A call's ending.
 * @typedef {object} CallOutcome
 * @property {typeof ENDED_REASONS[number]} endedReason
 * @property {number} durationMs the simulated call's length in milliseconds (not the real wait
 *   before the event is sent, which is `webhooks.callDurationMs`)
 * @property {string} endedAt ISO 8601: the call's `createdAt` plus `durationMs`
 * @property {Message[]} messages
 * @property {Record<string, string>} inputVariables what the agent was given at the start
 * @property {Record<string, boolean> | null} outputVariables null when nobody talked to the agent
 */

/**
 * The lines of each conversation. `{first}`, `{last}`, `{agent}`, `{account}` and `{callback}`
 * are filled in.
 * @type {Record<string, { lines: ['agent' | 'user', string][], outputVariables: Record<string, boolean> | null }[]>}
 */
const SCRIPTS = {
	'customer-ended-call': [
		{
			lines: [
				['agent', 'Hello, this is {agent} calling for {first} {last}. Is this a good time to talk?'],
				['user', 'Yes, this is {first}.'],
				[
					'agent',
					'Thank you. This is an attempt to collect a debt, and any information obtained will be used for that purpose. I am calling about your account {account}.',
				],
				['user', 'I can pay part of it on Friday.'],
				['agent', 'Thank you, I have noted a payment on Friday. You will get a confirmation by text.'],
				['user', 'Okay, thanks. Bye.'],
			],
			outputVariables: {
				'promise-to-pay': true,
				dispute: false,
				'stop-requests': false,
				'human-follow-up-requested': false,
				'callback-requested': false,
			},
		},
		{
			lines: [
				['agent', 'Hello, this is {agent} calling for {first} {last}. Is this a good time to talk?'],
				['user', 'Speaking.'],
				[
					'agent',
					'Thank you. This is an attempt to collect a debt, and any information obtained will be used for that purpose. I am calling about your account {account}.',
				],
				['user', 'I do not think I owe this. I want to dispute it and talk to a person.'],
				['agent', 'I understand. I have recorded your dispute, and a specialist will follow up with you.'],
				['user', 'Fine. Goodbye.'],
			],
			outputVariables: {
				'promise-to-pay': false,
				dispute: true,
				'stop-requests': false,
				'human-follow-up-requested': true,
				'callback-requested': false,
			},
		},
		{
			lines: [
				['agent', 'Hello, this is {agent} calling for {first} {last}.'],
				['user', 'Please stop calling me.'],
				['agent', 'Understood. I have noted your request, and we will stop calling this number.'],
				['user', 'Thank you. Bye.'],
			],
			outputVariables: {
				'promise-to-pay': false,
				dispute: false,
				'stop-requests': true,
				'human-follow-up-requested': false,
				'callback-requested': false,
			},
		},
	],
	'agent-ended-call': [
		{
			lines: [
				['agent', 'Hello, this is {agent} calling for {first} {last}. Is this a good time to talk?'],
				['user', 'Not really. Can you call me back next week?'],
				['agent', 'Of course. I have noted that you would like a call next week. Goodbye.'],
			],
			outputVariables: {
				'promise-to-pay': false,
				dispute: false,
				'stop-requests': false,
				'human-follow-up-requested': false,
				'callback-requested': true,
			},
		},
		{
			lines: [
				['agent', 'Hello, this is {agent} calling for {first} {last}. Is this a good time to talk?'],
				['user', 'Yes.'],
				[
					'agent',
					'This is an attempt to collect a debt, and any information obtained will be used for that purpose. I am calling about your account {account}.',
				],
				['user', 'I paid it yesterday.'],
				['agent', 'Thank you for letting me know. I will make a note for the team to check it. Goodbye.'],
			],
			outputVariables: {
				'promise-to-pay': false,
				dispute: false,
				'stop-requests': false,
				'human-follow-up-requested': true,
				'callback-requested': false,
			},
		},
	],
	voicemail: [
		{
			lines: [
				[
					'agent',
					'Hello, this message is for {first} {last}. This is {agent}. Please call us back at {callback}. Thank you.',
				],
			],
			outputVariables: null,
		},
	],
	'silence-timed-out': [
		{
			lines: [
				['agent', 'Hello, this is {agent} calling for {first} {last}. Are you there?'],
				['agent', 'I cannot hear anyone. I will try again later. Goodbye.'],
			],
			outputVariables: null,
		},
	],
	'customer-did-not-answer': [{ lines: [], outputVariables: null }],
	unknown: [{ lines: [], outputVariables: null }],
};

/**
 * Draws an ended reason by WEIGHTS.
 * @param {() => number} random
 * @returns {typeof ENDED_REASONS[number]}
 */
function drawReason(random) {
	let point = random();
	for (const [reason, weight] of Object.entries(WEIGHTS)) {
		if (point < weight) return /** @type {any} */ (reason);
		point -= weight;
	}
	return 'unknown';
}

/**
 * Decides how a call ends.
 * @param {object} details
 * @param {number} details.seed the emulator's seed
 * @param {string} details.callId
 * @param {string} details.createdAt ISO 8601, on the emulator clock
 * @param {{ firstName: string, lastName: string, externalId: string }} details.customer
 * @param {{ name: string, fromPhoneNumber: string }} details.agent
 * @param {string} [details.endedReason] a fixed reason (from the customer's profile)
 * @returns {CallOutcome}
 */
function callOutcome({ seed, callId, createdAt, customer, agent, endedReason }) {
	const random = createRandom(hashSeed(seed, callId)).next;
	const reason = /** @type {CallOutcome['endedReason']} */ (endedReason || drawReason(random));
	const variants = SCRIPTS[reason];
	const script = variants[Math.floor(random() * variants.length)];
	const fill = (text) =>
		text
			.replace(/\{first\}/g, customer.firstName)
			.replace(/\{last\}/g, customer.lastName)
			.replace(/\{agent\}/g, agent.name)
			.replace(/\{account\}/g, customer.externalId)
			.replace(/\{callback\}/g, agent.fromPhoneNumber);
	const start = Date.parse(createdAt);
	let offsetMs = 1500 + Math.floor(random() * 2000);
	/** @type {Message[]} */
	const messages = script.lines.map(([role, line]) => {
		const message = fill(line);
		const duration = 1200 + message.length * 55 + Math.floor(random() * 800);
		const turn = {
			role,
			message,
			startedAt: new Date(start + offsetMs).toISOString(),
			endedAt: new Date(start + offsetMs + duration).toISOString(),
			secondsFromStart: Math.round(offsetMs / 100) / 10,
			duration,
		};
		offsetMs += duration + 400 + Math.floor(random() * 900);
		return turn;
	});
	let durationMs = offsetMs + 500;
	if (reason === 'customer-did-not-answer') durationMs = 25000 + Math.floor(random() * 10000);
	if (reason === 'silence-timed-out') durationMs += 15000;
	if (reason === 'unknown') durationMs = 2000 + Math.floor(random() * 3000);
	return {
		endedReason: reason,
		durationMs,
		endedAt: new Date(start + durationMs).toISOString(),
		messages,
		inputVariables: {
			customerFirstName: customer.firstName,
			customerLastName: customer.lastName,
			externalId: customer.externalId,
		},
		outputVariables: script.outputVariables ? { ...script.outputVariables } : null,
	};
}

module.exports = { ENDED_REASONS, callOutcome };
