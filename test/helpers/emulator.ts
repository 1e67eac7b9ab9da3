/**
 * Typed access to the Veritus API emulator (`emulator/`) for the TypeScript tests: start one per
 * test file, reset it before each test, and read its logs through its HTTP control endpoints
 * (`/__emulator/...`) over loopback.
 */

/** A fault rule of the emulator (see `emulator/faults.js`). */
export interface FaultRule {
	type:
		| 'latency'
		| 'status'
		| 'reset-before'
		| 'reset-after'
		| 'timeout'
		| 'malformed-json'
		| 'html'
		| 'empty-body'
		| 'extra-fields'
		| 'missing-compliance'
		| 'success-false'
		| 'drop-field';
	rate?: number;
	operation?: string | string[];
	customerId?: string | { regex: string };
	times?: number;
	ms?: number;
	minMs?: number;
	maxMs?: number;
	status?: 429 | 500 | 502 | 503;
	retryAfter?: number | string;
	body?: 'json' | 'html' | 'empty';
	place?: boolean;
	field?: string;
}

/** Webhook delivery settings of the emulator (see emulator/webhooks.js). */
export interface WebhookConfig {
	deliver?: boolean;
	callDurationMs?: number;
	maxAttempts?: number;
	retryBaseMs?: number;
	timeoutMs?: number;
	encoding?: 'hex' | 'sha256-hex' | 'base64';
	timestampSkewSeconds?: number;
	duplicate?: boolean;
	outOfOrder?: boolean;
	recordingTtlMs?: number;
}

export interface EmulatorOptions {
	token?: string;
	clock?: string | null;
	complianceFailureShape?: 'seed' | 'spec';
	complianceFailureStatus?: number;
	faults?: FaultRule[];
	seed?: number;
	webhooks?: WebhookConfig;
	preloadCustomers?: boolean;
}

/** One request the emulator received (`GET /__emulator/requests`). */
export interface RequestLogEntry {
	seq: number;
	method: string;
	rawPath: string;
	operation: string | null;
	customerId: string;
	contentType: string | null;
	body: unknown;
	authorized: boolean;
	requestId: string | null;
	status: number | null;
	outcome: string | null;
	errorCode: string | null;
	placed: boolean;
	callId: string | null;
	callIds: string[];
	faults: string[];
	contract: { request: string | null; response: string | null };
}

/** A contract breach the emulator recorded (`GET /__emulator/violations`). */
export interface Violation {
	seq: number | null;
	direction: 'request' | 'response' | 'webhook';
	source: 'provider' | 'emulator';
	operation: string | null;
	status: number | null;
	errors: string[];
	body: unknown;
}

/** One call the emulator placed (`GET /__emulator/calls`). */
export interface CallRecord {
	id: string;
	threadId: string;
	customerId: string;
	agentId: string;
	webhook: { url: string; secretId?: string } | null;
	requestId: string;
	seq: number;
}

export interface RunningEmulator {
	baseUrl: string;
	origin: string;
	controlUrl: string;
	port: number;
	close(): Promise<void>;
}

export interface ValidationResult {
	valid: boolean;
	errors: string[];
}

export interface Contract {
	validateCreateCallRequest(body: unknown): ValidationResult;
	validateCreateCallResponse(status: number, body: unknown): ValidationResult;
}

interface EmulatorModule {
	startEmulator(options?: EmulatorOptions): Promise<RunningEmulator>;
	loadContract(): Contract;
	DEMO_CLOCK: string;
}

// The emulator is plain JavaScript without type declarations (an `import` would be typed `any`, or
// rejected under noImplicitAny); load it untyped and describe what the tests use above.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see the comment above
const emulatorModule = require('../../emulator') as EmulatorModule;

export const startEmulator = emulatorModule.startEmulator;
export const loadContract = emulatorModule.loadContract;

/** The emulator's fixed demo clock (ISO 8601, UTC), which the fixtures' designed outcome is written against. */
export const DEMO_CLOCK: string = emulatorModule.DEMO_CLOCK;

/** The agents of the fixtures (Veritus agent IDs are UUIDs): the collections agent and the reminders agent. */
export const AGENT = 'b4176fbb-cfd4-50c0-ab9d-855d00336b30';
export const OTHER_AGENT = 'eb0a90e7-81ed-53b8-b686-326cd76b13f4';

/** A well-formed customer ID that names no customer (the emulator answers 404 "Customer not found"). */
export const UNKNOWN_CUSTOMER = '00000000-0000-4000-8000-000000000000';

/** Calls a control endpoint and returns its JSON answer. */
export async function control<T = unknown>(
	emulator: RunningEmulator,
	route: string,
	init: { method?: string; body?: unknown } = {},
): Promise<T> {
	const response = await fetch(`${emulator.controlUrl}${route}`, {
		method: init.method ?? 'GET',
		headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	const body = (await response.json()) as T;
	if (!response.ok) throw new Error(`${route} answered ${response.status}: ${JSON.stringify(body)}`);
	return body;
}

export async function emulatorRequests(emulator: RunningEmulator): Promise<RequestLogEntry[]> {
	return (await control<{ requests: RequestLogEntry[] }>(emulator, '/requests')).requests;
}

export async function emulatorCalls(
	emulator: RunningEmulator,
): Promise<{ calls: CallRecord[]; countsByCustomer: Record<string, number> }> {
	return await control(emulator, '/calls');
}

/** Replaces the emulator's fault rules (their counters restart). */
export async function setFaults(emulator: RunningEmulator, faults: FaultRule[]): Promise<void> {
	await control(emulator, '/config', { method: 'PUT', body: { faults } });
}

/** The contract breaches the emulator recorded since its last reset. */
export async function emulatorViolations(emulator: RunningEmulator): Promise<Violation[]> {
	return (await control<{ violations: Violation[] }>(emulator, '/violations')).violations;
}

/** Forgets the recorded contract breaches (after a test that provoked some on purpose checked them). */
export async function clearViolations(emulator: RunningEmulator): Promise<void> {
	await control(emulator, '/violations', { method: 'DELETE' });
}

/**
 * Starts an emulator before the tests of a file (webhook deliveries off unless `options` turn
 * them on, so that no test posts to the URLs it names); before each test restores its startup
 * configuration and resets it (fixtures, calls, logs, fault counters); after each test asserts
 * that nothing broke the provider's published contract: every request the node sent validates
 * against the extract of the provider's document, and every answer too (a test that sends a bad
 * request on purpose checks the violation and clears it); after all tests closes it.
 */
export function useEmulator(options: EmulatorOptions = {}): { current: RunningEmulator } {
	const ref = { current: undefined as unknown as RunningEmulator };
	let startup: unknown;
	beforeAll(async () => {
		ref.current = await startEmulator({
			clock: DEMO_CLOCK,
			...options,
			webhooks: { deliver: false, ...options.webhooks },
		});
		startup = await control(ref.current, '/config');
	});
	beforeEach(async () => {
		await control(ref.current, '/config', { method: 'PUT', body: startup });
		await control(ref.current, '/reset', { method: 'POST' });
	});
	afterEach(async () => {
		expect(await emulatorViolations(ref.current)).toEqual([]);
	});
	afterAll(async () => {
		if (ref.current) await ref.current.close();
	});
	return ref;
}
