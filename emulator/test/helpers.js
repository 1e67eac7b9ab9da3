'use strict';

/** Shared helpers for the emulator tests: real HTTP over loopback with Node's fetch. */

const http = require('node:http');
const { startEmulator, loadContract, loadProviderContract, DEFAULT_TOKEN } = require('..');
const { loadFixtures } = require('../fixtures');

/** The token an emulator started without a `token` option accepts. */
const TOKEN = DEFAULT_TOKEN;
const fixtures = loadFixtures();
/** The fixtures' agents: the collections agent, and the payment reminders agent. */
const AGENT = fixtures.agents[0].id;
const OTHER_AGENT = fixtures.agents[1].id;
/** The webhook secret the seed page's example names, and its value in the fixtures. */
const SECRET_ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const SECRET_VALUE = fixtures.webhookSecrets.find((s) => s.id === SECRET_ID).secret;
/** A well-formed UUID that names nothing. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const contract = loadContract();
const provider = loadProviderContract();

/**
 * The UUID of a fixture customer.
 * @param {string} externalId such as `100231`
 * @returns {string}
 */
function C(externalId) {
	const customer = fixtures.customers.find((c) => c.externalId === externalId);
	if (!customer) throw new Error(`no fixture customer ${externalId}`);
	return customer.id;
}

/**
 * @typedef {object} ApiResponse
 * @property {number} status
 * @property {Headers} headers
 * @property {string} text the raw body
 * @property {any} body the parsed JSON body, or undefined when the body is not JSON
 */

/**
 * Starts an emulator for a test file (beforeAll), resets it and restores its startup
 * configuration before each test, and closes it afterwards (afterAll). After each test it
 * asserts that no answer broke a contract (the provider extract or openapi.yaml); requests may
 * (these tests send bad ones on purpose).
 * @param {object} [options] emulator options
 * @returns {{ current: import('../server').RunningEmulator }} filled in beforeAll
 */
function useEmulator(options = {}) {
	const ref = /** @type {{ current: any }} */ ({ current: null });
	let startup;
	beforeAll(async () => {
		ref.current = await startEmulator({ webhooks: { deliver: false }, ...options });
		startup = ref.current.state.publicConfig();
	});
	beforeEach(async () => {
		await control(ref.current, '/config', { method: 'PUT', body: startup });
		await control(ref.current, '/reset', { method: 'POST' });
	});
	afterEach(async () => {
		const { violations } = await control(ref.current, '/violations');
		expect(violations.filter((v) => v.direction !== 'request')).toEqual([]);
	});
	afterAll(async () => {
		if (ref.current) await ref.current.close();
	});
	return ref;
}

/**
 * Calls an API operation.
 * @param {{ baseUrl: string }} emulator
 * @param {string} method
 * @param {string} path relative to the base URL, such as `/customers`
 * @param {object} [init]
 * @param {unknown} [init.body] JSON body
 * @param {string} [init.rawBody] sent as is instead of `body`
 * @param {string | null} [init.token] bearer token; null sends no Authorization header
 * @param {Record<string, string>} [init.headers] extra or replacing headers
 * @param {boolean} [init.contract] check a JSON answer against both contracts (default true)
 * @param {AbortSignal} [init.signal]
 * @returns {Promise<ApiResponse>}
 */
async function api(emulator, method, path, init = {}) {
	const token = init.token === undefined ? TOKEN : init.token;
	const hasBody = init.rawBody !== undefined || init.body !== undefined;
	const headers = {
		...(hasBody ? { 'content-type': 'application/json' } : {}),
		...(token === null ? {} : { authorization: `Bearer ${token}` }),
		...init.headers,
	};
	const body = init.rawBody !== undefined ? init.rawBody : hasBody ? JSON.stringify(init.body) : undefined;
	const response = await fetch(`${emulator.baseUrl}${path}`, { method, headers, body, signal: init.signal });
	const text = await response.text();
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	return { status: response.status, headers: response.headers, text, body: parsed };
}

/**
 * Calls POST /customers/{customerId}/calls.
 * @param {{ baseUrl: string }} emulator
 * @param {string} customerId encoded with encodeURIComponent unless `raw` is set
 * @param {object} [init] as for api(), plus:
 * @param {unknown} [init.body] JSON body, default `{ agentId: AGENT }`
 * @param {boolean} [init.raw] put `customerId` in the path without encoding it
 * @returns {Promise<ApiResponse>}
 */
async function createCall(emulator, customerId, init = {}) {
	const path = `/customers/${init.raw ? customerId : encodeURIComponent(customerId)}/calls`;
	const body = init.rawBody !== undefined ? undefined : init.body === undefined ? { agentId: AGENT } : init.body;
	const response = await api(emulator, 'POST', path, { ...init, body });
	if (init.contract !== false) expectOwnContract('createCall', response.status, response.body);
	return response;
}

/**
 * Asserts that a JSON answer matches openapi.yaml for its status.
 * @param {string} operationId
 * @param {number} status
 * @param {unknown} body
 */
function expectOwnContract(operationId, status, body) {
	expect({ status, ...contract.validateResponse(operationId, status, body) }).toEqual({
		status,
		valid: true,
		errors: [],
	});
}

/**
 * Asserts that a JSON answer matches the provider extract for its operation and status.
 * @param {string} method
 * @param {string} template such as `/customers/{customerId}/calls`
 * @param {number} status
 * @param {unknown} body
 */
function expectProviderContract(method, template, status, body) {
	const { valid, errors } = provider.checkResponse(method, template, status, body);
	expect({ status, valid, errors }).toEqual({ status, valid: true, errors: [] });
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

/**
 * A local HTTP receiver for webhook events: records each request (headers and raw body) and
 * answers with the next status of `statuses` (then 200).
 * @param {{ statuses?: number[] }} [options]
 * @returns {Promise<{ url: string, received: { headers: http.IncomingHttpHeaders, body: string }[],
 *   close: () => Promise<void> }>}
 */
async function webhookReceiver({ statuses = [] } = {}) {
	const queue = [...statuses];
	/** @type {{ headers: http.IncomingHttpHeaders, body: string }[]} */
	const received = [];
	const server = http.createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
			response.statusCode = queue.length ? /** @type {number} */ (queue.shift()) : 200;
			response.end('ok');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}/veritus/events`,
		received,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

/** The seed page's three checks, and the respectful-hours rule, without reasons. */
const CHECKS = {
	isActive: { id: 'is-active', name: 'Is Active', description: 'Check if customer is active' },
	ceaseAndDesist: {
		id: 'cease-and-desist-exclusion',
		name: 'Cease and Desist Exclusion',
		description: 'Prevent calling customers who have requested cease and desist',
	},
	respectfulHours: {
		id: 'respectful-hours-check',
		name: 'Respectful Hours Check',
		description: "Contact the customer only inside the respectful-hours window of the customer's local time",
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
	OTHER_AGENT,
	SECRET_ID,
	SECRET_VALUE,
	UNKNOWN_ID,
	CHECKS,
	C,
	fixtures,
	contract,
	provider,
	useEmulator,
	api,
	createCall,
	expectOwnContract,
	expectProviderContract,
	control,
	requestLog,
	placedCalls,
	webhookReceiver,
};
