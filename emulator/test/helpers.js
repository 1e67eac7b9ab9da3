'use strict';

/** Shared helpers for the emulator tests: real HTTP over loopback with Node's fetch. */

const { startEmulator, loadContract, DEFAULT_TOKEN } = require('..');

/** The token an emulator started without a `token` option accepts. */
const TOKEN = DEFAULT_TOKEN;
const AGENT = 'agent-collections-01';
const contract = loadContract();

/**
 * @typedef {object} ApiResponse
 * @property {number} status
 * @property {Headers} headers
 * @property {string} text the raw body
 * @property {any} body the parsed JSON body, or undefined when the body is not JSON
 */

/**
 * Starts an emulator for a test file (beforeAll), resets it and restores its startup
 * configuration before each test, and closes it afterwards (afterAll). After all tests it also
 * asserts that the emulator never produced an answer breaking openapi.yaml.
 * @param {object} [options] emulator options
 * @returns {{ current: import('../server').RunningEmulator }} filled in beforeAll
 */
function useEmulator(options = {}) {
	const ref = /** @type {{ current: any }} */ ({ current: null });
	let startup;
	beforeAll(async () => {
		ref.current = await startEmulator(options);
		startup = ref.current.state.publicConfig();
	});
	beforeEach(async () => {
		await control(ref.current, '/config', { method: 'PUT', body: startup });
		await control(ref.current, '/reset', { method: 'POST' });
	});
	afterAll(async () => {
		if (!ref.current) return;
		const { violations } = await control(ref.current, '/violations');
		await ref.current.close();
		expect(violations).toEqual([]);
	});
	return ref;
}

/**
 * Calls POST /customers/{customerId}/calls.
 * @param {{ baseUrl: string }} emulator
 * @param {string} customerId encoded with encodeURIComponent unless `raw` is set
 * @param {object} [init]
 * @param {unknown} [init.body] JSON body, default `{ agentId: 'agent-collections-01' }`
 * @param {string} [init.rawBody] sent as is instead of `body`
 * @param {string | null} [init.token] bearer token; null sends no Authorization header
 * @param {Record<string, string>} [init.headers] extra or replacing headers
 * @param {boolean} [init.raw] put `customerId` in the path without encoding it
 * @param {boolean} [init.contract] check the answer against openapi.yaml (default true)
 * @param {AbortSignal} [init.signal]
 * @returns {Promise<ApiResponse>}
 */
async function createCall(emulator, customerId, init = {}) {
	const token = init.token === undefined ? TOKEN : init.token;
	const headers = {
		'content-type': 'application/json',
		...(token === null ? {} : { authorization: `Bearer ${token}` }),
		...init.headers,
	};
	const body =
		init.rawBody !== undefined
			? init.rawBody
			: JSON.stringify(init.body === undefined ? { agentId: AGENT } : init.body);
	const path = init.raw ? customerId : encodeURIComponent(customerId);
	const response = await fetch(`${emulator.baseUrl}/customers/${path}/calls`, {
		method: 'POST',
		headers,
		body,
		signal: init.signal,
	});
	const text = await response.text();
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	if (init.contract !== false) expectContract(response.status, parsed);
	return { status: response.status, headers: response.headers, text, body: parsed };
}

/**
 * Asserts that a JSON answer matches openapi.yaml for its status.
 * @param {number} status
 * @param {unknown} body
 */
function expectContract(status, body) {
	expect({ status, ...contract.validateCreateCallResponse(status, body) }).toEqual({ status, valid: true, errors: [] });
}

/**
 * Calls a control endpoint and returns its JSON.
 * @param {{ controlUrl: string }} emulator
 * @param {string} path such as `/requests`
 * @param {{ method?: string, body?: unknown }} [init]
 * @returns {Promise<any>}
 */
async function control(emulator, path, init = {}) {
	const response = await fetch(`${emulator.controlUrl}${path}`, {
		method: init.method || 'GET',
		headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	const json = await response.json();
	if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
	return json;
}

/**
 * The request log.
 * @param {{ controlUrl: string }} emulator
 * @returns {Promise<import('../state').RequestLogEntry[]>}
 */
async function requestLog(emulator) {
	return (await control(emulator, '/requests')).requests;
}

/**
 * Calls placed so far.
 * @param {{ controlUrl: string }} emulator
 * @returns {Promise<{ calls: import('../state').CallRecord[], countsByCustomer: Record<string, number> }>}
 */
async function placedCalls(emulator) {
	return control(emulator, '/calls');
}

/** The three documented checks, without reasons. */
const CHECKS = {
	isActive: { id: 'is-active', name: 'Is Active', description: 'Check if customer is active' },
	ceaseAndDesist: {
		id: 'cease-and-desist-exclusion',
		name: 'Cease and Desist Exclusion',
		description: 'Prevent calling customers who have requested cease and desist',
	},
	voiceCallsPerDay: {
		id: 'four-voice-call-per-day',
		name: 'Four Voice Call Per Day',
		description: 'Check if customer has had four or fewer voice calls today within the current respectful hours window',
	},
};

module.exports = {
	TOKEN,
	AGENT,
	CHECKS,
	contract,
	useEmulator,
	createCall,
	expectContract,
	control,
	requestLog,
	placedCalls,
};
