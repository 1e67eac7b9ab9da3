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
		| 'success-false';
	rate?: number;
	customerId?: string | { regex: string };
	times?: number;
	ms?: number;
	minMs?: number;
	maxMs?: number;
	status?: 429 | 500 | 502 | 503;
	retryAfter?: number | string;
	body?: 'json' | 'html' | 'empty';
	place?: boolean;
}

export interface EmulatorOptions {
	token?: string;
	clock?: string | null;
	complianceFailureStatus?: 200 | 422;
	faults?: FaultRule[];
	seed?: number;
}

/** One request the emulator received (`GET /__emulator/requests`). */
export interface RequestLogEntry {
	seq: number;
	method: string;
	rawPath: string;
	customerId: string;
	contentType: string | null;
	body: unknown;
	authorized: boolean;
	requestId: string | null;
	status: number | null;
	outcome: string | null;
	placed: boolean;
	callId: string | null;
	faults: string[];
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

/** The agents of the fixtures. */
export const AGENT = 'agent-collections-01';
export const OTHER_AGENT = 'agent-reminders-02';

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

/**
 * Starts an emulator before the tests of a file; before each test restores its startup
 * configuration and resets it (fixtures, calls, logs, fault counters); after all tests asserts
 * that it never broke its own contract, and closes it.
 */
export function useEmulator(options: EmulatorOptions = {}): { current: RunningEmulator } {
	const ref = { current: undefined as unknown as RunningEmulator };
	let startup: unknown;
	beforeAll(async () => {
		ref.current = await startEmulator({ clock: DEMO_CLOCK, ...options });
		startup = await control(ref.current, '/config');
	});
	beforeEach(async () => {
		await control(ref.current, '/config', { method: 'PUT', body: startup });
		await control(ref.current, '/reset', { method: 'POST' });
	});
	afterAll(async () => {
		if (!ref.current) return;
		const { violations } = await control<{ violations: unknown[] }>(ref.current, '/violations');
		await ref.current.close();
		expect(violations).toEqual([]);
	});
	return ref;
}
